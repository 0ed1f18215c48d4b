// The hostile-input suite (issue 11): for every route in the app's route table — routes added later
// included, without anyone listing them — generated requests built from the route's own schemas:
// - refused: each carries a definite violation (NUL or a lone surrogate anywhere, nesting past the limit, an
//   unknown field, a bad id in the path) and must get a well-formed 4xx and change no row of the club;
// - conforming: the schema's shape made of hostile material (bidi overrides, control characters, longest
//   strings, boundary numbers) and must never get a 5xx, whatever it does.
// MOADON_HOSTILE_RUNS sets the requests per route (default 200: 100 of each kind).
import crypto from 'node:crypto';
import fc from 'fast-check';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, type Member } from '../../src/modules/members/index.ts';
import { SYSTEM_ACTOR } from '../../src/modules/audit/index.ts';
import { modules } from '../../src/app/modules.ts';
import { permissionCatalogue } from '../../src/modules/auth/index.ts';
import type { RouteEntry } from '../../src/platform/http/app.ts';
import { makeApiKey, makeProgram, makeUser, setupTest, type Actor, type TestContext } from '../harness.ts';
import { conforming, unstorable, unstorableInUrl, violation } from './schema-arbitrary.ts';

const PERMISSIONS = permissionCatalogue(modules).permissions;

const RUNS = Number(process.env.MOADON_HOSTILE_RUNS ?? 200);
type Schema = Record<string, unknown>;

let t: TestContext;
let programId: string;
let member: Member;
let owner: Actor;
let apiKey: string;
let routes: RouteEntry[];
let tables: string[];

beforeAll(async () => {
  t = await setupTest();
  const program = await makeProgram(t.db, { name: 'Hostile club' });
  programId = program.id;
  owner = await makeUser(t, programId);
  apiKey = (await makeApiKey(t, programId, [...PERMISSIONS])).key;
  member = await createMember(t.db, t.clock, SYSTEM_ACTOR, programId, { email: 'target@example.com' });
  // Tables that say whose club a row belongs to; keys and sessions record their own use on every request.
  const rows = await sql<{ table_name: string }>`
    select table_name from information_schema.columns
    where table_schema = current_schema() and column_name = 'program_id'
      and table_name not in ('api_keys', 'sessions', 'login_attempts')
    order by table_name`.execute(t.db);
  tables = rows.rows.map((r) => r.table_name);
  routes = t.app.routeTable.filter(
    (r) => r.method !== 'HEAD' && !r.url.includes('*') && !r.url.startsWith('/docs'),
  );
});
afterAll(() => t.close());

/** A digest per table of every row of the club, in one round trip. */
async function clubChecksums(): Promise<Record<string, string>> {
  const parts = tables.map(
    (table) =>
      sql`(select coalesce(md5(string_agg(x::text, '|' order by x::text)), '') from ${sql.table(table)} x where x.program_id = ${programId})`,
  );
  const programRow = sql`(select md5(x::text) from programs x where x.id = ${programId})`;
  const result = await sql<{
    digests: string[];
  }>`select array[${sql.join([programRow, ...parts])}] as digests`.execute(t.db);
  const digests = result.rows[0]!.digests;
  return Object.fromEntries(['programs', ...tables].map((table, i) => [table, digests[i]!]));
}

/** A value for each path parameter that the route can find (the club, its member) or a fresh uuid. */
function validParam(name: string, schema: Schema | undefined): fc.Arbitrary<string> {
  if (name === 'programId') return fc.constant(programId);
  if (name === 'memberId') return fc.constant(member.id);
  if (schema?.format === 'uuid' || /Id$/.test(name)) return fc.uuid();
  return conforming(schema ?? { type: 'string', maxLength: 40 }).map((v) => String(v ?? 'x'));
}

function paramNames(url: string): string[] {
  return [...url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);
}

