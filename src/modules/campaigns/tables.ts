import type { ColumnType, Generated } from 'kysely';
import type { NullableTimestamp, Timestamp } from '../../platform/db/platform-tables.ts';

type Json<T> = ColumnType<T, string, string>;
type Optional<T> = ColumnType<T | null, T | null | undefined, T | null>;

export type CampaignChannel = 'email' | 'sms';
export type WinnerMetric = 'open' | 'click' | 'conversion';
export type OnExceed = 'defer' | 'drop';

export interface CampaignAudience {
  lists: string[];
  segments: string[];
  excludeLists: string[];
  excludeSegments: string[];
}

export interface CampaignVariant {
  /** 'A', 'B', 'C', 'D'. */
  key: string;
  templateId: string;
  /** Replaces the template's subject (e-mail). */
  subject: string | null;
  /** Replaces the From display name and address (e-mail). */
  fromName: string | null;
  fromAddress: string | null;
}

export type CampaignSchedule =
  | { kind: 'now' }
  | { kind: 'at'; at: string }
  /** The same local time in each member's zone, on that local date. */
  | { kind: 'local'; date: string; time: string };

export interface CampaignsTable {
  id: Generated<string>;
  program_id: string;
  name: string;
  channel: CampaignChannel;
  purpose: Generated<'marketing'>;
  audience: Json<CampaignAudience>;
  variants: Json<CampaignVariant[]>;
  /** Shares in basis points (1/10,000). */
  test_share_bp: Generated<number>;
  winner_metric: Generated<WinnerMetric>;
  /** Null: the winner is picked by hand. */
  winner_delay_minutes: Optional<number>;
  holdout_bp: Generated<number>;
  attribution_days: Generated<number>;
  on_exceed: Generated<OnExceed>;
  schedule: Json<CampaignSchedule>;
  launched_at: NullableTimestamp;
  launched_by: Optional<string>;
  recorded_at: NullableTimestamp;
  audience_size: Optional<number>;
  paused_at: NullableTimestamp;
  cancelled_at: NullableTimestamp;
  test_done_at: NullableTimestamp;
  winner_variant: Optional<string>;
  winner_source: Optional<'auto' | 'manual'>;
  winner_picked_at: NullableTimestamp;
  /** Messages per minute at most; null: as fast as the transport allows. */
  send_rate_per_minute: Optional<number>;
  /** The automatic pick's verdict (stats/winner.ts WinnerDecision) as it was when it was made. */
  winner_decision: ColumnType<unknown, string | null | undefined, string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
  deleted_at: NullableTimestamp;
}

export interface CampaignsTables {
  campaigns: CampaignsTable;
}

// The module's tables join the one Kysely DB type (platform/db/schema.ts) by declaration merging.
declare module '../../platform/db/schema.ts' {
  interface DB extends CampaignsTables {}
}
