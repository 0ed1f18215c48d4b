// Outbox retention: events are the bus's delivery queue and the member and points histories (listEvents), so
// they are kept for a retention period and then deleted — but only once every subscriber's position has
// passed them, so a subscriber that is behind (or failing) never loses an event it has not handled. A
// subscriber that replays (`replaySubscriber`, or a new one `from: 'beginning'`) sees what the retention kept.
import { sql } from 'kysely';
import type { Clock } from '../clock.ts';
import { DAY_MS } from '../clock.ts';
import type { Db } from '../db/database.ts';

export interface PruneEventsOptions {
  /** Events older than this many days (by occurred_at) may go. */
  retentionDays: number;
  /** Rows deleted per statement, so one run never holds a long transaction. */
  batchSize?: number;
}

/** Deletes delivered events past the retention; returns how many. */
export async function pruneDeliveredEvents(
  db: Db,
  clock: Clock,
  options: PruneEventsOptions,
): Promise<number> {
  const before = new Date(clock.now().getTime() - options.retentionDays * DAY_MS);
  const batchSize = options.batchSize ?? 10_000;
  let total = 0;
  for (;;) {
    // The slowest position in (tx, id) order; no subscriber at all: nothing has been delivered, keep all.
    const result = await sql`
      with slowest as (
        select position_tx, position_id from event_subscribers order by position_tx, position_id limit 1
      ), doomed as (
        select e.program_id, e.id from event_outbox e, slowest s
        where e.occurred_at < ${before} and (e.tx, e.id) < (s.position_tx, s.position_id)
        limit ${batchSize}
      )
      delete from event_outbox e using doomed d where e.program_id = d.program_id and e.id = d.id`.execute(
      db,
    );
    const deleted = Number(result.numAffectedRows ?? 0);
    total += deleted;
    if (deleted < batchSize) return total;
  }
}