/** Percent-encodes like encodeURIComponent, but a lone surrogate goes out as its (invalid) UTF-8 bytes. */
function encodeSegment(value: string): string {
  return value.replace(/[\s\S]/gu, (ch) => {
    const code = ch.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff) {
      return [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join('');
    }
    return encodeURIComponent(ch);
  });
}

function fillUrl(url: string, params: Record<string, string>): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => encodeSegment(params[name] ?? ''));
}

function credentials(route: RouteEntry): Record<string, string> {
  if (route.url.startsWith('/v1/') || route.url.startsWith('/webhooks/')) {
    return { authorization: `Basic ${Buffer.from(`${apiKey}:`).toString('base64')}` };
  }
  if (route.url.startsWith('/api/')) return { cookie: owner.cookie, 'x-csrf-token': owner.csrfToken };
  return {};
}

interface Generated {
  kind: string;
  params: Record<string, string>;
  query: Record<string, unknown> | undefined;
  body: unknown;
}

let requestCount = 0;
function requestOf(route: RouteEntry, g: Generated): InjectOptions {
  const query =
    g.query && typeof g.query === 'object'
      ? Object.fromEntries(
          Object.entries(g.query).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
        )
      : undefined;
  const hasBody = g.body !== undefined && !['GET', 'DELETE'].includes(route.method);
  const search = query
    ? Object.entries(query)
        .map(([k, v]) => `${encodeSegment(k)}=${encodeSegment(v)}`)
        .join('&')
    : '';
  return {
    // Per-IP limits (login, forms, codes) are shared with the other test files on one database: keep ours apart.
    remoteAddress: `198.51.100.${1 + (++requestCount % 250)}`,
    method: route.method as InjectOptions['method'],
    url: fillUrl(route.url, g.params) + (search ? `?${search}` : ''),
    headers: { ...credentials(route), ...(hasBody ? { 'content-type': 'application/json' } : {}) },
    ...(hasBody ? { payload: JSON.stringify(g.body) } : {}),
  };
}

function generated(route: RouteEntry, refused: boolean): fc.Arbitrary<Generated> {
  const schema = route.schema ?? {};
  const paramsSchema = (schema.params ?? {}) as Schema;
  const paramProps = (paramsSchema.properties ?? {}) as Record<string, Schema>;
  const names = paramNames(route.url);
  const params = fc.record(Object.fromEntries(names.map((n) => [n, validParam(n, paramProps[n])])));
  const query = schema.querystring ? conforming(schema.querystring as Schema) : fc.constant(undefined);
  const body = schema.body ? conforming(schema.body as Schema) : fc.constant(undefined);
  const base = fc.record({ params, query, body }) as fc.Arbitrary<Omit<Generated, 'kind'>>;
  if (!refused) return base.map((g) => ({ ...g, kind: 'conforming' }));
  return base.chain((g) => {
    const options: fc.Arbitrary<Generated>[] = [];
    if (names.length > 0) {
      options.push(
        fc.tuple(fc.constantFrom(...names), unstorable).map(([name, bad]) => ({
          ...g,
          kind: `unstorable path segment :${name}`,
          params: { ...g.params, [name]: `${g.params[name]}${bad}` },
        })),
      );
    }
    // Query values travel as text: only what text can carry is a violation there.
    const queryClosed = (schema.querystring as Schema | undefined)?.additionalProperties === false;
    options.push(
      violation({ probe: 'x', ...(g.query ?? {}) }, queryClosed, {
        textOnly: true,
        bad: unstorableInUrl,
      }).map((v) => ({
        ...g,
        kind: `query: ${v.kind}`,
        query: v.value as Record<string, unknown>,
      })),
    );
    if (schema.body && !['GET', 'DELETE'].includes(route.method)) {
      const closed = (schema.body as Schema).additionalProperties === false;
      options.push(
        violation(g.body ?? {}, closed).map((v) => ({ ...g, kind: `body: ${v.kind}`, body: v.value })),
      );
    }
    return fc.oneof(...options);
  });
}

