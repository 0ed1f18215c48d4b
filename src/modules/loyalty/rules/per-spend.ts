import { eligibleAmount } from './conditions.ts';
import type { EarningContext, EarningRule } from './types.ts';

/** Base points: `points` for every whole `per` minor units of the eligible spend. */
export function perSpendPoints(rule: EarningRule, ctx: EarningContext): number {
  if (rule.effect.type !== 'per_spend') return 0;
  const amount = eligibleAmount(rule.conditions, ctx);
  return Math.floor(amount / rule.effect.per) * rule.effect.points;
}
