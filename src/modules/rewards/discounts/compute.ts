// The discount a coupon gives on a cart: restrictions first, then the effect on the eligible lines.
import { eligibleLines, eligibleTotal, hasLineConditions } from './eligible.ts';
import { fixedAmountOff } from './fixed-amount.ts';
import { freeProduct } from './free-product.ts';
import { freeShipping } from './free-shipping.ts';
import { percentageOff } from './percentage.ts';
import { checkRestrictions } from './restrictions.ts';
import type { Cart, DiscountConditions, DiscountEffect, DiscountResult, EffectResult } from './types.ts';

export function computeDiscount(
  cart: Cart,
  effect: DiscountEffect,
  conditions: DiscountConditions = {},
): DiscountResult {
  const restriction = checkRestrictions(cart, conditions);
  if (!restriction.ok) return restriction;
  const lines = eligibleLines(cart, conditions);
  const base = eligibleTotal(cart, conditions, lines);
  if (hasLineConditions(conditions) && lines.length === 0 && effect.type !== 'free_shipping') {
    return {
      ok: false,
      reason: 'no_eligible_items',
      details: { skus: conditions.skus ?? [], categories: conditions.categories ?? [] },
    };
  }
  const result = applyEffect(cart, effect, lines, base);
  if (!result.ok) return result;
  // Never more than the customer pays.
  const amount = Math.min(result.amount, cart.total);
  return { ...result, amount, eligibleTotal: base };
}

function applyEffect(
  cart: Cart,
  effect: DiscountEffect,
  lines: ReturnType<typeof eligibleLines>,
  base: number,
): EffectResult {
  switch (effect.type) {
    case 'percentage':
      return percentageOff(effect, lines, base);
    case 'fixed_amount':
      return fixedAmountOff(effect, lines, base);
    case 'free_product':
      return freeProduct(effect, cart);
    case 'free_shipping':
      return freeShipping(cart);
    case 'none':
      return { ok: true, amount: 0, lines: [], freeShipping: false };
  }
}
