// Order-level conditions: currency, store, channel, partner, minimum total. The first one that fails is the
// reason, checked in this fixed order so the same cart always gets the same answer.
import type { Cart, DiscountConditions, DiscountRefusal } from './types.ts';

export type RestrictionCheck =
  { ok: true } | { ok: false; reason: DiscountRefusal; details: Record<string, unknown> };

const listed = (list: string[] | undefined, value: string | undefined) =>
  !list || list.length === 0 || (value !== undefined && list.includes(value));

export function checkRestrictions(cart: Cart, c: DiscountConditions): RestrictionCheck {
  if (c.currency && c.currency !== cart.currency) {
    return { ok: false, reason: 'currency_mismatch', details: { expected: c.currency, got: cart.currency } };
  }
  if (!listed(c.stores, cart.storeId)) {
    return { ok: false, reason: 'wrong_store', details: { stores: c.stores, storeId: cart.storeId ?? null } };
  }
  if (!listed(c.channels, cart.channel)) {
    return {
      ok: false,
      reason: 'wrong_channel',
      details: { channels: c.channels, channel: cart.channel ?? null },
    };
  }
  if (!listed(c.partners, cart.partnerId)) {
    return {
      ok: false,
      reason: 'wrong_partner',
      details: { partners: c.partners, partnerId: cart.partnerId ?? null },
    };
  }
  if (c.minTotal !== undefined && cart.total < c.minTotal) {
    return { ok: false, reason: 'min_total_not_met', details: { minTotal: c.minTotal, total: cart.total } };
  }
  return { ok: true };
}
