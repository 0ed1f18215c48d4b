// Redeeming a reward: points debit (FIFO lots, through loyalty), stock decrement and coupon issue in one
// transaction. The member's account lock is taken first and held to the end, so limits counted under it
// hold; stock is taken by a conditional update, so a burst of redemptions can never oversell.
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { publishEvent } from '../../platform/events/index.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { AuditActor } from '../audit/index.ts';
import { lockMemberStanding, spendPointsInTransaction } from '../loyalty/index.ts';
import { getRewardRow, rewardText } from './catalog.ts';
import { couponView, issueCoupon, type Coupon } from './coupons.ts';
import { decideRedemption, periodStart, type RedeemRefusal } from './eligibility.ts';
import './events.ts';

const REFUSAL_STATUS: Record<RedeemRefusal, number> = {
  reward_inactive: 409,
  reward_not_started: 409,
  reward_ended: 409,
  below_min_tier: 403,
  member_limit_reached: 409,
  period_limit_reached: 409,
  out_of_stock: 409,
  insufficient_points: 409,
};

const REFUSAL_MESSAGE: Record<RedeemRefusal, string> = {
  reward_inactive: 'This reward is not offered at the moment',
  reward_not_started: 'This reward is not available yet',
  reward_ended: 'This reward is no longer available',
  below_min_tier: "This reward needs a higher tier than the member's",
  member_limit_reached: 'The member already has as many of this reward as it allows',
  period_limit_reached: 'The member reached the limit for this reward in this period',
  out_of_stock: 'This reward is out of stock',
  insufficient_points: 'The member does not have enough points for this reward',
};

export interface Redemption {
  coupon: Coupon;
  pointsSpent: number;
  ledgerEntryId: number | null;
}

export async function redeemReward(
  db: Db,
  clock: Clock,
  actor: AuditActor,
  programId: string,
  input: { memberId: string; rewardId: string },
): Promise<Redemption> {
  return db.transaction().execute(async (trx) => {
    const now = clock.now();
    const standing = await lockMemberStanding(trx, clock, actor, programId, input.memberId);
    const reward = await getRewardRow(trx, programId, input.rewardId);
    const counts = await sql<{ ever: number; in_period: number }>`
      select count(*)::int as ever,
        count(*) filter (where issued_at > ${reward.limit_period ? periodStart(reward.limit_period, now) : now})::int
          as in_period
      from coupons
      where program_id = ${programId} and reward_id = ${reward.id} and member_id = ${input.memberId}
        and status <> 'cancelled'`.execute(trx);
    const decision = decideRedemption(
      {
        kind: reward.kind,
        active: reward.active,
        costPoints: reward.cost_points,
        freeFromTier: reward.free_from_tier,
        minTier: reward.min_tier,
        stockLeft: reward.stock_left,
        perMemberLimit: reward.per_member_limit,
        periodLimit: reward.period_limit,
        limitPeriod: reward.limit_period,
        validFrom: reward.valid_from,
        validUntil: reward.valid_until,
      },
      {
        available: standing.available,
        tier: standing.tier,
        tiers: standing.tiers,
        issuedEver: counts.rows[0]!.ever,
        issuedInPeriod: counts.rows[0]!.in_period,
      },
      now,
    );
    if (!decision.ok) {
      throw new AppError(decision.reason, REFUSAL_STATUS[decision.reason], REFUSAL_MESSAGE[decision.reason], {
        rewardId: reward.id,
        ...decision.details,
      });
    }
    if (reward.stock_left !== null) {
      const taken = await trx
        .updateTable('rewards')
        .set({ stock_left: sql`stock_left - 1` })
        .where('program_id', '=', programId)
        .where('id', '=', reward.id)
        .where('stock_left', '>', 0)
        .returning('stock_left')
        .executeTakeFirst();
      if (!taken)
        throw new AppError('out_of_stock', 409, REFUSAL_MESSAGE.out_of_stock, { rewardId: reward.id });
    }
    // The coupon id is drawn first so the ledger entry can name it and its key is unique per coupon.
    const couponId = crypto.randomUUID();
    const ledgerEntryId =
      decision.cost > 0
        ? await spendPointsInTransaction(trx, clock, actor, programId, input.memberId, {
            points: decision.cost,
            reason: `reward: ${rewardText(reward.texts, 'en').name}`,
            idempotencyKey: `reward:coupon:${couponId}`,
            details: { rewardId: reward.id, couponId, kind: reward.kind, cause: reward.effect.cause },
          })
        : null;
    const coupon = await issueCoupon(trx, clock, actor, {
      id: couponId,
      programId,
      source: 'reward',
      rewardId: reward.id,
      memberId: input.memberId,
      kind: reward.kind,
      effect: reward.effect,
      conditions: reward.conditions,
      pointsSpent: decision.cost,
      ledgerEntryId,
      expiresAt: reward.coupon_valid_days
        ? new Date(now.getTime() + reward.coupon_valid_days * 86_400_000)
        : null,
      ...(reward.kind === 'donation' ? { status: 'redeemed' as const } : {}),
    });
    await publishEvent(
      trx,
      clock,
      {
        type: 'reward.redeemed',
        programId,
        memberId: input.memberId,
        payload: { rewardId: reward.id, couponId, kind: reward.kind, pointsSpent: decision.cost },
      },
      { actor },
    );
    return { coupon: couponView(coupon), pointsSpent: decision.cost, ledgerEntryId };
  });
}
