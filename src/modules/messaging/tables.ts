import type { ColumnType, Generated } from 'kysely';
import type { NullableTimestamp, Timestamp } from '../../platform/db/platform-tables.ts';

export type MessageChannel = 'email' | 'sms';
export type MessagePurpose = 'marketing' | 'service';
export type MessageStatus =
  | 'queued'
  | 'sending'
  | 'sent'
  | 'failed'
  | 'outbox'
  | 'suppressed'
  /** A bounce report came back for it (bounces/). */
  | 'bounced'
  /** The recipient reported it as spam (bounces/). */
  | 'complained'
  /** The provider's delivery receipt says it reached the phone (SMS). */
  | 'delivered'
  /** Held back (a campaign's contact-pressure policy, quiet hours): sent at not_before. `reason` says why. */
  | 'deferred'
  /** Never sent, and never will be (no consent, no address, holdout, dropped by the policy, cancelled). */
  | 'skipped';
export type SuppressionReason = 'unsubscribe' | 'bounce' | 'complaint' | 'manual';

export interface MessagesTable {
  id: Generated<string>;
  program_id: string;
  member_id: string | null;
  channel: MessageChannel;
  /** What the message is for: 'double_opt_in', 'otp', 'campaign', … */
  kind: string;
  purpose: MessagePurpose;
  to_address: string;
  locale: string | null;
  subject: string | null;
  text_body: ColumnType<string, string | undefined, string>;
  html_body: string | null;
  unsubscribe_url: string | null;
  status: Generated<MessageStatus>;
  attempts: Generated<number>;
  provider_message_id: string | null;
  last_error: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  sending_at: NullableTimestamp;
  sent_at: NullableTimestamp;
  failed_at: NullableTimestamp;
  /** The campaign this row belongs to (campaign rows are recorded at its start; see campaign-rows.ts). */
  campaign_id: Optional<string>;
  /** The campaign's A/B variant for this member; null while the row waits for the winner. */
  variant: Optional<string>;
  /** Why a row was not (yet) sent: no_consent, suppressed, frequency_cap, quiet_hours, holdout, … */
  reason: Optional<string>;
  /** Not sent before this time (deferred rows; a campaign at each member's local time). */
  not_before: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** The campaign send slot holding a 'sending' row. */
  claimed_by: Optional<string>;
}

type Optional<T> = ColumnType<T | null, T | null | undefined, T | null>;

export interface MessageStatusHistoryTable {
  id: Generated<number>;
  program_id: string;
  message_id: string;
  status: MessageStatus;
  detail: string | null;
  at: Timestamp;
}

export interface SuppressionsTable {
  program_id: string;
  channel: MessageChannel;
  address: string;
  reason: SuppressionReason;
  source: string | null;
  created_at: Timestamp;
  /** The bounce or complaint report that caused it (bounce_events). */
  evidence_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface MessageSecretsTable {
  message_id: string;
  program_id: string;
  /** jsonb array of the secret values; placeholders {{secret:i}} in the message refer to them. */
  secrets: ColumnType<string[], string, string>;
}

export interface MessagingTables {
  message_secrets: MessageSecretsTable;
  messages: MessagesTable;
  message_status_history: MessageStatusHistoryTable;
  suppressions: SuppressionsTable;
}

// The module's tables join the one Kysely DB type (platform/db/schema.ts) by declaration merging.
declare module '../../platform/db/schema.ts' {
  interface DB extends MessagingTables {}
}
