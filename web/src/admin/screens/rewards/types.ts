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
export type TextLocale = 'he' | 'fa' | 'en';
export interface RewardText {
  name: string;
  description?: string;
  terms?: string;
}

export interface Reward {
  id: string;
  kind: RewardKind;
  costPoints: number;
  stockTotal: number | null;
  stockLeft: number | null;
  perMemberLimit: number | null;
  minTier: string | null;
  couponValidDays: number | null;
  texts: Partial<Record<TextLocale, RewardText>>;
  imageUrl: string | null;
  active: boolean;
  sortOrder: number;
  businessCost: number;
  effect: Record<string, string | number | undefined>;
}

export interface CouponEvent {
  id: number;
  type: string;
  amount: number | null;
  balanceAfter: number | null;
  orderId: string | null;
  storeId: string | null;
  points: number | null;
  at: string;
}

export interface CouponLookup {
  coupon: {
    id: string;
    code: string;
    kind: RewardKind;
    status: string;
    memberId: string | null;
    balance: number | null;
    expiresAt: string | null;
    issuedAt: string;
    pointsSpent: number;
  };
  history: CouponEvent[];
  reward: { id: string; name: string } | null;
  purchases: { orderId: string; id: string; total: number; occurredAt: string }[];
}

export interface CouponBatch {
  id: string;
  rewardId: string;
  name: string;
  kind: RewardKind;
  prefix: string;
  codeLength: number;
  requested: number;
  generated: number;
  imported: number;
  percent: number;
  status: 'generating' | 'ready' | 'failed';
  expiresAt: string | null;
  failure: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface BatchImportResult {
  batch: CouponBatch;
  rows: number;
  imported: number;
  unchanged: number;
  rejectedCount: number;
  rejected: { row: number; code: string; reason: string; message: string }[];
}

/** A reward's name in the screen's language, else Hebrew, English, Persian. */
export const rewardName = (r: Pick<Reward, 'texts'>, locale: string) =>
  (r.texts[locale as TextLocale] ?? r.texts.he ?? r.texts.en ?? r.texts.fa)?.name ?? '';
