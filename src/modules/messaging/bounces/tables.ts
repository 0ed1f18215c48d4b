import type { ColumnType } from 'kysely';
import type { Timestamp } from '../../../platform/db/platform-tables.ts';
import type { BounceReason, BounceSeverity } from './classify.ts';

export type BounceSource = 'smtp' | 'http' | 'ses' | 'webhook';
export type ReportType = 'bounce' | 'complaint' | 'auto_reply' | 'not_a_report';
export type BounceDecision = 'suppressed' | 'counted' | 'unsubscribed' | 'ignored' | 'already_suppressed';

export interface BounceEventsTable {
  id: string;
  program_id: string;
  received_at: Timestamp;
  source: BounceSource;
  /** Same report twice (a retried delivery, a replayed webhook) → the same fingerprint, recorded once. */
  fingerprint: string;
  type: ReportType;
  severity: BounceSeverity | null;
  reason: BounceReason | null;
  address: string | null;
  message_id: string | null;
  member_id: string | null;
  status_code: string | null;
  smtp_code: number | null;
  diagnostic: string | null;
  format: string | null;
  reporting_mta: string | null;
  remote_mta: string | null;
  original_message_id: string | null;
  feedback_type: string | null;
  decision: BounceDecision;
  decision_detail: string | null;
  /** The parsed report (jsonb). */
  evidence: ColumnType<Record<string, unknown>, string, string>;
}

export interface BounceSettingsTable {
  program_id: string;
  soft_bounce_limit: number;
  soft_bounce_window_days: number;
  updated_at: Timestamp;
}

export interface BounceTables {
  bounce_events: BounceEventsTable;
  bounce_settings: BounceSettingsTable;
}

declare module '../../../platform/db/schema.ts' {
  interface DB extends BounceTables {}
}
