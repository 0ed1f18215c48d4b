import type { EarningContext, PurchaseLine, RuleConditions } from './types.ts';

/** The first order-level condition that fails, or undefined when the rule applies to this context. */
export function failedCondition(c: RuleConditions, ctx: EarningContext): string | undefined {
  if (c.channels?.length && !(ctx.channel && c.channels.includes(ctx.channel)))
    return 'channel does not match';
  if (c.partners?.length && !(ctx.partnerId && c.partners.includes(ctx.partnerId)))
    return 'partner does not match';
  if (c.stores?.length && !(ctx.storeId && c.stores.includes(ctx.storeId))) return 'store does not match';
  if (c.tiers?.length && !(ctx.tier && c.tiers.includes(ctx.tier))) return 'tier does not match';
  if (c.daysOfWeek?.length && !c.daysOfWeek.includes(ctx.localDayOfWeek)) return 'day of week does not match';
  if (c.from && ctx.at.getTime() < Date.parse(c.from)) return 'before the rule starts';
  if (c.until && ctx.at.getTime() >= Date.parse(c.until)) return 'after the rule ends';
  if (c.minTotal !== undefined && ctx.total < c.minTotal) return 'order total below minimum';
  if (c.birthdayMonth && ctx.birthdayMonth !== ctx.localMonth) return 'not the birthday month';
  return undefined;
}

export const hasItemConditions = (c: RuleConditions) => Boolean(c.skus?.length || c.categories?.length);

export function lineMatches(c: RuleConditions, line: PurchaseLine): boolean {
  if (c.skus?.length && !c.skus.includes(line.sku)) return false;
  if (c.categories?.length && !(line.category && c.categories.includes(line.category))) return false;
  return true;
}

/** The spend a rule applies to: the matching lines for item rules (never more than the total), else the total. */
export function eligibleAmount(c: RuleConditions, ctx: EarningContext): number {
  if (!hasItemConditions(c)) return ctx.total;
  const sum = ctx.items.filter((l) => lineMatches(c, l)).reduce((s, l) => s + l.price * l.quantity, 0);
  return Math.min(sum, ctx.total);
}
