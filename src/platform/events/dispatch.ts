// Delivery to outbox subscribers. Each subscriber has a position in the outbox; one dispatch of a subscriber
// is one transaction that locks its position row (FOR UPDATE SKIP LOCKED: a second dispatcher passes it by),
// reads the next events of its types, runs the handler on each under a savepoint and moves the position past
// the last one handled. The handler's writes and the new position commit together: a crash before the commit
// undoes both and the events come again; after it, they never do. A handler that throws is rolled back to its
// savepoint; what was handled before it commits, and the subscriber retries from that event after a backoff
// (2 s, 4 s, 8 s … at most an hour, as jobs do); events stay in order: nothing after a failing event is
// handled before it, so a handler that always throws holds its subscriber (its last_error says why) until it
// is fixed, and no other subscriber.
//
// Order is (tx, id): the writing transaction's id, then the event id. Only events of transactions older than
// every transaction still running are read (tx < pg_snapshot_xmin): no event can appear there later, so a
// position is never passed by an event that commits afterwards (ADR 0007).
import { sql } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import { retryDelayMs } from '../jobs/queue.ts';
import { eventOf } from './outbox.ts';
import type { OutboxSubscription, RecordedEvent, SubscriberStatus } from './types.ts';

export interface DispatchOptions {
  /** Events per transaction. */
  batchSize?: number;
}

/** What one dispatch of a subscriber did. */
export interface DispatchResult {
  handled: number;
  /** Another dispatcher holds the subscriber, or it waits for a retry after a failure. */
  skipped?: 'busy' | 'retry_later';
  /** Its handler threw on this event (the error is recorded on the subscriber). */
  failed?: { eventId: number; error: string };
  /** Nothing left to handle for now. */
  caughtUp: boolean;
}

const MAX_ERROR_LENGTH = 2000;

const horizon = async (db: Db) =>
  (await sql<{ xmin: string }>`select pg_snapshot_xmin(pg_current_snapshot())::text as xmin`.execute(db))
    .rows[0]!.xmin;

/**
 * Creates the position of each subscriber not seen before: at the start of the outbox, or (from: 'now') past
 * every event recorded so far. Existing positions are kept.
 */
export async function registerSubscribers(
  db: Db,
  clock: Clock,
  subscriptions: readonly OutboxSubscription[],
): Promise<void> {
  if (subscriptions.length === 0) return;
  const now = clock.now();
  const current = await horizon(db);
  await db
    .insertInto('event_subscribers')
    .values(
      subscriptions.map((s) => ({
        name: s.name,
        position_tx: s.from === 'beginning' ? '0' : current,
        position_id: 0,
        created_at: now,
        updated_at: now,
      })),
    )
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
}

