import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from '../../platform/db/platform-tables.ts';

export type EventType = 'identify' | 'track' | 'page' | 'screen';
/** none: nothing to do · applied: purchase/refund/bonus done · awaiting_member: done once identified · failed */
export type EffectStatus = 'none' | 'applied' | 'awaiting_member' | 'failed';

type Json = ColumnType<Record<string, unknown>, string | undefined, string>;

export interface EventsTable {
  id: Generated<number>;
  program_id: string;
  member_id: string | null;
  anonymous_id: string | null;
  user_id: string | null;
  type: EventType;
  /** track: the event name; page/screen: the page name; identify: null */
  name: string | null;
  /** track/page/screen: properties; identify: the traits as sent */
  properties: Json;
  context: Json;
  message_id: string;
  occurred_at: Timestamp;
  received_at: Timestamp;
  effect_status: Generated<EffectStatus>;
  effect: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
}

export interface IngestAnonymousIdsTable {
  program_id: string;
  anonymous_id: string;
  member_id: string;
  linked_at: Timestamp;
}

export interface IngestTables {
  events: EventsTable;
  ingest_anonymous_ids: IngestAnonymousIdsTable;
}

// The module's tables join the one Kysely DB type (platform/db/schema.ts) by declaration merging.
declare module '../../platform/db/schema.ts' {
  interface DB extends IngestTables {}
}
