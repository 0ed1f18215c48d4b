// Counting limits (sign-ups per IP, codes per address, failed sign-ins) are "count the recent rows, refuse
// or insert one more". Two requests doing that at once would both see room; holding a transaction-scoped
// lock on the counter's key makes the count and the insert one step for everyone who counts that key.
import { sql } from 'kysely';
import type { Db } from './database.ts';

/**
 * Takes the lock for `key` until the surrounding transaction ends (pg_advisory_xact_lock). Call it inside a
 * transaction, before counting; callers that take several keys take them in one fixed order.
 */
export async function lockCounterKey(trx: Db, key: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(trx);
}

/** lockCounterKey for many keys in one statement, taken in sorted order (so two callers never deadlock). */
export async function lockCounterKeys(trx: Db, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  const sorted = [...new Set(keys)].sort();
  await sql`select count(pg_advisory_xact_lock(hashtextextended(k, 0))) from unnest(${sorted}::text[]) as k`.execute(
    trx,
  );
}
