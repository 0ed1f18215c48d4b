// A product for free: the price of up to `quantity` units of the SKU when the cart holds it.
import type { EffectResult } from './types.ts';
import type { Cart } from './types.ts';

export function freeProduct(
  effect: { sku: string; quantity?: number | undefined },
  cart: Cart,
): EffectResult {
  const wanted = effect.quantity ?? 1;
  const inCart = cart.items.filter((i) => i.sku === effect.sku);
  const units = inCart.reduce((s, i) => s + i.quantity, 0);
  if (units === 0) return { ok: false, reason: 'product_not_in_cart', details: { sku: effect.sku } };
  // The cheapest units of that SKU are the free ones (a cart may list the same SKU at two prices).
  const prices = inCart.flatMap((i) => Array.from({ length: Math.min(i.quantity, wanted) }, () => i.price));
  prices.sort((a, b) => a - b);
  const amount = prices.slice(0, wanted).reduce((s, p) => s + p, 0);
  if (amount <= 0) return { ok: false, reason: 'nothing_to_discount', details: { sku: effect.sku } };
  return { ok: true, amount, lines: [{ sku: effect.sku, amount }], freeShipping: false };
}
