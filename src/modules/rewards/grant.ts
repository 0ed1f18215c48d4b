// Giving a reward without spending points: a referral bonus, an automatic reward. It takes stock like a
// redemption (never oversold) and issues a coupon whose source says it was given, inside the caller's
// transaction so it commits with whatever earned it.
import { sql } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { AuditActor } from '../audit/index.ts';
import { getRewardRow } from './catalog.ts';
import { couponView, issueCoupon, type Coupon } from './coupons.ts';

export interface RewardGrant {
  programId: string;
  memberId: string;
  rewardId: string;
  /** Why it was given, kept in the coupon's history (e.g. { referralId, side: 'referrer' }). */
  why: Record<string, unknown>;
}

/** Issues the reward's coupon to the member for free; reward_inactive or out_of_stock (409) otherwise. */
export async function grantReward(
  trx: Db,
  clock: Clock,
  actor: AuditActor,
  grant: RewardGrant,
): Promise<Coupon> {
  const reward = await getRewardRow(trx, grant.programId, grant.rewardId);
  const now = clock.now();
  if (!reward.active || (reward.valid_until && reward.valid_until <= now)) {
    throw new AppError('reward_inactive', 409, 'This reward is not offered at the moment', {
      rewardId: reward.id,
    });
  }
  if (reward.stock_left !== null) {
    const taken = await trx
      .updateTable('rewards')
      .set({ stock_left: sql`stock_left - 1` })
      .where('program_id', '=', grant.programId)
      .where('id', '=', reward.id)
      .where('stock_left', '>', 0)
      .returning('stock_left')
      .executeTakeFirst();
    if (!taken)
      throw new AppError('out_of_stock', 409, 'This reward is out of stock', { rewardId: reward.id });
  }
  const coupon = await issueCoupon(trx, clock, actor, {
    programId: grant.programId,
    source: 'automatic',
    rewardId: reward.id,
    memberId: grant.memberId,
    kind: reward.kind,
    effect: reward.effect,
    conditions: reward.conditions,
    pointsSpent: 0,
    ledgerEntryId: null,
    expiresAt: reward.coupon_valid_days
      ? new Date(now.getTime() + reward.coupon_valid_days * 86_400_000)
      : null,
    why: grant.why,
  });
  return couponView(coupon);
}
