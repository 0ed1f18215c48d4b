// Can this coupon be used on this cart, and what does it give? Pure: the till API calls it for validate
// and, under the coupon's row lock, for redeem, so both always agree.
import { computeDiscount } from './discounts/compute.ts';
import type { Cart, DiscountEffect, DiscountLine, DiscountRefusal } from './discounts/types.ts';
import type { CouponStatus, RewardEffect, RewardKind } from './tables.ts';

export interface CouponFacts {
  kind: RewardKind;
  status: CouponStatus;
  memberId: string | null;
  expiresAt: Date | null;
  effect: RewardEffect;
  conditions: Parameters<typeof computeDiscount>[2];
  balance: number | null;
}

export type CouponRefusal =
  | 'used'
  | 'cancelled'
  | 'expired'
  | 'not_yours'
  | 'gift_card_empty'
  | 'amount_over_balance'
  | DiscountRefusal;

export interface CouponBenefit {
  /** Minor units off the cart (gift cards: the amount taken from the balance). */
  amount: number;
  lines: DiscountLine[];
  freeShipping: boolean;
  /** Gift cards: the balance left after this use. */
  balanceAfter: number | null;
}

export type CouponCheck =
  | { ok: true; benefit: CouponBenefit }
  | { ok: false; reason: CouponRefusal; details: Record<string, unknown> };

export function discountEffect(kind: RewardKind, effect: RewardEffect): DiscountEffect {
  switch (kind) {
    case 'percentage_discount':
      return { type: 'percentage', percent: effect.percent ?? 0, maxAmount: effect.maxAmount };
    case 'fixed_discount':
      return { type: 'fixed_amount', amount: effect.amount ?? 0 };
    case 'free_shipping':
      return { type: 'free_shipping' };
    case 'free_product':
      return { type: 'free_product', sku: effect.sku ?? '', quantity: effect.quantity };
    case 'gift_card':
    case 'early_access':
    case 'partner_product':
    case 'donation':
      return { type: 'none' };
  }
}

export function checkCouponUse(
  coupon: CouponFacts,
  use: { now: Date; memberId?: string | undefined; cart: Cart; amount?: number | undefined },
): CouponCheck {
  if (coupon.status === 'redeemed') return { ok: false, reason: 'used', details: {} };
  if (coupon.status === 'cancelled') return { ok: false, reason: 'cancelled', details: {} };
  if (coupon.status === 'expired' || (coupon.expiresAt && coupon.expiresAt <= use.now)) {
    return { ok: false, reason: 'expired', details: { expiresAt: coupon.expiresAt?.toISOString() ?? null } };
  }
  if (coupon.memberId && use.memberId && coupon.memberId !== use.memberId) {
    return { ok: false, reason: 'not_yours', details: {} };
  }
  if (coupon.kind === 'gift_card') return giftCardUse(coupon, use);
  const result = computeDiscount(use.cart, discountEffect(coupon.kind, coupon.effect), coupon.conditions);
  if (!result.ok) return result;
  return {
    ok: true,
    benefit: {
      amount: result.amount,
      lines: result.lines,
      freeShipping: result.freeShipping,
      balanceAfter: null,
    },
  };
}

/** A gift card pays up to its balance: the amount asked for, or as much of the cart as it covers. */
function giftCardUse(
  coupon: CouponFacts,
  use: { cart: Cart; amount?: number | undefined; now: Date },
): CouponCheck {
  const balance = coupon.balance ?? 0;
  if (balance <= 0) return { ok: false, reason: 'gift_card_empty', details: { balance } };
  const restricted = computeDiscount(use.cart, { type: 'none' }, coupon.conditions);
  if (!restricted.ok) return restricted;
  if (use.amount !== undefined && use.amount > balance) {
    return { ok: false, reason: 'amount_over_balance', details: { balance, amount: use.amount } };
  }
  const amount = Math.min(use.amount ?? balance, balance, use.cart.total);
  if (amount <= 0) return { ok: false, reason: 'nothing_to_discount', details: { balance } };
  return { ok: true, benefit: { amount, lines: [], freeShipping: false, balanceAfter: balance - amount } };
}
