// The loyalty module's public surface. Other modules import only from here.
export { getAccount, type Account } from './account.ts';
export { checkLedger, type LedgerProblem } from './consistency.ts';
export { awardEventBonus, type EventBonus, type EventBonusInput } from './events.ts';
export { createEarningRule, type EarningRuleInput } from './earning-rules.ts';
export { expirePoints, warnExpiringPoints } from './expiry.ts';
export { listLedger, type LedgerEntry } from './ledger.ts';
export { listLoyaltyEvents, type LoyaltyEvent, type LoyaltyEventType } from './outbox.ts';
export { adjustPoints, redeemPoints, transferPoints, type PointsMovement } from './points.ts';
export type { PurchaseInput } from './purchase-input.ts';
export type { PurchaseLine } from './rules/types.ts';
export {
  dryRunPurchase,
  getPurchase,
  recordPurchase,
  refundPurchase,
  type Purchase,
  type Refund,
} from './purchases.ts';
export {
  ensureLoyaltyDefaults,
  loadLoyaltyConfig,
  type LoyaltyConfig,
  type LoyaltySettings,
  type Tier,
} from './settings.ts';
export type { SignupBonusSource } from './tables.ts';
export { reevaluateTiers } from './tiers.ts';
export { awardSignupBonus, type NewMember } from './signup-bonus.ts';
export { eraseLoyaltyTexts, memberLoyaltyRecords } from './privacy.ts';
export { loyaltyJobs } from './jobs.ts';
export { tierMetric } from './tiers.ts';
export { nextTier } from './tier-rules.ts';
export {
  lockMemberStanding,
  returnPointsInTransaction,
  spendPointsInTransaction,
  type MemberStanding,
  type PointsInTransaction,
} from './spend.ts';
