// The demo club's rewards: a free coffee for 100 points, a 10 % birthday coupon and a ₪50 gift card. A third
// of the members with enough points have redeemed a coffee; some used it at the till already.
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { SYSTEM_ACTOR } from '../audit/index.ts';
import { getAccount, loadLoyaltyConfig } from '../loyalty/index.ts';
import { createReward, redeemCoupon, redeemReward, type RewardInput } from '../rewards/index.ts';

export const DEMO_REWARDS: RewardInput[] = [
  {
    kind: 'free_product',
    costPoints: 100,
    effect: { sku: 'coffee' },
    couponValidDays: 30,
    businessCost: 350,
    sortOrder: 1,
    texts: {
      he: { name: 'קפה חינם', description: 'כוס קפה לבחירתך', terms: 'בתוקף 30 יום מהמימוש' },
      en: { name: 'Free coffee', description: 'A coffee of your choice', terms: 'Valid for 30 days' },
      fa: { name: 'قهوهٔ رایگان', description: 'یک قهوه به انتخاب شما', terms: '۳۰ روز معتبر است' },
    },
  },
  {
    kind: 'percentage_discount',
    costPoints: 0,
    effect: { percent: 10 },
    periodLimit: { count: 1, period: 'year' },
    couponValidDays: 30,
    sortOrder: 2,
    texts: {
      he: { name: '10% הנחה ליום ההולדת', description: 'על כל ההזמנה', terms: 'פעם בשנה' },
      en: { name: '10% birthday discount', description: 'On the whole order', terms: 'Once a year' },
      fa: { name: '۱۰٪ تخفیف تولد', description: 'روی کل سفارش', terms: 'سالی یک بار' },
    },
  },
  {
    kind: 'gift_card',
    costPoints: 500,
    effect: { value: 5_000 },
    couponValidDays: 365,
    stock: 100,
    businessCost: 5_000,
    sortOrder: 3,
    texts: {
      he: { name: 'כרטיס מתנה ₪50', description: 'אפשר לממש בכמה ביקורים' },
      en: { name: '₪50 gift card', description: 'Spend it over several visits' },
      fa: { name: 'کارت هدیهٔ ۵۰ شِکِل', description: 'در چند بار خرج کنید' },
    },
  },
];

export async function seedDemoRewards(
  db: Db,
  clock: Clock,
  programId: string,
  memberIds: string[],
): Promise<void> {
  const rewards = [];
  for (const r of DEMO_REWARDS) rewards.push(await createReward(db, clock, SYSTEM_ACTOR, programId, r));
  const coffee = rewards[0]!;
  const config = await loadLoyaltyConfig(db, programId);
  for (const [i, memberId] of memberIds.entries()) {
    if (i % 3 !== 0) continue;
    const account = await getAccount(db, config, memberId, clock.now());
    if (account.available < 200) continue;
    const { coupon } = await redeemReward(db, clock, SYSTEM_ACTOR, programId, {
      memberId,
      rewardId: coffee.id,
    });
    // Every other coffee was already drunk: redeemed at the café's till.
    if (i % 2 === 0) {
      await redeemCoupon(db, clock, SYSTEM_ACTOR, programId, {
        code: coupon.code,
        memberId,
        orderId: `demo-till-${coupon.id}`,
        cart: {
          total: 1_400,
          currency: 'ILS',
          channel: 'pos',
          items: [{ sku: 'coffee', quantity: 1, price: 1_400 }],
        },
      });
    }
  }
}
