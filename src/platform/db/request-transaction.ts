// A request-wide transaction: while one is open in the current async context, every query and transaction of
// that context runs on its connection (inner transactions become savepoints), so what a request writes and
// the record of its result (an idempotency key's stored response) commit together or not at all. Kysely
// code does not change: the scope is carried by AsyncLocalStorage and honoured by a wrapping driver.
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import type { Db } from './database.ts';

export interface RequestTransaction {
  /** Runs `fn` inside the scope: its queries join the transaction. */
  run<T>(fn: () => T): T;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  readonly open: boolean;
}

interface Scope {
  connection: DatabaseConnection;
  open: boolean;
  savepoints: number;
  /** Transactions (savepoints) open on the connection. */
  depth: number;
  /** Run each statement of its own under a savepoint, as if it were its own transaction. */
  isolateStatements: boolean;
  /** A statement of its own failed unisolated: the transaction is aborted and may only roll back. */
  failed: boolean;
  afterCommit: (() => void)[];
}

const scopes = new AsyncLocalStorage<Scope>();
const drivers = new WeakMap<Db, ScopedDriver>();

/** The connection of the open scope, handed to Kysely without giving up ownership. */
class SharedConnection implements DatabaseConnection {
  constructor(readonly scope: Scope) {}
  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const { connection } = this.scope;
    if (this.scope.depth > 0) return connection.executeQuery<R>(query);
    if (!this.scope.isolateStatements) {
      try {
        return await connection.executeQuery<R>(query);
      } catch (error) {
        this.scope.failed = true;
        throw error;
      }
    }
    // A statement of its own would have been its own transaction: one that fails (and is caught) must not
    // abort the whole request, so it runs under a savepoint.
    await connection.executeQuery(CompiledQuery.raw('savepoint request_statement'));
    try {
      const result = await connection.executeQuery<R>(query);
      await connection.executeQuery(CompiledQuery.raw('release savepoint request_statement'));
      return result;
    } catch (error) {
      await connection.executeQuery(CompiledQuery.raw('rollback to savepoint request_statement'));
      await connection.executeQuery(CompiledQuery.raw('release savepoint request_statement'));
      throw error;
    }
  }
  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.scope.connection.streamQuery<R>(query, chunkSize);
  }
}

class ScopedDriver implements Driver {
  readonly #savepointNames = new WeakMap<DatabaseConnection, string[]>();
  constructor(readonly inner: Driver) {}
  init(): Promise<void> {
    return this.inner.init();
  }
  acquireConnection(): Promise<DatabaseConnection> {
    const scope = scopes.getStore();
    if (!scope) return this.inner.acquireConnection();
    // Work of a request that outlives its transaction (the client went away and it was rolled back) must not
    // go on writing outside it.
    if (!scope.open) return Promise.reject(new Error('The request transaction has already ended'));
    return Promise.resolve(new SharedConnection(scope));
  }
  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    if (!(connection instanceof SharedConnection)) return this.inner.beginTransaction(connection, settings);
    const name = `request_sp_${++connection.scope.savepoints}`;
    this.#savepointNames.set(connection, [...(this.#savepointNames.get(connection) ?? []), name]);
    await connection.scope.connection.executeQuery(CompiledQuery.raw(`savepoint ${name}`));
    connection.scope.depth++;
  }
  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    if (!(connection instanceof SharedConnection)) return this.inner.commitTransaction(connection);
    const name = this.#popSavepoint(connection);
    await connection.scope.connection.executeQuery(CompiledQuery.raw(`release savepoint ${name}`));
  }
  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (!(connection instanceof SharedConnection)) return this.inner.rollbackTransaction(connection);
    const name = this.#popSavepoint(connection);
    const raw = connection.scope.connection;
    await raw.executeQuery(CompiledQuery.raw(`rollback to savepoint ${name}`));
    await raw.executeQuery(CompiledQuery.raw(`release savepoint ${name}`));
  }
  #popSavepoint(connection: SharedConnection): string {
    const names = this.#savepointNames.get(connection) ?? [];
    const name = names.pop();
    if (!name) throw new Error('No open savepoint on the request transaction');
    connection.scope.depth--;
    return name;
  }
  releaseConnection(connection: DatabaseConnection): Promise<void> {
    if (connection instanceof SharedConnection) return Promise.resolve();
    return this.inner.releaseConnection(connection);
  }
  destroy(): Promise<void> {
    return this.inner.destroy();
  }

  async begin(isolateStatements: boolean): Promise<RequestTransaction> {
    const connection = await this.inner.acquireConnection();
    try {
      await this.inner.beginTransaction(connection, {});
    } catch (error) {
      await this.inner.releaseConnection(connection);
      throw error;
    }
    const scope: Scope = {
      connection,
      open: true,
      savepoints: 0,
      depth: 0,
      isolateStatements,
      failed: false,
      afterCommit: [],
    };
    const finish = async (how: 'commit' | 'rollback') => {
      if (!scope.open) return;
      scope.open = false;
      try {
        // PostgreSQL answers COMMIT of an aborted transaction with a silent rollback: say so instead.
        if (how === 'commit' && scope.failed) {
          await this.inner.rollbackTransaction(connection);
          throw new Error('A statement of this transaction failed; nothing of it was kept');
        }
        if (how === 'commit') await this.inner.commitTransaction(connection);
        else await this.inner.rollbackTransaction(connection);
      } finally {
        await this.inner.releaseConnection(connection);
      }
      if (how === 'commit') scopes.exit(() => scope.afterCommit.forEach((fn) => fn()));
    };
    return {
      run: (fn) => scopes.run(scope, fn),
      commit: () => finish('commit'),
      rollback: () => finish('rollback'),
      get open() {
        return scope.open;
      },
    };
  }
}

