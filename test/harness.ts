// Test harness: a database per test file (PGlite from the migrated snapshot, or the shared PostgreSQL test
// database), the app built on it, a manual clock, and factories. Tests isolate by creating their own program.
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import pg from 'pg';
import { inject } from 'vitest';
import { ManualClock, type Clock } from '../src/platform/clock.ts';
import { dispatchEvents, type OutboxSubscription } from '../src/platform/events/index.ts';
import { openDatabase, type Database, type Db } from '../src/platform/db/database.ts';
import { buildClubApp, migrateClub } from '../src/app/index.ts';
import { createApiKey, createAdminUser, grantRole, type Permission } from '../src/modules/auth/index.ts';
import { createProgram, type Program } from '../src/modules/programs/index.ts';
import type { Role } from '../src/modules/auth/tables.ts';

export interface TestContext {
  database: Database;
  db: Db;
  app: FastifyInstance;
  clock: ManualClock;
  close(): Promise<void>;
}

export async function openTestDatabase(): Promise<Database> {
  const target = inject('testDatabase');
  if (target.kind === 'postgres') return openDatabase({ databaseUrl: target.url, poolSize: 5 });
  return openDatabase({ loadDataDir: new Blob([fs.readFileSync(target.snapshot)]) });
}

export interface OwnDatabase {
  database: Database;
  url: string;
  /** Closes the database and drops it. */
  drop(): Promise<void>;
}

async function onServer(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  await client.query(statement).finally(() => client.end());
}

/**
 * A freshly migrated PostgreSQL database of the calling file's own, on the suite's server: for tests whose work
 * is global (pruning, a worker process that takes any job) and must meet no other file's rows.
 */
export async function openOwnPostgresDatabase(
  serverUrl: string,
  prefix: string,
  poolSize = 4,
): Promise<OwnDatabase> {
  const name = `${prefix}_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  await onServer(serverUrl, `create database ${name}`);
  const own = new URL(serverUrl);
  own.pathname = `/${name}`;
  const url = own.toString();
  const database = await openDatabase({ databaseUrl: url, poolSize });
  await migrateClub(database.db);
  return {
    database,
    url,
    drop: async () => {
      await database.close();
      await onServer(serverUrl, `drop database if exists ${name} with (force)`);
    },
  };
}

export async function setupTest(): Promise<TestContext> {
  const database = await openTestDatabase();
  const clock = new ManualClock(new Date());
  const app = await buildClubApp({ db: database.db, clock, config: { publicUrl: 'http://moadon.test' } });
  await app.ready();
  return {
    database,
    db: database.db,
    app,
    clock,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

export const uniqueSlug = (prefix = 'club') => `${prefix}-${crypto.randomBytes(5).toString('hex')}`;

export function makeProgram(
  db: Db,
  overrides: Partial<Parameters<typeof createProgram>[1]> = {},
): Promise<Program> {
  return createProgram(db, { slug: uniqueSlug(), name: 'Test club', ...overrides });
}

/** A signed-in admin user. `as(...)` adds the session cookie and CSRF header to inject options. */
export interface Actor {
  userId: string;
  email: string;
  cookie: string;
  csrfToken: string;
  request(options: InjectOptions): Promise<LightMyRequestResponse>;
}

export async function makeUser(
  t: TestContext,
  programId: string,
  role: Role = 'owner',
  password = 'correct horse battery',
  /** For the partner role: the partner it is bound to (default: a new one). */
  partnerId: string = crypto.randomUUID(),
): Promise<Actor & { partnerId: string | null }> {
  const email = `${role}-${crypto.randomBytes(5).toString('hex')}@example.com`;
  const user = await createAdminUser(t.db, { email, name: `Test ${role}`, password });
  const boundTo = role === 'partner' ? partnerId : null;
  await grantRole(t.db, programId, user.id, role, boundTo);
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.body}`);
  const setCookie = res.cookies.find((c) => c.name === 'moadon_session');
  const cookie = `moadon_session=${setCookie?.value}`;
  const csrfToken = (res.json() as { csrfToken: string }).csrfToken;
  return {
    userId: user.id,
    partnerId: boundTo,
    email,
    cookie,
    csrfToken,
    request: (options) =>
      t.app.inject({
        ...options,
        headers: { cookie, 'x-csrf-token': csrfToken, ...(options.headers ?? {}) },
      }),
  };
}

/** Gives an existing admin user a role in one more program. */
export const grantProgramRole = (t: TestContext, programId: string, userId: string, role: Role) =>
  grantRole(t.db, programId, userId, role);

/** A server-to-server caller holding an API key. */
export async function makeApiKey(
  t: TestContext,
  programId: string,
  permissions: Permission[],
  partnerId: string | null = null,
  storeId: string | null = null,
) {
  const key = await createApiKey(t.db, {
    programId,
    name: 'test key',
    permissions,
    createdBy: null,
    partnerId,
    storeId,
  });
  return {
    key: key.key,
    request: (options: InjectOptions) =>
      t.app.inject({
        ...options,
        headers: { authorization: `Bearer ${key.key}`, ...(options.headers ?? {}) },
      }),
  };
}

/**
 * Dispatches the given subscribers once every transaction that had started when this was called has ended:
 * on PostgreSQL the dispatch horizon (pg_snapshot_xmin) is cluster-wide, so another test file's open
 * transaction, in any database of the server, holds back the events of this file's last writes for a moment.
 * On PGlite (one connection) the horizon is already past them.
 */
export async function dispatchSettled(
  db: Db,
  clock: Clock,
  subscriptions: readonly OutboxSubscription[],
): Promise<number> {
  const snapshot = async () =>
    (
      await sql<{ xmin: string; xmax: string }>`select pg_snapshot_xmin(pg_current_snapshot())::text as xmin,
        pg_snapshot_xmax(pg_current_snapshot())::text as xmax`.execute(db)
    ).rows[0]!;
  const mark = BigInt((await snapshot()).xmax);
  for (let attempt = 0; BigInt((await snapshot()).xmin) < mark; attempt++) {
    if (attempt > 6_000) throw new Error(`a transaction below ${mark} stayed open for a minute`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return dispatchEvents(db, clock, subscriptions);
}
