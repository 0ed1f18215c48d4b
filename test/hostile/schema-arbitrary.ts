// fast-check arbitraries generated from a route's JSON schemas: values that follow the schema but are made of
// hostile material (bidi overrides, control characters, Hebrew and Persian, emoji, the longest allowed
// strings, boundary numbers), and definite violations that every route must refuse without writing.
import fc from 'fast-check';

type Schema = Record<string, unknown>;

/** Text PostgreSQL stores, but that breaks naive code: bidi controls, C0/C1 controls, combining marks, emoji. */
const HOSTILE_CHARS = [
  '\u202e',
  '\u202d',
  '\u2066',
  '\u200f',
  '\u200b',
  '\ufeff',
  '\u0001',
  '\u001b',
  '\u007f',
  '\u0085',
  '\t',
  '\n',
  '\r',
  "'",
  '"',
  '\\',
  '%',
  '_',
  '<',
  '>',
  '&',
  '{{',
  '}}',
  '${',
  'שלום',
  'سلام',
  'é',
  '\u0301',
  '😀',
  '👩🏽‍💻',
  '\u{10ffff}',
  '\ufffd',
  ';--',
  '../',
  '=1+1',
  '@SUM(A1)',
];
const hostileText = fc
  .array(fc.oneof(fc.constantFrom(...HOSTILE_CHARS), fc.string({ maxLength: 4 })), { maxLength: 12 })
  .map((parts) => parts.join(''));

function textFor(schema: Schema): fc.Arbitrary<string> {
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : 300;
  const fit = (s: string) => {
    const chars = [...s];
    while (chars.length < min) chars.push('x');
    return chars.slice(0, max).join('');
  };
  switch (schema.format) {
    case 'uuid':
      return fc.uuid();
    case 'email':
      return fc.oneof(
        fc.emailAddress(),
        hostileText.map((s) => `${s}@example.com`),
      );
    case 'date':
      return fc.constantFrom('2024-02-29', '0001-01-01', '9999-12-31', '2026-03-27', '1900-01-01');
    case 'date-time':
      return fc.constantFrom(
        '2026-03-27T02:30:00+02:00',
        '0001-01-01T00:00:00Z',
        '9999-12-31T23:59:59Z',
        '2024-02-29T12:00:00.123456Z',
      );
  }
  if (typeof schema.pattern === 'string') return fc.stringMatching(new RegExp(schema.pattern)).map(fit);
  return fc.oneof(hostileText, fc.constant('x'.repeat(max)), fc.constant('')).map(fit);
}

function numberFor(schema: Schema, integer: boolean): fc.Arbitrary<number> {
  const min = typeof schema.minimum === 'number' ? schema.minimum : -Number.MAX_SAFE_INTEGER;
  const max = typeof schema.maximum === 'number' ? schema.maximum : Number.MAX_SAFE_INTEGER;
  const edges = fc.constantFrom(min, max, 0, 1, -1).filter((n) => n >= min && n <= max);
  return integer
    ? fc.oneof(edges, fc.integer({ min: Math.max(min, -(2 ** 31 - 1)), max: Math.min(max, 2 ** 31 - 1) }))
    : fc.oneof(edges, fc.double({ min, max, noNaN: true, noDefaultInfinity: true }));
}

