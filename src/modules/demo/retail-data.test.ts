// The generated retail data set is reproducible and has the shape it promises.
import { describe, expect, it } from 'vitest';
import { DEFAULT_DIRT, retailOrderLines, retailOrders, type RetailShape } from './retail-data.ts';

const shape: RetailShape = { seed: 42, customers: 2_000, from: new Date('2024-01-01T00:00:00Z'), days: 730 };

describe('retail data set', () => {
  it('gives the same rows for the same seed, and other rows for another', () => {
    const first = [...retailOrderLines({ ...shape, customers: 50 })];
    expect([...retailOrderLines({ ...shape, customers: 50 })]).toEqual(first);
    expect([...retailOrderLines({ ...shape, seed: 43, customers: 50 })]).not.toEqual(first);
  });

  it('has a long tail of regulars, a December peak and dates inside the period', () => {
    const spend = new Map<number, number>();
    const byMonth = new Array<number>(12).fill(0);
    let orders = 0;
    for (const o of retailOrders(shape)) {
      orders++;
      const total = o.lines.reduce((s, l) => s + l.product.price * l.quantity, 0);
      spend.set(o.customer.index, (spend.get(o.customer.index) ?? 0) + total);
      byMonth[o.at.getUTCMonth()]!++;
      expect(o.at.getTime()).toBeGreaterThanOrEqual(shape.from.getTime());
      expect(o.at.getTime()).toBeLessThan(shape.from.getTime() + shape.days * 86_400_000);
    }
    expect(orders / shape.customers).toBeGreaterThan(7);
    expect(orders / shape.customers).toBeLessThan(14);
    const sorted = [...spend.values()].sort((a, b) => b - a);
    const top = sorted.slice(0, shape.customers / 5).reduce((a, b) => a + b, 0);
    expect(top / sorted.reduce((a, b) => a + b, 0)).toBeGreaterThan(0.5);
    expect(byMonth[11]!).toBeGreaterThan(byMonth[7]! * 1.8);
  });

  it('has the dirt the history import must clean, near the stated rates', () => {
    let lines = 0;
    let cancelled = 0;
    let guest = 0;
    let zero = 0;
    let duplicates = 0;
    let previous = '';
    for (const l of retailOrderLines(shape)) {
      lines++;
      const key = JSON.stringify(l);
      if (key === previous) duplicates++;
      previous = key;
      if (l.invoice.startsWith('C')) {
        cancelled++;
        expect(l.quantity).toBeLessThan(0);
      }
      if (l.customerId === null) guest++;
      if (l.unitPrice === 0) zero++;
    }
    const near = (part: number, rate: number) => expect(Math.abs(part / lines - rate)).toBeLessThan(rate / 2);
    near(guest, DEFAULT_DIRT.noCustomer);
    near(duplicates, DEFAULT_DIRT.duplicate);
    near(cancelled, DEFAULT_DIRT.cancelled);
    expect(zero).toBeGreaterThan(0);
  });
});
