// Publishing: an event is a row in the outbox (`events`), inserted by the caller's executor, so it commits
// with the change it records or not at all. In-transaction subscribers run here, in the same transaction.
import { sql, type RawBuilder } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import { inTransactionSubscribers } from './registry.ts';
import type { EventType, NewEvent, RecordedEvent } from './types.ts';

export interface PublishOptions {
  /** Who made the change (an audit actor), handed to in-transaction subscribers. */
  actor?: unknown;
}

/**
 * Records events in the outbox through `trx` — call it inside the transaction that makes the change, so the
 * event exists exactly when the change does — then runs the in-transaction subscribers of each, in order.
 * Occurred-at is the clock's now. Returns the recorded events.
 */
export async function publishEvents(
  trx: Db,
  clock: Clock,
  events: readonly NewEvent[],
  options: PublishOptions = {},
): Promise<RecordedEvent[]> {
  if (events.length === 0) return [];
  const at = clock.now();
  const rows = await trx
    .insertInto('event_outbox')
    .values(
      events.map((e) => ({
        program_id: e.programId,
        type: e.type,
        member_id: e.memberId,
        payload: JSON.stringify(e.payload),
        occurred_at: at,
      })),
    )
    .returning(['id', 'type', 'program_id', 'member_id', 'payload', 'occurred_at'])
    .execute();
  const recorded = rows.map(eventOf);
  for (const event of recorded) {
    for (const subscriber of inTransactionSubscribers(event.type)) {
      await subscriber.handle(trx, event, { clock, ...options });
    }
  }
  return recorded;
}

/** One event: see publishEvents. */
export async function publishEvent<T extends EventType>(
  trx: Db,
  clock: Clock,
  event: NewEvent<T>,
  options: PublishOptions = {},
): Promise<RecordedEvent<T>> {
  const [recorded] = await publishEvents(trx, clock, [event as NewEvent], options);
  return recorded as RecordedEvent<T>;
}

interface EventRow {
  id: number;
  type: string;
  program_id: string;
  member_id: string | null;
  payload: unknown;
  occurred_at: Date;
}

export function eventOf(row: EventRow): RecordedEvent {
  return {
    id: Number(row.id),
    type: row.type as EventType,
    programId: row.program_id,
    memberId: row.member_id,
    payload: row.payload as RecordedEvent['payload'],
    occurredAt: row.occurred_at,
  };
}

export interface EventQuery {
  /** Only these types (a module lists its own). */
  types?: readonly string[] | undefined;
  memberId?: string | undefined;
  /** Events after this id, oldest first: a reader keeps the last id it saw. */
  afterId?: number | undefined;
  limit: number;
}

/**
 * A program's events in id order, for reading (the admin API, a data export). Subscribers do not page with
 * this: ids are not commit order; they get events from the dispatcher.
 */
export async function listEvents(db: Db, programId: string, query: EventQuery): Promise<RecordedEvent[]> {
  let q = db
    .selectFrom('event_outbox')
    .select(['id', 'type', 'program_id', 'member_id', 'payload', 'occurred_at'])
    .where('program_id', '=', programId)
    .where('id', '>', query.afterId ?? 0)
    .orderBy('id')
    .limit(query.limit);
  if (query.types) q = q.where('type', 'in', query.types.length ? [...query.types] : ['']);
  if (query.memberId) q = q.where('member_id', '=', query.memberId);
  return (await q.execute()).map(eventOf);
}

/**
 * May an event of this type be recorded inside one SQL statement (see outboxInsertFrom)? Only when no
 * in-transaction subscriber must run with it: those need the recorded event in JavaScript, in the transaction.
 */
export const publishableInStatement = (type: EventType): boolean =>
  inTransactionSubscribers(type).length === 0;

/**
 * The outbox insert of one event as a fragment of a larger statement: one row for every row of `from` (the
 * name of a CTE), so the event exists exactly when the statement's change does — e.g. `with u as (update …
 * returning id), o as (${outboxInsertFrom('u', event, at)}) select … from u`. The caller checks
 * publishableInStatement(event.type) first.
 */
export function outboxInsertFrom(from: string, event: NewEvent, at: Date): RawBuilder<unknown> {
  return sql`insert into event_outbox (program_id, type, member_id, payload, occurred_at)
    select ${event.programId}::uuid, ${event.type}, ${event.memberId}::uuid, ${JSON.stringify(event.payload)}::jsonb,
      ${at}::timestamptz
    from ${sql.table(from)}`;
}
