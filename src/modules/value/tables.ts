import type { NullableTimestamp, Timestamp } from '../../platform/db/platform-tables.ts';

/** One member's lifetime figures in the program currency (kept orders only, net of refunds). */
export interface ValueMemberMetricsTable {
  program_id: string;
  member_id: string;
  currency: string;
  orders: number;
  net_spend: number;
  first_purchase_at: NullableTimestamp;
  last_purchase_at: NullableTimestamp;
  distinct_categories: number;
  top_category: string | null;
  /** The newest purchase event these figures include (for tests and operators: how far the model has come). */
  last_event_id: number;
  updated_at: Timestamp;
}

export interface ValueTables {
  value_member_metrics: ValueMemberMetricsTable;
}

// The module's tables join the one Kysely DB type (platform/db/schema.ts) by declaration merging.
declare module '../../platform/db/schema.ts' {
  interface DB extends ValueTables {}
}
