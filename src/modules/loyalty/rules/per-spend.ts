import { eligibleAmount } from './conditions.ts';
import type { EarningContext, EarningRule } from './types.ts';

/**
 * Base points: floor(eligible spend × points ÷ per) — "2 points for every ₪1" gives 25 for ₪12.50, not 24
 * (the spend is not floored to whole `per` first). Rounding is always down: a fraction of a point is never given.
 */
export function perSpendPoints(rule: EarningRule, ctx: EarningContext): number {
  if (rule.effect.type !== 'per_spend') return 0;
  const amount = eligibleAmount(rule.conditions, ctx);
  const { points, per } = rule.effect;
  const product = amount * points;
  if (Number.isSafeInteger(product)) return Math.floor(product / per);
  return Number((BigInt(amount) * BigInt(points)) / BigInt(per));
}
