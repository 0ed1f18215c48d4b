import type { ColumnType, Generated } from 'kysely';
import type { NullableTimestamp, Timestamp } from '../../platform/db/platform-tables.ts';

type Json<T> = ColumnType<T, string | undefined, string>;
/** A name per language ({ he, fa, en }); the row's `name` is the fallback. */
export type LocalizedNames = Partial<Record<'he' | 'fa' | 'en', string>>;

export type ExpiryPolicy = 'none' | 'fixed' | 'inactivity';
export type NegativeBalancePolicy = 'record_debt' | 'allow_negative';
export type TierMetric = 'points' | 'spend' | 'purchases';
export type LedgerKind = 'earn' | 'redeem' | 'expire' | 'adjust' | 'reverse' | 'transfer';
export type LedgerSource = 'purchase' | 'rule' | 'admin' | 'partner' | 'system' | 'member';
/** How a member came to be: admin UI, API key, signup form, Segment identify, CSV import. */
export type SignupBonusSource = 'admin' | 'api' | 'form' | 'ingest' | 'import';

export interface LoyaltySettingsTable {
  program_id: string;
  pending_days: Generated<number>;
  expiry_policy: Generated<ExpiryPolicy>;
  expiry_months: Generated<number>;
  expiry_warning_days: Generated<number>;
  negative_balance_policy: Generated<NegativeBalancePolicy>;
  transfers_enabled: Generated<boolean>;
  transfer_min_points: Generated<number>;
  transfer_max_points_per_day: Generated<number>;
  tier_metric: Generated<TierMetric>;
  tier_window_days: Generated<number>;
  tier_grace_days: Generated<number>;
  signup_bonus_sources: ColumnType<SignupBonusSource[], SignupBonusSource[] | undefined, SignupBonusSource[]>;
  updated_at: Generated<Date>;
}

export interface LoyaltyTiersTable {
  program_id: string;
  key: string;
  name: string;
  names: Json<LocalizedNames>;
  rank: number;
  threshold: number;
  benefits: Json<Record<string, unknown>>;
}

export interface LoyaltyAccountsTable {
  program_id: string;
  member_id: string;
  available: Generated<number>;
  pending: Generated<number>;
  debt: Generated<number>;
  unrecovered: Generated<number>;
  lifetime_earned: Generated<number>;
  lifetime_redeemed: Generated<number>;
  lifetime_expired: Generated<number>;
  purchase_count: Generated<number>;
  lifetime_spend: Generated<number>;
  tier_key: string | null;
  tier_since: NullableTimestamp;
  downgrade_at: NullableTimestamp;
  last_activity_at: NullableTimestamp;
  expiry_warned_at: NullableTimestamp;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface LoyaltyLedgerTable {
  id: Generated<number>;
  program_id: string;
  member_id: string;
  kind: LedgerKind;
  points: number;
  reason: string;
  source: LedgerSource;
  actor_type: string;
  actor_id: string | null;
  idempotency_key: string | null;
  purchase_id: string | null;
  partner_id: string | null;
  counterpart_member_id: string | null;
  details: Json<Record<string, unknown>>;
  occurred_at: Timestamp;
  created_at: Timestamp;
}

export interface LoyaltyLotsTable {
  id: Generated<number>;
  program_id: string;
  member_id: string;
  ledger_entry_id: number;
  purchase_id: string | null;
  points: number;
  remaining: number;
  earned_at: Timestamp;
  available_at: Timestamp;
  expires_at: NullableTimestamp;
  matured: Generated<boolean>;
  warned_at: NullableTimestamp;
}

export interface LoyaltyEarningRulesTable {
  id: Generated<string>;
  program_id: string;
  name: string;
  names: Json<LocalizedNames>;
  description: Generated<string>;
  active: Generated<boolean>;
  priority: Generated<number>;
  trigger: 'purchase' | 'event';
  event: string | null;
  conditions: Json<Record<string, unknown>>;
  effect: Json<Record<string, unknown>>;
  stacking: Generated<'cumulative' | 'best_of'>;
  caps: Json<Record<string, unknown>>;
  awarded_points: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  deleted_at: NullableTimestamp;
}

export interface LoyaltyRuleAwardsTable {
  program_id: string;
  rule_id: string;
  member_id: string;
  points: number;
  local_day: string;
  ledger_entry_id: number;
  at: Timestamp;
}

export interface LoyaltyPurchasesTable {
  id: Generated<string>;
  program_id: string;
  order_id: string;
  member_id: string;
  payload_hash: string;
  total: number;
  currency: string;
  channel: string | null;
  store_id: string | null;
  partner_id: string | null;
  items: Json<unknown[]>;
  occurred_at: Timestamp;
  points_earned: Generated<number>;
  refunded_total: Generated<number>;
  points_reversed: Generated<number>;
  ledger_entry_id: number | null;
  explanation: Json<Record<string, unknown>>;
  created_at: Timestamp;
}

export interface LoyaltyRefundsTable {
  id: Generated<string>;
  program_id: string;
  purchase_id: string;
  refund_key: string | null;
  amount: number;
  points_reversed: number;
  points_unrecovered: number;
  ledger_entry_id: number | null;
  reason: string | null;
  created_at: Timestamp;
}

export interface LoyaltyTables {
  loyalty_settings: LoyaltySettingsTable;
  loyalty_tiers: LoyaltyTiersTable;
  loyalty_accounts: LoyaltyAccountsTable;
  loyalty_ledger: LoyaltyLedgerTable;
  loyalty_lots: LoyaltyLotsTable;
  loyalty_earning_rules: LoyaltyEarningRulesTable;
  loyalty_rule_awards: LoyaltyRuleAwardsTable;
  loyalty_purchases: LoyaltyPurchasesTable;
  loyalty_refunds: LoyaltyRefundsTable;
}

// The module's tables join the one Kysely DB type (platform/db/schema.ts) by declaration merging.
declare module '../../platform/db/schema.ts' {
  interface DB extends LoyaltyTables {}
}