/** A value that follows `schema` (as far as a schema can say), made of hostile material. */
export function conforming(schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 6) return fc.constant(null);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  if ('const' in schema) return fc.constant(schema.const);
  for (const key of ['anyOf', 'oneOf'] as const) {
    const options = schema[key] as Schema[] | undefined;
    if (options?.length) return fc.oneof(...options.map((o) => conforming(o, depth + 1)));
  }
  if (Array.isArray(schema.allOf) && schema.allOf.length > 0)
    return conforming(schema.allOf[0] as Schema, depth);
  const type = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string | undefined];
  if (type.length > 1) return fc.oneof(...type.map((t) => conforming({ ...schema, type: t }, depth)));
  switch (type[0]) {
    case 'string':
      return textFor(schema);
    case 'integer':
      return numberFor(schema, true);
    case 'number':
      return numberFor(schema, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const maxLength = Math.min(typeof schema.maxItems === 'number' ? schema.maxItems : 3, 3);
      const minLength = Math.min(typeof schema.minItems === 'number' ? schema.minItems : 0, maxLength);
      return fc.array(conforming(schema.items as Schema | undefined, depth + 1), { minLength, maxLength });
    }
    case 'object':
    case undefined: {
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      const required = new Set((schema.required ?? []) as string[]);
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, child] of Object.entries(properties)) record[name] = conforming(child, depth + 1);
      if (Object.keys(record).length === 0) {
        if (schema.additionalProperties === false) return fc.constant({});
        return fc.dictionary(hostileText, hostileText, { maxKeys: 3 });
      }
      const optional = Object.keys(record).filter((k) => !required.has(k));
      return fc.record(record, { requiredKeys: [...required].filter((k) => k in record) }).map((value) => {
        // fast-check leaves out optional keys at random; keep it that way, but never send undefined.
        for (const key of optional)
          if ((value as Record<string, unknown>)[key] === undefined)
            delete (value as Record<string, unknown>)[key];
        return value;
      });
    }
  }
  return fc.constant(null);
}

/** Values no route may store: each is refused by the input guard whatever the schema says. */
export const unstorable = fc.constantFrom('\u0000', 'a\u0000b', '\ud800', 'x\udfffy', '\u0000'.repeat(10));
/** In a URL a lone surrogate cannot be written (its bytes decode to U+FFFD): NUL is what a query can carry. */
export const unstorableInUrl = fc.constantFrom('\u0000', 'a\u0000b', '\u0000'.repeat(10));

export function deepNesting(levels: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < levels; i++) value = i % 2 ? [value] : { n: value };
  return value;
}

export interface Violation {
  kind: string;
  apply(value: unknown): unknown;
}

/** Where a value can be replaced: the paths of its leaves and containers. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

function setAt(value: unknown, path: (string | number)[], replacement: (old: unknown) => unknown): unknown {
  if (path.length === 0) return replacement(value);
  const [head, ...rest] = path;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<
    string | number,
    unknown
  >;
  copy[head!] = setAt(copy[head!], rest, replacement);
  return copy;
}

/**
 * A definite violation of an object-shaped request part: a NUL or lone surrogate in a string or a key, at any
 * depth; nesting past the limit; or an unknown field where the schema closes the object.
 */
export function violation(
  value: unknown,
  closed: boolean,
  options_: { textOnly?: boolean; bad?: fc.Arbitrary<string> } = {},
): fc.Arbitrary<{ kind: string; value: unknown }> {
  // The root itself is replaced only where a whole value may be anything (a body).
  const all = paths(value);
  const targets = options_.textOnly ? all.filter((p) => p.length > 0) : all;
  const bads = options_.bad ?? unstorable;
  const options: fc.Arbitrary<{ kind: string; value: unknown }>[] = [
    fc.tuple(fc.constantFrom(...targets), bads).map(([path, bad]) => ({
      kind: 'unstorable text',
      value: setAt(value, path, () => bad),
    })),
    fc.tuple(fc.constantFrom(...(options_.textOnly ? [[]] : targets)), bads).map(([path, bad]) => ({
      kind: 'unstorable field name',
      value: setAt(value, path, (old) =>
        old && typeof old === 'object' && !Array.isArray(old)
          ? { ...old, [`k${bad}`]: 1 }
          : { [`k${bad}`]: old },
      ),
    })),
  ];
  if (!options_.textOnly) {
    options.push(
      fc.tuple(fc.constantFrom(...targets), fc.integer({ min: 40, max: 3000 })).map(([path, levels]) => ({
        kind: 'deep nesting',
        value: setAt(value, path, () => deepNesting(levels)),
      })),
    );
  }
  if (closed && value && typeof value === 'object' && !Array.isArray(value)) {
    options.push(
      fc.constantFrom('__proto__x', 'unknownField', 'constructor_', 'ℵ').map((name) => ({
        kind: 'unknown field',
        value: { ...(value as object), [name]: 'surprise' },
      })),
    );
  }
  return fc.oneof(...options);
}
