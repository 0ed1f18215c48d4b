import type { ColumnType, Generated } from 'kysely';
import type { NullableTimestamp, Timestamp } from '../db/platform-tables.ts';

/** The outbox: every event, written in the transaction of the change it records. */
export interface EventOutboxTable {
  id: Generated<number>;
  program_id: string;
  type: string;
  member_id: string | null;
  payload: ColumnType<Record<string, unknown>, string | undefined, string>;
  occurred_at: Timestamp;
  /** The writing transaction's id (xid8, as text): the dispatcher delivers only finished transactions' events. */
  tx: ColumnType<string, never, never>;
}

/** One row per outbox subscriber: how far it has handled the outbox. */
export interface EventSubscribersTable {
  name: string;
  /** Every event before (position_tx, position_id) in (tx, id) order is handled or not of its types. */
  position_tx: ColumnType<string, string, string>;
  position_id: number;
  handled: Generated<number>;
  failures: Generated<number>;
  last_error: string | null;
  retry_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface EventTables {
  event_outbox: EventOutboxTable;
  event_subscribers: EventSubscribersTable;
}