/** Wraps a dialect so that its databases can open request transactions (see beginRequestTransaction). */
export function withRequestTransactions(dialect: Dialect): Dialect & { driver(): ScopedDriver | undefined } {
  let driver: ScopedDriver | undefined;
  return {
    createAdapter: () => dialect.createAdapter(),
    createDriver: () => (driver = new ScopedDriver(dialect.createDriver())),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    driver: () => driver,
  };
}

/** Remembers which driver serves `db` (called once by openDatabase). */
export function registerRequestTransactions(db: Db, dialect: ReturnType<typeof withRequestTransactions>) {
  const driver = dialect.driver();
  if (!driver) throw new Error('The Kysely instance has not created its driver');
  drivers.set(db, driver);
}

/** Opens a transaction that every query run inside `run` joins, on a connection of its own. */
export function beginRequestTransaction(db: Db): Promise<RequestTransaction> {
  return driverOf(db).begin(true);
}

function driverOf(db: Db): ScopedDriver {
  const driver = drivers.get(db);
  if (!driver) throw new Error('This database was not opened with openDatabase');
  return driver;
}

/**
 * Runs `fn` as one unit: everything it writes, through any number of queries and nested transactions,
 * commits together or not at all. Inside a request transaction it is a savepoint of that transaction.
 */
export async function atomically<T>(db: Db, fn: () => Promise<T>): Promise<T> {
  const scope = scopes.getStore();
  if (!scope?.open) {
    // A unit fails as a whole, so its statements need no savepoint each.
    const transaction = await driverOf(db).begin(false);
    try {
      const result = await transaction.run(fn);
      await transaction.commit();
      return result;
    } catch (error) {
      if (transaction.open) await transaction.rollback();
      throw error;
    }
  }
  const name = `request_unit_${++scope.savepoints}`;
  const raw = (text: string) => scope.connection.executeQuery(CompiledQuery.raw(text));
  const pending = scope.afterCommit.length;
  await raw(`savepoint ${name}`);
  scope.depth++;
  try {
    const result = await fn();
    scope.depth--;
    await raw(`release savepoint ${name}`);
    return result;
  } catch (error) {
    scope.depth--;
    scope.afterCommit.length = pending;
    await raw(`rollback to savepoint ${name}`);
    await raw(`release savepoint ${name}`);
    throw error;
  }
}

/** True while the current async context is inside an open request transaction. */
export function inRequestTransaction(): boolean {
  return scopes.getStore()?.open === true;
}

/**
 * Runs `fn` once what the caller wrote is committed: at once outside a request transaction (the caller's own
 * transaction has returned), or after the request transaction commits (never, if it rolls back). Caches
 * of committed state are cleared here, so that a concurrent reader cannot put the old value back.
 */
export function afterCommit(fn: () => void): void {
  const scope = scopes.getStore();
  if (scope?.open) scope.afterCommit.push(fn);
  else fn();
}
