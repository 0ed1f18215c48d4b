import { eligibleAmount, hasItemConditions } from './conditions.ts';
import type { EarningContext, EarningRule } from './types.ts';

/** Fixed points; a bonus tied to SKUs/categories fires only when the order contains one of them. */
export function bonusPoints(rule: EarningRule, ctx: EarningContext): number {
  if (rule.effect.type !== 'bonus') return 0;
  if (
    ctx.trigger === 'purchase' &&
    hasItemConditions(rule.conditions) &&
    eligibleAmount(rule.conditions, ctx) <= 0
  )
    return 0;
  return rule.effect.points;
}
