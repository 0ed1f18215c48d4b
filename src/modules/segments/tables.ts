import type { ColumnType, Generated } from 'kysely';
import type { SegmentEvents } from '../../contracts/events.ts';
import type { NullableTimestamp, Timestamp } from '../../platform/db/platform-tables.ts';

export interface SegmentsTable {
  id: Generated<string>;
  program_id: string;
  name: string;
  description: Generated<string>;
  rule: ColumnType<unknown, string, string>;
  /** Members at the last refresh, and when that was. */
  member_count: Generated<number>;
  refreshed_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
  deleted_at: NullableTimestamp;
}

/** Who was in each saved segment at its last refresh: the base for entered/left events. */
export interface SegmentMembersTable {
  program_id: string;
  segment_id: string;
  member_id: string;
  entered_at: Timestamp;
}

export type SegmentEventType = 'segment.entered' | 'segment.left';

export interface SegmentEventsTable {
  id: Generated<number>;
  program_id: string;
  segment_id: string;
  member_id: string;
  type: SegmentEventType;
  occurred_at: Timestamp;
}

export interface SegmentSizesTable {
  program_id: string;
  segment_id: string;
  /** Local day in the program's time zone, 'YYYY-MM-DD'. */
  day: ColumnType<string, string, string>;
  members: number;
  measured_at: Timestamp;
}

export interface SegmentsTables {
  segments: SegmentsTable;
  segment_members: SegmentMembersTable;
  segment_events: SegmentEventsTable;
  segment_sizes: SegmentSizesTable;
}

// The module's tables join the one Kysely DB type (platform/db/schema.ts) by declaration merging.
declare module '../../platform/db/schema.ts' {
  interface DB extends SegmentsTables {}
}

// Published on the event bus by the refresh (refresh.ts), in the transaction that changes the membership; the
// payloads are a contract shared with subscribers elsewhere (src/contracts/events.ts).
declare module '../../platform/events/types.ts' {
  interface EventPayloads extends SegmentEvents {}
}
