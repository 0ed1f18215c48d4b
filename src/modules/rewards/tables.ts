import type { ColumnType, Generated } from 'kysely';
import type { NullableTimestamp, Timestamp } from '../../platform/db/platform-tables.ts';
import type { DiscountConditions } from './discounts/types.ts';

type Json<T> = ColumnType<T, string | undefined, string>;

export const REWARD_KINDS = [
  'percentage_discount',
  'fixed_discount',
  'gift_card',
  'free_shipping',
  'free_product',
  'early_access',
  'partner_product',
  'donation',
] as const;
export type RewardKind = (typeof REWARD_KINDS)[number];
export type CouponStatus = 'active' | 'redeemed' | 'cancelled' | 'expired';
export type CouponSource = 'reward' | 'campaign' | 'automatic' | 'import';
export type CouponEventType =
  'issued' | 'redeemed' | 'spent' | 'undone' | 'cancelled' | 'expired' | 'topped_up';
export type PointsPolicy = 'refund' | 'forfeit';
export type LimitPeriod = 'day' | 'week' | 'month' | 'year';

export interface RewardText {
  name: string;
  description?: string | undefined;
  terms?: string | undefined;
}
export type RewardTexts = Partial<Record<'he' | 'fa' | 'en', RewardText>>;

/** Kind-specific settings: percent, amount (minor units), sku, gift-card value, a sale, a partner, a cause. */
export interface RewardEffect {
  percent?: number | undefined;
  maxAmount?: number | undefined;
  amount?: number | undefined;
  sku?: string | undefined;
  quantity?: number | undefined;
  value?: number | undefined;
  saleId?: string | undefined;
  partnerId?: string | undefined;
  cause?: string | undefined;
}

export interface RewardsSettingsTable {
  program_id: string;
  on_cancel: Generated<PointsPolicy>;
  on_expiry: Generated<PointsPolicy>;
  undo_window_minutes: Generated<number>;
  updated_at: Timestamp;
}

export interface RewardsTable {
  id: Generated<string>;
  program_id: string;
  kind: RewardKind;
  cost_points: number;
  free_from_tier: string | null;
  stock_total: number | null;
  stock_left: number | null;
  per_member_limit: number | null;
  period_limit: number | null;
  limit_period: LimitPeriod | null;
  min_tier: string | null;
  valid_from: NullableTimestamp;
  valid_until: NullableTimestamp;
  coupon_valid_days: number | null;
  texts: Json<RewardTexts>;
  image_url: string | null;
  active: Generated<boolean>;
  sort_order: Generated<number>;
  business_cost: Generated<number>;
  effect: Json<RewardEffect>;
  conditions: Json<DiscountConditions>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CouponsTable {
  id: Generated<string>;
  program_id: string;
  code: string;
  display_code: string;
  source: CouponSource;
  reward_id: string | null;
  campaign_id: string | null;
  member_id: string | null;
  kind: RewardKind;
  effect: Json<RewardEffect>;
  conditions: Json<DiscountConditions>;
  status: Generated<CouponStatus>;
  points_spent: Generated<number>;
  ledger_entry_id: number | null;
  balance: number | null;
  initial_value: number | null;
  issued_at: Timestamp;
  expires_at: NullableTimestamp;
  redeemed_at: NullableTimestamp;
  redeemed_order_id: string | null;
  redeemed_store_id: string | null;
  redeemed_channel: string | null;
  closed_at: NullableTimestamp;
}

export interface CouponEventsTable {
  id: Generated<number>;
  program_id: string;
  coupon_id: string;
  type: CouponEventType;
  amount: number | null;
  balance_after: number | null;
  order_id: string | null;
  store_id: string | null;
  channel: string | null;
  partner_id: string | null;
  points: number | null;
  ledger_entry_id: number | null;
  actor_type: string;
  actor_id: string | null;
  details: Json<Record<string, unknown>>;
  undone_at: NullableTimestamp;
  at: Timestamp;
}

export type CouponBatchStatus = 'generating' | 'ready' | 'failed';

export interface CouponBatchesTable {
  id: Generated<string>;
  program_id: string;
  reward_id: string;
  name: string;
  kind: RewardKind;
  effect: Json<RewardEffect>;
  conditions: Json<DiscountConditions>;
  prefix: Generated<string>;
  code_length: number;
  requested: number;
  generated: Generated<number>;
  imported: Generated<number>;
  status: CouponBatchStatus;
  expires_at: NullableTimestamp;
  failure: string | null;
  created_at: Timestamp;
  finished_at: NullableTimestamp;
}

export type RuleTrigger = 'points_earned' | 'tier_reached' | 'birthday_month';

export interface RewardRulesTable {
  id: Generated<string>;
  program_id: string;
  name: string;
  trigger: RuleTrigger;
  points: number | null;
  tier: string | null;
  reward_id: string;
  active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RewardRuleIssuesTable {
  program_id: string;
  rule_id: string;
  member_id: string;
  period: string;
  status: 'issued' | 'skipped';
  reason: string | null;
  coupon_id: string | null;
  event_id: number | null;
  at: Timestamp;
}

export interface RewardsTables {
  reward_rules: RewardRulesTable;
  reward_rule_issues: RewardRuleIssuesTable;
  coupon_batches: CouponBatchesTable;
  rewards_settings: RewardsSettingsTable;
  rewards: RewardsTable;
  coupons: CouponsTable;
  coupon_events: CouponEventsTable;
}

// The module's tables join the one Kysely DB type (platform/db/schema.ts) by declaration merging.
declare module '../../platform/db/schema.ts' {
  interface DB extends RewardsTables {}
}
