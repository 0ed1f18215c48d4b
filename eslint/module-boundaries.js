// The module boundaries of docs/architecture.md, as a lint rule (`moadon/module-boundaries`):
// - a module imports another module only through that module's index.ts (its manifest and public service);
// - src/app/ (the list of modules) imports modules only through their index.ts;
// - src/platform/ (the kernel) imports no module and not src/app/;
// - src/contracts/ (types and pure code shared by server and web) imports nothing of ours outside itself;
// - web/src/ (the browser apps) imports from src/ only src/contracts/, so no server code reaches the bundle; from a
//   contract that holds TypeBox schemas (it imports 'typebox') only types, so no schema code reaches it either.
// Only relative specifiers are ours; packages and node: builtins are not checked. A test file (*.test.ts) may
// also import src/app/ (the assembled app, as test/harness.ts does), never another module's insides. Tests
// under test/ and the benchmarks under bench/ are outside every zone: they assemble the whole app.
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');

/** Where a repository-relative path sits: its zone and, inside src/modules/, the module and the rest. */
function place(relative) {
  const parts = relative.split('/');
  if (parts[0] === 'src' && parts[1] === 'modules' && parts.length > 3) {
    return { zone: 'module', module: parts[2], rest: parts.slice(3).join('/') };
  }
  if (parts[0] === 'src' && ['platform', 'app', 'contracts'].includes(parts[1])) return { zone: parts[1] };
  if (parts[0] === 'web' && parts[1] === 'src') return { zone: 'web' };
  if (parts[0] === 'src') return { zone: 'server' };
  return { zone: 'other' };
}

const schemaContracts = new Map();
/** Whether a contracts file holds TypeBox schemas (server-side validation code the web must not bundle). */
function holdsSchemas(relative) {
  if (!schemaContracts.has(relative)) {
    let source = '';
    try {
      source = fs.readFileSync(
        path.join(ROOT, relative.endsWith('.ts') ? relative : `${relative}.ts`),
        'utf8',
      );
    } catch {
      // an unresolvable import is TypeScript's to report
    }
    schemaContracts.set(relative, /from '(typebox|\.\/schema\.ts)'/.test(source));
  }
  return schemaContracts.get(relative);
}

/** Whether an import or export declaration brings in types only. */
function typeOnly(node) {
  if (node.type === 'ImportExpression') return false;
  if (node.importKind === 'type' || node.exportKind === 'type') return true;
  const specifiers = node.specifiers ?? [];
  return specifiers.length > 0 && specifiers.every((s) => s.importKind === 'type' || s.exportKind === 'type');
}

const isIndex = (to) => to.zone === 'module' && to.rest === 'index.ts';

/** Why importing `to` from `from` crosses a boundary, or null when it does not. */
function violation(from, to) {
  if (from.test && to.zone === 'app') return null;
  switch (from.zone) {
    case 'module':
      if (to.zone === 'module' && to.module !== from.module && !isIndex(to)) {
        return `another module's insides (${to.module}/${to.rest}); import from ../${to.module}/index.ts`;
      }
      if (to.zone === 'app') return 'src/app/ (modules do not know the list of modules)';
      return null;
    case 'app':
      return to.zone === 'module' && !isIndex(to)
        ? `a module's insides (${to.module}/${to.rest}); import from its index.ts`
        : null;
    case 'platform':
      if (to.zone === 'module')
        return `a module (${to.module}) from the kernel; the kernel imports no module`;
      if (to.zone === 'app') return 'src/app/ from the kernel';
      return null;
    case 'contracts':
      return to.zone === 'contracts' ? null : 'code outside src/contracts/ (contracts are shared with web/)';
    case 'web':
      return ['module', 'platform', 'app', 'server'].includes(to.zone)
        ? 'server code; the web app imports from src/ only src/contracts/'
        : null;
    default:
      return null;
  }
}

/** @type {import('eslint').Rule.RuleModule} */
export const moduleBoundaries = {
  meta: {
    type: 'problem',
    docs: {
      description:
        'Modules meet only through index.ts; the kernel imports no module; web/ shares only contracts',
    },
    schema: [],
    messages: { crossing: 'Boundary: {{file}} must not import {{why}}.' },
  },
  create(context) {
    const file = path.relative(ROOT, context.filename).split(path.sep).join('/');
    const from = { ...place(file), test: /\.test\.tsx?$/.test(file) };
    if (from.zone === 'other' || file.startsWith('..')) return {};
    const check = (node) => {
      const source = node.source;
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
      if (!source.value.startsWith('.')) return;
      const target = path
        .relative(ROOT, path.resolve(path.dirname(context.filename), source.value))
        .split(path.sep)
        .join('/');
      const to = place(target);
      let why = violation(from, to);
      if (!why && from.zone === 'web' && to.zone === 'contracts' && !typeOnly(node) && holdsSchemas(target)) {
        why = `values from ${target}, which holds TypeBox schemas; import its types only (import type)`;
      }
      if (why) context.report({ node: source, messageId: 'crossing', data: { file, why } });
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};

export default { rules: { 'module-boundaries': moduleBoundaries } };