function describeFailure(
  route: RouteEntry,
  g: Generated,
  res: LightMyRequestResponse | undefined,
  why: string,
) {
  const input = JSON.stringify(
    { kind: g.kind, params: g.params, query: g.query, body: g.body },
    (_k, v: unknown) => (typeof v === 'string' && v.length > 200 ? `${v.slice(0, 200)}…(${v.length})` : v),
  );
  return `${route.method} ${route.url}: ${why}\n  input: ${input.slice(0, 2000)}\n  response: ${res?.statusCode} ${res?.body.slice(0, 500)}`;
}

function wellFormedError(res: LightMyRequestResponse): boolean {
  if (!String(res.headers['content-type'] ?? '').includes('application/json')) return true; // an HTML page
  const body = res.json() as { error?: { code?: unknown; message?: unknown; details?: unknown } };
  return (
    typeof body.error?.code === 'string' &&
    /^[a-z0-9_]+$/.test(body.error.code) &&
    typeof body.error.message === 'string' &&
    typeof body.error.details === 'object' &&
    body.error.details !== null
  );
}

describe('hostile input on every route', () => {
  it('covers every route in the route table', () => {
    console.info(`hostile input: ${routes.length} routes, ${RUNS} requests each`);
    expect(routes.length).toBeGreaterThan(50);
  });

  it(
    `refuses ${RUNS / 2} definite violations per route with a well-formed 4xx, changing no row`,
    { timeout: 900_000 },
    async () => {
      const failures: string[] = [];
      for (const route of routes) {
        // Rows are compared per route (once per request would take minutes): a change names the route and tables.
        const before = await clubChecksums();
        await fc
          .assert(
            fc.asyncProperty(generated(route, true), async (g) => {
              const res = await t.app.inject(requestOf(route, g));
              if (res.statusCode < 400 || res.statusCode >= 500)
                throw new Error(describeFailure(route, g, res, `expected a 4xx, got ${res.statusCode}`));
              if (!wellFormedError(res))
                throw new Error(
                  describeFailure(route, g, res, 'error body is not { error: { code, message, details } }'),
                );
            }),
            { numRuns: RUNS / 2, seed: seedFor(route), endOnFailure: true, includeErrorInReport: true },
          )
          .catch((e: unknown) => failures.push(String((e as Error).message)));
        const after = await clubChecksums();
        const changed = Object.keys(before).filter((table) => before[table] !== after[table]);
        if (changed.length > 0) {
          failures.push(
            `${route.method} ${route.url}: refused requests changed rows of ${changed.join(', ')}`,
          );
        }
      }
      expect(failures, failures.join('\n\n')).toEqual([]);
    },
  );

  it(
    `never answers ${RUNS / 2} schema-shaped hostile requests per route with a 5xx`,
    { timeout: 900_000 },
    async () => {
      const failures: string[] = [];
      for (const route of routes) {
        await fc
          .assert(
            fc.asyncProperty(generated(route, false), async (g) => {
              const res = await t.app.inject(requestOf(route, g));
              if (res.statusCode >= 500)
                throw new Error(describeFailure(route, g, res, `got ${res.statusCode}`));
              if (res.statusCode >= 400 && !wellFormedError(res))
                throw new Error(
                  describeFailure(route, g, res, 'error body is not { error: { code, message, details } }'),
                );
            }),
            { numRuns: RUNS / 2, seed: seedFor(route), endOnFailure: true, includeErrorInReport: true },
          )
          .catch((e: unknown) => failures.push(String((e as Error).message)));
      }
      expect(failures, failures.join('\n\n')).toEqual([]);
    },
  );
});

/** A fixed seed per route unless MOADON_HOSTILE_SEED says otherwise, so a failure reproduces. */
function seedFor(route: RouteEntry): number {
  const base = Number(process.env.MOADON_HOSTILE_SEED ?? 11);
  return crypto.createHash('sha256').update(`${base} ${route.method} ${route.url}`).digest().readInt32LE(0);
}