/** One transaction of one subscriber: up to batchSize events handled, or skipped. */
export async function dispatchSubscriber(
  db: Db,
  clock: Clock,
  subscription: OutboxSubscription,
  options: DispatchOptions = {},
): Promise<DispatchResult> {
  const batchSize = options.batchSize ?? 100;
  return db.transaction().execute(async (trx) => {
    const position = await trx
      .selectFrom('event_subscribers')
      .select(['position_tx', 'position_id', 'failures', 'retry_at'])
      .where('name', '=', subscription.name)
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
    if (!position) {
      const exists = await trx
        .selectFrom('event_subscribers')
        .select('name')
        .where('name', '=', subscription.name)
        .executeTakeFirst();
      if (!exists) throw new Error(`Event subscriber ${subscription.name} is not registered`);
      return { handled: 0, skipped: 'busy', caughtUp: false };
    }
    const now = clock.now();
    if (position.retry_at && position.retry_at > now) {
      return { handled: 0, skipped: 'retry_later', caughtUp: false };
    }
    const upTo = await horizon(trx);
    const rows = await sql<{
      id: number;
      type: string;
      program_id: string;
      member_id: string | null;
      payload: unknown;
      occurred_at: Date;
      tx: string;
    }>`
      select id, type, program_id, member_id, payload, occurred_at, tx::text as tx from event_outbox
      where (tx, id) > (${position.position_tx}::xid8, ${position.position_id}::bigint)
        and tx < ${upTo}::xid8 and type = any(${sql.val([...subscription.types])}::text[])
      order by tx, id limit ${batchSize}`.execute(trx);
    let last: { tx: string; id: number } = { tx: position.position_tx, id: position.position_id };
    let handled = 0;
    let failed: DispatchResult['failed'];
    for (const row of rows.rows) {
      const event: RecordedEvent = eventOf(row);
      await sql`savepoint event_handler`.execute(trx);
      try {
        await subscription.handle(trx, event, { clock });
        await sql`release savepoint event_handler`.execute(trx);
      } catch (error) {
        await sql`rollback to savepoint event_handler`.execute(trx);
        failed = {
          eventId: event.id,
          error: String((error as Error)?.stack ?? error).slice(0, MAX_ERROR_LENGTH),
        };
        break;
      }
      last = { tx: row.tx, id: Number(row.id) };
      handled++;
    }
    // Fewer than a batch and no failure: every event below the horizon is handled or not of its types.
    const caughtUp = !failed && rows.rows.length < batchSize;
    const next = caughtUp ? { tx: upTo, id: 0 } : last;
    await trx
      .updateTable('event_subscribers')
      .set((eb) => ({
        position_tx: next.tx,
        position_id: next.id,
        handled: eb('handled', '+', handled),
        failures: failed ? eb('failures', '+', 1) : 0,
        last_error: failed ? failed.error : null,
        retry_at: failed ? new Date(now.getTime() + retryDelayMs(position.failures + 1)) : null,
        updated_at: now,
      }))
      .where('name', '=', subscription.name)
      .execute();
    return { handled, caughtUp, ...(failed ? { failed } : {}) };
  });
}

/**
 * Dispatches every subscriber until each has caught up, is held by another dispatcher, waits for a retry, or
 * has had maxBatches transactions (so one busy subscriber does not starve a job run). Returns events handled.
 */
export async function dispatchEvents(
  db: Db,
  clock: Clock,
  subscriptions: readonly OutboxSubscription[],
  options: DispatchOptions & { maxBatches?: number } = {},
): Promise<number> {
  await registerSubscribers(db, clock, subscriptions);
  let total = 0;
  for (const subscription of subscriptions) {
    for (let batch = 0; batch < (options.maxBatches ?? 50); batch++) {
      const result = await dispatchSubscriber(db, clock, subscription, options);
      total += result.handled;
      if (result.caughtUp || result.skipped || result.failed) break;
    }
  }
  return total;
}

/** Moves a subscriber back to the start of the outbox: it handles every event again (a rebuilt read model). */
export async function replaySubscriber(db: Db, clock: Clock, name: string): Promise<void> {
  await db
    .updateTable('event_subscribers')
    .set({
      position_tx: '0',
      position_id: 0,
      failures: 0,
      last_error: null,
      retry_at: null,
      updated_at: clock.now(),
    })
    .where('name', '=', name)
    .execute();
}

/** Each registered subscriber's progress. */
export async function subscriberStatus(
  db: Db,
  subscriptions: readonly OutboxSubscription[],
): Promise<SubscriberStatus[]> {
  const statuses: SubscriberStatus[] = [];
  for (const s of subscriptions) {
    const row = await db
      .selectFrom('event_subscribers')
      .selectAll()
      .where('name', '=', s.name)
      .executeTakeFirst();
    if (!row) continue;
    const behind = await sql<{ n: number }>`
      select count(*)::int as n from event_outbox
      where (tx, id) > (${row.position_tx}::xid8, ${row.position_id}::bigint)
        and type = any(${sql.val([...s.types])}::text[])`.execute(db);
    statuses.push({
      name: s.name,
      handled: Number(row.handled),
      failures: row.failures,
      lastError: row.last_error,
      retryAt: row.retry_at,
      behind: behind.rows[0]!.n,
    });
  }
  return statuses;
}
