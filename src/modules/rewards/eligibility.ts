// May this member redeem this reward now, and for how many points? A pure decision over facts the
// service gathers under the member's account lock; the first failing check is the answer.
import type { Tier } from '../loyalty/index.ts';
import type { LimitPeriod, RewardKind } from './tables.ts';

export interface RewardFacts {
  kind: RewardKind;
  active: boolean;
  costPoints: number;
  freeFromTier: string | null;
  minTier: string | null;
  stockLeft: number | null;
  perMemberLimit: number | null;
  periodLimit: number | null;
  limitPeriod: LimitPeriod | null;
  validFrom: Date | null;
  validUntil: Date | null;
}

export interface MemberFacts {
  available: number;
  tier: Tier | null;
  tiers: readonly Tier[];
  /** This member's coupons of this reward, not cancelled: ever, and within the limit period. */
  issuedEver: number;
  issuedInPeriod: number;
}

export type RedeemRefusal =
  | 'reward_inactive'
  | 'reward_not_started'
  | 'reward_ended'
  | 'below_min_tier'
  | 'member_limit_reached'
  | 'period_limit_reached'
  | 'out_of_stock'
  | 'insufficient_points';

export type RedeemDecision =
  { ok: true; cost: number } | { ok: false; reason: RedeemRefusal; details: Record<string, unknown> };

const rankOf = (tiers: readonly Tier[], key: string | null) =>
  key === null ? undefined : tiers.find((t) => t.key === key)?.rank;

/** The points this member pays: zero at or above the reward's free-from tier. */
export function costFor(
  reward: Pick<RewardFacts, 'costPoints' | 'freeFromTier'>,
  member: MemberFacts,
): number {
  const freeRank = rankOf(member.tiers, reward.freeFromTier);
  if (freeRank !== undefined && member.tier && member.tier.rank >= freeRank) return 0;
  return reward.costPoints;
}

export function decideRedemption(reward: RewardFacts, member: MemberFacts, now: Date): RedeemDecision {
  if (!reward.active) return { ok: false, reason: 'reward_inactive', details: {} };
  if (reward.validFrom && now < reward.validFrom) {
    return {
      ok: false,
      reason: 'reward_not_started',
      details: { validFrom: reward.validFrom.toISOString() },
    };
  }
  if (reward.validUntil && now >= reward.validUntil) {
    return { ok: false, reason: 'reward_ended', details: { validUntil: reward.validUntil.toISOString() } };
  }
  const minRank = rankOf(member.tiers, reward.minTier);
  if (minRank !== undefined && (member.tier?.rank ?? -Infinity) < minRank) {
    return {
      ok: false,
      reason: 'below_min_tier',
      details: { minTier: reward.minTier, tier: member.tier?.key ?? null },
    };
  }
  if (reward.perMemberLimit !== null && member.issuedEver >= reward.perMemberLimit) {
    return { ok: false, reason: 'member_limit_reached', details: { limit: reward.perMemberLimit } };
  }
  if (reward.periodLimit !== null && member.issuedInPeriod >= reward.periodLimit) {
    return {
      ok: false,
      reason: 'period_limit_reached',
      details: { limit: reward.periodLimit, period: reward.limitPeriod },
    };
  }
  if (reward.stockLeft !== null && reward.stockLeft <= 0) {
    return { ok: false, reason: 'out_of_stock', details: {} };
  }
  const cost = costFor(reward, member);
  if (member.available < cost) {
    return {
      ok: false,
      reason: 'insufficient_points',
      details: { available: member.available, needed: cost },
    };
  }
  return { ok: true, cost };
}

/** Start of the rolling window a period limit counts in ("at most N in any 30 days" for a month). */
export function periodStart(period: LimitPeriod, now: Date): Date {
  const days = { day: 1, week: 7, month: 30, year: 365 }[period];
  return new Date(now.getTime() - days * 86_400_000);
}
