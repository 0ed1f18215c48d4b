// Which lines of a cart a coupon applies to, and how an amount off splits over them.
import type { Cart, DiscountConditions, DiscountLine } from './types.ts';

export interface EligibleLine {
  sku: string;
  quantity: number;
  price: number;
  total: number;
}

export function hasLineConditions(c: DiscountConditions): boolean {
  return (c.skus?.length ?? 0) > 0 || (c.categories?.length ?? 0) > 0;
}

export function eligibleLines(cart: Cart, c: DiscountConditions): EligibleLine[] {
  const restricted = hasLineConditions(c);
  return cart.items
    .filter(
      (item) =>
        !restricted ||
        (c.skus ?? []).includes(item.sku) ||
        (item.category !== undefined && (c.categories ?? []).includes(item.category)),
    )
    .map((item) => ({
      sku: item.sku,
      quantity: item.quantity,
      price: item.price,
      total: item.price * item.quantity,
    }));
}

/** The goods total a whole-order discount applies to: the lines when given, else the total less shipping. */
export function eligibleTotal(cart: Cart, c: DiscountConditions, lines: EligibleLine[]): number {
  if (cart.items.length === 0 && !hasLineConditions(c)) return Math.max(0, cart.total - (cart.shipping ?? 0));
  return lines.reduce((s, l) => s + l.total, 0);
}

/**
 * Splits `amount` over the lines in proportion to their totals, in whole minor units (largest remainder,
 * ties to the earlier line), so the parts always sum to the amount exactly.
 */
export function allocate(amount: number, lines: EligibleLine[]): DiscountLine[] {
  const base = lines.reduce((s, l) => s + l.total, 0);
  if (amount <= 0 || base <= 0) return [];
  const shares = lines.map((l, i) => {
    const exact = (BigInt(amount) * BigInt(l.total)) / BigInt(base);
    const remainder = (BigInt(amount) * BigInt(l.total)) % BigInt(base);
    return { i, sku: l.sku, amount: Number(exact), remainder };
  });
  let left = amount - shares.reduce((s, x) => s + x.amount, 0);
  const byRemainder = [...shares].sort((a, b) =>
    a.remainder === b.remainder ? a.i - b.i : a.remainder > b.remainder ? -1 : 1,
  );
  for (const share of byRemainder) {
    if (left <= 0) break;
    share.amount += 1;
    left -= 1;
  }
  return shares.filter((s) => s.amount > 0).map(({ sku, amount: a }) => ({ sku, amount: a }));
}
