// The rewards module's public surface: the catalog, coupons and the till API. Other modules import only
// from here.
import { defineModule, migrationsBeside } from '../../platform/module.ts';
import { automaticRewardsSubscription } from './automatic.ts';
import { rewardsJobs } from './jobs.ts';
import { memberRewardRecords } from './privacy.ts';
import { rewardsRoutes } from './routes.ts';
import { rewardsPermissions } from './permissions.ts';
import { mergeRewards } from './merge.ts';

export const rewardsModule = defineModule({
  name: 'rewards',
  mergeMember: mergeRewards,
  routes: [rewardsRoutes],
  permissions: ['coupons:redeem', 'rewards:read', 'rewards:write'],
  definesPermissions: rewardsPermissions,
  jobs: rewardsJobs,
  subscriptions: [automaticRewardsSubscription],
  migrations: migrationsBeside(import.meta.url),
  memberData: {
    name: 'rewards',
    exportData: (db, { programId, memberId }) => memberRewardRecords(db, programId, memberId),
    // Coupons stay: codes, amounts and ids only; liability and accounting need them.
    erase: async () => {},
  },
});

export { rewardsRoutes } from './routes.ts';
export { rewardsJobs } from './jobs.ts';
export { memberRewardRecords } from './privacy.ts';
export { createReward, getReward, listRewards, type Reward, type RewardInput } from './catalog.ts';
export { listMemberCoupons, type Coupon } from './coupons.ts';
export { cancelCoupon, expireCoupons } from './coupon-closing.ts';
export { redeemReward, type Redemption } from './redeem.ts';
export { redeemCoupon, validateCoupon, undoRedemption, topUpGiftCard } from './till.ts';
export { CODE_ALPHABET, generateCouponCode, normaliseCouponCode } from './codes.ts';
export { computeDiscount } from './discounts/compute.ts';
export { createCouponBatch, generateNextChunk, getCouponBatch, type CouponBatch } from './batches.ts';
export { grantReward, type RewardGrant } from './grant.ts';
export {
  createRewardRule,
  disableRewardRule,
  listRewardRules,
  updateRewardRule,
  type RewardRule,
  type RewardRuleInput,
} from './rules.ts';
export { automaticRewardsSubscription, issueBirthdayRewards } from './automatic.ts';
export { couponRedemptionFacts } from './report-facts.ts';
