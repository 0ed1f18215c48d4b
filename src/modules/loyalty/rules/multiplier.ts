import { eligibleAmount } from './conditions.ts';
import type { EarningContext, EarningRule } from './types.ts';

// Factors are applied in basis points so that 1.15 × 100 is 115, not 114.99999.
const BP = 10_000;
export const toBasisPoints = (factor: number) => Math.round(factor * BP);

/** Extra points over `base` for a factor: factor 2 on 100 points adds 100. */
export function extraForFactor(factor: number, base: number): number {
  return Math.floor(((toBasisPoints(factor) - BP) * base) / BP);
}

/**
 * A multiplier multiplies the base points earned on the spend it matches: the whole order, or (with sku /
 * category conditions) the share of the base points that the matching lines represent.
 */
export function multiplierExtraPoints(rule: EarningRule, ctx: EarningContext, base: number): number {
  if (rule.effect.type !== 'multiplier' || ctx.total <= 0 || base <= 0) return 0;
  const amount = eligibleAmount(rule.conditions, ctx);
  const matchedBase = amount >= ctx.total ? base : Math.floor((base * amount) / ctx.total);
  return extraForFactor(rule.effect.factor, matchedBase);
}
