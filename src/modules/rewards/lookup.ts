// The support lookup: a code → the coupon, its whole history, its reward and the purchases it was used on
// (linked by order id, whichever of the purchase and the redemption was recorded first).
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { getPurchase, type Purchase } from '../loyalty/index.ts';
import { rewardText } from './catalog.ts';
import { couponHistory, couponView, findCouponByCode, type Coupon, type CouponEvent } from './coupons.ts';

export interface CouponLookup {
  coupon: Coupon;
  history: CouponEvent[];
  reward: { id: string; name: string } | null;
  purchases: { orderId: string; id: string; total: number; occurredAt: Date }[];
}

export async function lookupCoupon(db: Db, programId: string, code: string): Promise<CouponLookup> {
  const row = await findCouponByCode(db, programId, code);
  const history = await couponHistory(db, programId, row.id);
  const reward = row.reward_id
    ? await db
        .selectFrom('rewards')
        .select(['id', 'texts'])
        .where('program_id', '=', programId)
        .where('id', '=', row.reward_id)
        .executeTakeFirst()
    : undefined;
  const orders = [...new Set(history.filter((e) => e.orderId && e.type !== 'undone').map((e) => e.orderId!))];
  const purchases: CouponLookup['purchases'] = [];
  for (const orderId of orders) {
    let purchase: Purchase;
    try {
      purchase = await getPurchase(db, programId, orderId);
    } catch (err) {
      if (err instanceof AppError && err.status === 404) continue;
      throw err;
    }
    purchases.push({ orderId, id: purchase.id, total: purchase.total, occurredAt: purchase.occurredAt });
  }
  return {
    coupon: couponView(row),
    history,
    reward: reward ? { id: reward.id, name: rewardText(reward.texts, 'en').name } : null,
    purchases,
  };
}
