// Opens the system of record: embedded PGlite (data in a folder, or in memory for tests) or a real
// PostgreSQL server. Both speak the same SQL; the rest of the code only sees a Kysely<DB>.
import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { PGliteDialect } from './pglite-dialect.ts';
import { registerRequestTransactions, withRequestTransactions } from './request-transaction.ts';
import type { DB } from './schema.ts';

export type Db = Kysely<DB>;
export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  db: Db;
  kind: DatabaseKind;
  /** The embedded client, when kind is 'pglite' (for data-dir dumps). */
  pglite?: PGlite;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres://… → real server. Otherwise PGlite. */
  databaseUrl?: string | undefined;
  /** PGlite data folder; undefined → in memory. */
  dataDir?: string | undefined;
  /** PGlite: start from a data-dir dump (tests use a migrated snapshot). */
  loadDataDir?: Blob | undefined;
  poolSize?: number;
}

const INT8 = 20;
const DATE = 1082;

// Points and minor-unit money fit well inside 2^53; return int8 as number so sums are numbers everywhere.
// Calendar dates (birthday) stay 'YYYY-MM-DD' strings: no time zone may shift them.
const parseInt8 = (v: string) => Number(v);
const keepString = (v: string) => v;

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      // A new connection starts a backend and prepares its statement plans afresh; keep idle ones a while.
      idleTimeoutMillis: 5 * 60_000,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
          if (oid === INT8) return parseInt8;
          if (oid === DATE) return keepString;
          return pg.types.getTypeParser(oid, format);
        }) as typeof pg.types.getTypeParser,
      },
    });
    // An idle connection that the server closes (restart, failover, pg_terminate_backend) is dropped by the
    // pool and replaced on next use; without a listener its 'error' event would bring the process down.
    pool.on('error', () => {});
    // A connection cut while in use (the server killed it, a failover) fails the query it was running, which
    // the caller sees; the client's own 'error' event has no listener once checked out and would otherwise be
    // an uncaught exception that ends the process.
    pool.on('connect', (client) => client.on('error', () => {}));
    const dialect = withRequestTransactions(new PostgresDialect({ pool }));
    const db = new Kysely<DB>({ dialect });
    registerRequestTransactions(db, dialect);
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  if (options.dataDir) fs.mkdirSync(options.dataDir, { recursive: true });
  const client = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    parsers: { [INT8]: parseInt8, [DATE]: keepString },
  });
  const dialect = withRequestTransactions(new PGliteDialect(client));
  const db = new Kysely<DB>({ dialect });
  registerRequestTransactions(db, dialect);
  return { db, kind: 'pglite', pglite: client, close: () => db.destroy() };
}

export async function isReachable(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
