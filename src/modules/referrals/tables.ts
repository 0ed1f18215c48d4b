import type { Generated } from 'kysely';
import type { CapPeriod } from '../../contracts/referrals.ts';
import type { NullableTimestamp, Timestamp } from '../../platform/db/platform-tables.ts';

export type ReferralStatus = 'joined' | 'qualified' | 'blocked' | 'expired';
export type PayoutSide = 'referrer' | 'referee' | 'ambassador';
export type SignalKind = 'device' | 'network' | 'payment';
export type { CapPeriod };

export interface ReferralSettingsTable {
  program_id: string;
  enabled: Generated<boolean>;
  form_id: string | null;
  referrer_points: Generated<number>;
  referee_points: Generated<number>;
  referrer_reward_id: string | null;
  referee_reward_id: string | null;
  min_purchase: Generated<number>;
  qualify_within_days: Generated<number>;
  referrer_cap: number | null;
  cap_period: CapPeriod | null;
  block_same_network: Generated<boolean>;
  monthly_target: number | null;
  ambassador_after: number | null;
  ambassador_points: Generated<number>;
  updated_at: Timestamp;
}

export interface ReferralCodesTable {
  program_id: string;
  member_id: string;
  code: string;
  visits: Generated<number>;
  created_at: Timestamp;
}

export interface ReferralsTable {
  id: Generated<string>;
  program_id: string;
  referrer_id: string;
  referee_id: string;
  code: string | null;
  status: ReferralStatus;
  block_reason: string | null;
  joined_at: Timestamp;
  qualify_by: Timestamp;
  qualified_at: NullableTimestamp;
  order_id: string | null;
  order_total: number | null;
}

export interface ReferralPayoutsTable {
  id: Generated<number>;
  program_id: string;
  referral_id: string | null;
  member_id: string;
  side: PayoutSide;
  status: 'paid' | 'blocked';
  reason: string | null;
  points: Generated<number>;
  ledger_entry_id: number | null;
  coupon_id: string | null;
  at: Timestamp;
}

export interface ReferralSignalsTable {
  program_id: string;
  member_id: string;
  kind: SignalKind;
  value_hash: string;
  seen_at: Timestamp;
}

export interface ReferralsTables {
  referral_settings: ReferralSettingsTable;
  referral_codes: ReferralCodesTable;
  referrals: ReferralsTable;
  referral_payouts: ReferralPayoutsTable;
  referral_signals: ReferralSignalsTable;
}

declare module '../../platform/db/schema.ts' {
  interface DB extends ReferralsTables {}
}
