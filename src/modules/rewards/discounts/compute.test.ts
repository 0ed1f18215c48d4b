import { describe, expect, it } from 'vitest';
import { computeDiscount } from './compute.ts';
import { allocate } from './eligible.ts';
import type { Cart } from './types.ts';

const cart = (over: Partial<Cart> = {}): Cart => ({
  total: 10_000,
  currency: 'ILS',
  items: [
    { sku: 'coffee', category: 'drinks', quantity: 2, price: 1_200 },
    { sku: 'cake', category: 'food', quantity: 1, price: 2_600 },
    { sku: 'beans', category: 'retail', quantity: 1, price: 5_000 },
  ],
  ...over,
});

describe('discount on a cart', () => {
  it('takes a percentage of the eligible lines only, rounded half up, split exactly over the lines', () => {
    const r = computeDiscount(
      cart(),
      { type: 'percentage', percent: 10 },
      { categories: ['drinks', 'food'] },
    );
    expect(r).toEqual({
      ok: true,
      amount: 500,
      eligibleTotal: 5_000,
      freeShipping: false,
      lines: [
        { sku: 'coffee', amount: 240 },
        { sku: 'cake', amount: 260 },
      ],
    });
    // 15 % of 333 = 49.95 → 50
    const odd = computeDiscount(cart({ total: 333, items: [{ sku: 'x', quantity: 1, price: 333 }] }), {
      type: 'percentage',
      percent: 15,
    });
    expect(odd).toMatchObject({ ok: true, amount: 50 });
    const capped = computeDiscount(cart(), { type: 'percentage', percent: 50, maxAmount: 2_000 });
    expect(capped).toMatchObject({ ok: true, amount: 2_000 });
  });

  it('applies to the order total (less shipping) when the cart has no lines', () => {
    const r = computeDiscount(cart({ items: [], total: 4_990, shipping: 990 }), {
      type: 'percentage',
      percent: 10,
    });
    expect(r).toEqual({ ok: true, amount: 400, eligibleTotal: 4_000, freeShipping: false, lines: [] });
  });

  it('caps a fixed amount at the eligible total', () => {
    expect(computeDiscount(cart(), { type: 'fixed_amount', amount: 5_000 }, { skus: ['coffee'] })).toEqual({
      ok: true,
      amount: 2_400,
      eligibleTotal: 2_400,
      freeShipping: false,
      lines: [{ sku: 'coffee', amount: 2_400 }],
    });
    const whole = computeDiscount(cart(), { type: 'fixed_amount', amount: 1_000 });
    expect(whole).toMatchObject({ ok: true, amount: 1_000 });
    if (whole.ok) expect(whole.lines.reduce((s, l) => s + l.amount, 0)).toBe(1_000);
  });

  it('gives the cheapest units of a free product, and refuses when it is not in the cart', () => {
    const c = cart({
      items: [
        { sku: 'coffee', quantity: 1, price: 1_400 },
        { sku: 'coffee', quantity: 2, price: 1_200 },
      ],
      total: 3_800,
    });
    expect(computeDiscount(c, { type: 'free_product', sku: 'coffee' })).toMatchObject({
      ok: true,
      amount: 1_200,
      lines: [{ sku: 'coffee', amount: 1_200 }],
    });
    expect(computeDiscount(c, { type: 'free_product', sku: 'coffee', quantity: 2 })).toMatchObject({
      amount: 2_400,
    });
    expect(computeDiscount(c, { type: 'free_product', sku: 'tea' })).toEqual({
      ok: false,
      reason: 'product_not_in_cart',
      details: { sku: 'tea' },
    });
  });

  it('takes the shipping off for free shipping', () => {
    expect(computeDiscount(cart({ shipping: 2_990 }), { type: 'free_shipping' })).toMatchObject({
      ok: true,
      amount: 2_990,
      freeShipping: true,
    });
    expect(computeDiscount(cart(), { type: 'free_shipping' })).toMatchObject({ ok: true, amount: 0 });
  });

  it('refuses with a stable reason: minimum total, store, channel, partner, currency, no eligible line', () => {
    const pct = { type: 'percentage' as const, percent: 10 };
    expect(computeDiscount(cart(), pct, { minTotal: 10_001 })).toEqual({
      ok: false,
      reason: 'min_total_not_met',
      details: { minTotal: 10_001, total: 10_000 },
    });
    expect(computeDiscount(cart(), pct, { minTotal: 10_000 })).toMatchObject({ ok: true });
    expect(computeDiscount(cart({ storeId: 'haifa' }), pct, { stores: ['tel-aviv'] })).toMatchObject({
      ok: false,
      reason: 'wrong_store',
    });
    expect(computeDiscount(cart(), pct, { stores: ['tel-aviv'] })).toMatchObject({ reason: 'wrong_store' });
    expect(computeDiscount(cart({ channel: 'web' }), pct, { channels: ['pos'] })).toMatchObject({
      reason: 'wrong_channel',
    });
    expect(computeDiscount(cart(), pct, { partners: ['p1'] })).toMatchObject({ reason: 'wrong_partner' });
    expect(computeDiscount(cart({ currency: 'USD' }), pct, { currency: 'ILS' })).toMatchObject({
      reason: 'currency_mismatch',
    });
    expect(computeDiscount(cart(), pct, { skus: ['tea'] })).toMatchObject({ reason: 'no_eligible_items' });
    // Store is checked before the minimum: the same cart always gets the same first reason.
    expect(computeDiscount(cart(), pct, { stores: ['x'], minTotal: 1e9 })).toMatchObject({
      reason: 'wrong_store',
    });
  });

  it('never discounts more than the cart total', () => {
    const r = computeDiscount(
      { total: 500, currency: 'ILS', items: [{ sku: 'a', quantity: 1, price: 1_000 }] },
      { type: 'fixed_amount', amount: 800 },
    );
    expect(r).toMatchObject({ ok: true, amount: 500 });
  });

  it('allocates by largest remainder so parts sum to the whole', () => {
    const lines = [1, 1, 1].map((_, i) => ({ sku: `s${i}`, quantity: 1, price: 100, total: 100 }));
    expect(allocate(100, lines)).toEqual([
      { sku: 's0', amount: 34 },
      { sku: 's1', amount: 33 },
      { sku: 's2', amount: 33 },
    ]);
  });
});
