// What no schema says but every route needs: text PostgreSQL can store, JSON shallow enough to handle,
// and a body no larger than the route's limit whatever parses it. Applied once, to every route.
import { Transform, type Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from './errors.ts';

/** Objects and arrays nested deeper than this are refused (JSON.stringify and our walkers recurse). */
export const MAX_JSON_DEPTH = 32;

export interface InputIssue {
  path: string;
  problem: string;
}

// PostgreSQL refuses U+0000 in text (22021) and in jsonb (22P05); a lone surrogate cannot be encoded as
// UTF-8 (it would be stored as U+FFFD, and jsonb refuses its \ud800 escape).
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why PostgreSQL could not store this string as it is, or undefined. */
export function unstorableText(text: string): string | undefined {
  if (text.includes('\u0000')) return 'contains a NUL character (U+0000)';
  if (LONE_SURROGATE.test(text)) return 'contains an unpaired UTF-16 surrogate';
  return undefined;
}

const segment = (key: string | number) =>
  typeof key === 'number'
    ? `[${key}]`
    : /^[A-Za-z_$][\w$]*$/.test(key)
      ? `.${key}`
      : `[${JSON.stringify(key)}]`;

/**
 * The first value under `root` that no route may accept: a string (or object key) PostgreSQL cannot store,
 * or nesting deeper than MAX_JSON_DEPTH. Iterative, so hostile depth cannot overflow the stack here.
 */
export function findUnacceptableInput(value: unknown, root: string): InputIssue | undefined {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: root, depth: 0 }];
  while (stack.length > 0) {
    const { value: v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      const problem = unstorableText(v);
      if (problem) return { path, problem };
      continue;
    }
    if (v === null || typeof v !== 'object' || Buffer.isBuffer(v)) continue;
    if (depth >= MAX_JSON_DEPTH) {
      return { path, problem: `is nested more than ${MAX_JSON_DEPTH} levels deep` };
    }
    const entries: [string | number, unknown][] = Array.isArray(v)
      ? v.map((item, i) => [i, item])
      : Object.entries(v);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i]!;
      const childPath = path + segment(key);
      if (typeof key === 'string') {
        const problem = unstorableText(key);
        if (problem) return { path: childPath, problem: `has a field name that ${problem}` };
      }
      stack.push({ value: child, path: childPath, depth: depth + 1 });
    }
  }
  return undefined;
}

export function unacceptableInputError(issue: InputIssue): AppError {
  return new AppError('validation_failed', 400, `Invalid request: ${issue.path} ${issue.problem}`, {
    issues: [issue],
  });
}

function checkRequest(request: FastifyRequest): void {
  const parts: [string, unknown][] = [
    ['params', request.params],
    ['querystring', request.query],
    ['body', request.body],
  ];
  for (const [root, value] of parts) {
    const issue = findUnacceptableInput(value, root);
    if (issue) throw unacceptableInputError(issue);
  }
}

/** Counts the bytes of a body as any parser reads it and stops at the route's limit with a 413. */
function limitBody(request: FastifyRequest, payload: Readable, limit: number): Readable {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  let seen = 0;
  const counted = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > limit) done(tooLarge(limit));
      else done(null, chunk);
    },
  });
  payload.on('error', (e) => counted.destroy(e));
  return payload.pipe(counted);
}

const BODYLESS = new Set(['GET', 'HEAD', 'OPTIONS']);
const tooLarge = (limit: number) =>
  new AppError('payload_too_large', 413, `Request body is larger than ${limit} bytes`, { limit });

export const inputGuardPlugin = fp(async (app: FastifyInstance) => {
  app.addHook('preParsing', async (request, _reply, payload) =>
    BODYLESS.has(request.method)
      ? payload
      : limitBody(
          request,
          payload,
          request.routeOptions.bodyLimit ?? app.initialConfig.bodyLimit ?? 1_048_576,
        ),
  );
  app.addHook('preValidation', async (request) => checkRequest(request));
});
