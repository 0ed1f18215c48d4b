// The rewards module's public surface: the catalog, coupons and the till API. Other modules import only
// from here.
export { rewardsRoutes } from './routes.ts';
export { rewardsJobs } from './jobs.ts';
export { memberRewardRecords } from './privacy.ts';
export { createReward, getReward, listRewards, type Reward, type RewardInput } from './catalog.ts';
export { cancelCoupon, expireCoupons, listMemberCoupons, type Coupon } from './coupons.ts';
export { redeemReward, type Redemption } from './redeem.ts';
export { redeemCoupon, validateCoupon, undoRedemption, topUpGiftCard } from './till.ts';
export { generateCouponCode, normaliseCouponCode } from './codes.ts';
export { computeDiscount } from './discounts/compute.ts';
