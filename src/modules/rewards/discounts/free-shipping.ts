// Free shipping: the cart's shipping charge comes off (zero when the cart has none, still a valid coupon).
import type { Cart, EffectResult } from './types.ts';

export function freeShipping(cart: Cart): EffectResult {
  return { ok: true, amount: cart.shipping ?? 0, lines: [], freeShipping: true };
}
