import { describe, expect, it } from 'vitest';
import { meanDifference, rateLift } from './lift.ts';
import { differenceInterval, twoProportionTest, wilsonInterval, zFor } from './proportions.ts';
import { pickWinner, type VariantCounts } from './winner.ts';

const variant = (
  key: string,
  delivered: number,
  opened: number,
  clicked = 0,
  converted = 0,
): VariantCounts => ({
  key,
  delivered,
  opened,
  clicked,
  converted,
});

describe('rates with Wilson intervals', () => {
  it('matches the published values', () => {
    expect(zFor(0.95)).toBeCloseTo(1.959964, 6);
    const half = wilsonInterval({ successes: 5, trials: 10 });
    expect(half.rate).toBe(0.5);
    expect(half.low).toBeCloseTo(0.2366, 4);
    expect(half.high).toBeCloseTo(0.7634, 4);
    const one = wilsonInterval({ successes: 1, trials: 10 });
    expect(one.low).toBeCloseTo(0.0179, 4);
    expect(one.high).toBeCloseTo(0.4042, 4);
  });

  it('stays inside 0..1 at the edges and knows nothing without trials', () => {
    expect(wilsonInterval({ successes: 0, trials: 10 })).toEqual({
      rate: 0,
      low: 0,
      high: expect.closeTo(0.2775, 4),
    });
    const all = wilsonInterval({ successes: 40, trials: 40 });
    expect(all.high).toBe(1);
    expect(all.low).toBeCloseTo(0.9124, 4);
    expect(wilsonInterval({ successes: 0, trials: 0 })).toEqual({ rate: 0, low: 0, high: 1 });
  });

  it('narrows with a lower confidence and refuses what is not a proportion', () => {
    const p = { successes: 30, trials: 200 };
    const at95 = wilsonInterval(p);
    const at80 = wilsonInterval(p, 0.8);
    expect(at80.high - at80.low).toBeLessThan(at95.high - at95.low);
    expect(() => wilsonInterval({ successes: 11, trials: 10 })).toThrow(RangeError);
    expect(() => wilsonInterval({ successes: -1, trials: 10 })).toThrow(RangeError);
    expect(() => wilsonInterval({ successes: 1.5, trials: 10 })).toThrow(RangeError);
    expect(() => zFor(1)).toThrow(RangeError);
  });
});

describe('two proportions', () => {
  it('tests the difference with the pooled rate', () => {
    const t = twoProportionTest({ successes: 56, trials: 70 }, { successes: 48, trials: 80 });
    expect(t.difference).toBeCloseTo(0.2, 10);
    expect(t.z).toBeCloseTo(2.6502, 4);
    expect(t.pValue).toBeCloseTo(0.008045, 5);
  });

  it('finds no evidence where there is none', () => {
    expect(twoProportionTest({ successes: 0, trials: 50 }, { successes: 0, trials: 70 }).pValue).toBe(1);
    expect(twoProportionTest({ successes: 5, trials: 50 }, { successes: 0, trials: 0 }).pValue).toBe(1);
    expect(twoProportionTest({ successes: 7, trials: 70 }, { successes: 7, trials: 70 }).pValue).toBeCloseTo(
      1,
      10,
    );
  });

  it("gives Newcombe's hybrid score interval of the difference", () => {
    // Newcombe (1998), Statistics in Medicine 17:873, table II, example (a), method 10.
    const ci = differenceInterval({ successes: 56, trials: 70 }, { successes: 48, trials: 80 });
    expect(ci.low).toBeCloseTo(0.0524, 4);
    expect(ci.high).toBeCloseTo(0.3339, 4);
  });
});

describe('lift against the holdout', () => {
  it('gives the absolute and relative lift with their intervals', () => {
    const lift = rateLift({ successes: 30, trials: 1000 }, { successes: 20, trials: 1000 });
    expect(lift.treatedRate).toBe(0.03);
    expect(lift.holdoutRate).toBe(0.02);
    expect(lift.absolute.difference).toBeCloseTo(0.01, 10);
    expect(lift.absolute.low).toBeLessThan(0);
    expect(lift.absolute.high).toBeGreaterThan(0.01);
    expect(lift.relative?.lift).toBeCloseTo(0.5, 10);
    expect(lift.relative?.low).toBeCloseTo(-0.1423, 4);
    expect(lift.relative?.high).toBeCloseTo(1.62328, 4);
    expect(lift.pValue).toBeCloseTo(0.15208, 4);
    expect(lift.significant).toBe(false);
  });

  it('has no relative lift when the holdout never converted, and is significant when it is clear', () => {
    const lift = rateLift({ successes: 40, trials: 500 }, { successes: 0, trials: 500 });
    expect(lift.relative).toBeNull();
    expect(lift.significant).toBe(true);
    expect(lift.absolute.low).toBeGreaterThan(0);
    expect(rateLift({ successes: 3, trials: 100 }, { successes: 0, trials: 0 }).significant).toBe(false);
  });

  it("compares revenue per member with Welch's standard error", () => {
    // 100 members each side; 10 treated and 5 held-out spent 1,000 (minor units).
    const d = meanDifference(
      { members: 100, sum: 10_000, sumOfSquares: 10 * 1000 ** 2 },
      { members: 100, sum: 5_000, sumOfSquares: 5 * 1000 ** 2 },
    );
    expect(d.treatedMean).toBe(100);
    expect(d.holdoutMean).toBe(50);
    expect(d.difference).toBe(50);
    expect(d.low).toBeCloseTo(-23.0435, 3);
    expect(d.high).toBeCloseTo(123.0435, 3);
    expect(d.pValue).toBeCloseTo(0.17971, 4);
    expect(d.significant).toBe(false);
  });

  it('says nothing about one member, and is exact when nobody varies', () => {
    const one = meanDifference(
      { members: 1, sum: 500, sumOfSquares: 250_000 },
      { members: 10, sum: 0, sumOfSquares: 0 },
    );
    expect(one).toMatchObject({ difference: 500, low: null, high: null, significant: false });
    const flat = meanDifference(
      { members: 5, sum: 500, sumOfSquares: 50_000 },
      { members: 5, sum: 0, sumOfSquares: 0 },
    );
    expect(flat).toMatchObject({ difference: 100, low: 100, high: 100, pValue: 0, significant: true });
  });
});

describe('pickWinner', () => {
  it('picks the best rate and says when it is significant', () => {
    const d = pickWinner([variant('a', 1000, 200), variant('b', 1000, 280)], 'open');
    expect(d.winner).toBe('b');
    expect(d.reason).toBe('significant');
    expect(d.variants.map((v) => v.key)).toEqual(['a', 'b']);
    expect(d.variants[0]!.pValue).toBeLessThan(0.001);
    expect(d.variants[1]!.pValue).toBe(1);
    expect(d.variants[1]!.rate).toBe(0.28);
  });

  it('picks on the metric asked for', () => {
    const vs = [variant('a', 500, 250, 10, 1), variant('b', 500, 100, 60, 2), variant('c', 500, 100, 20, 9)];
    expect(pickWinner(vs, 'open').winner).toBe('a');
    expect(pickWinner(vs, 'click').winner).toBe('b');
    expect(pickWinner(vs, 'conversion').winner).toBe('c');
  });

  it('splits the confidence between comparisons with four variants', () => {
    // b beats a at p ≈ 0.03: significant alone, not against three at once (0.05 / 3).
    const two = pickWinner([variant('a', 1000, 100), variant('b', 1000, 130)], 'open');
    expect(two.reason).toBe('significant');
    const four = pickWinner(
      [variant('a', 1000, 100), variant('b', 1000, 130), variant('c', 1000, 60), variant('d', 1000, 50)],
      'open',
    );
    expect(four.winner).toBe('b');
    expect(four.reason).toBe('not_significant');
  });

  it('gives ties and an empty test to the first variant', () => {
    expect(pickWinner([variant('a', 100, 10), variant('b', 200, 20)], 'open')).toMatchObject({
      winner: 'a',
      reason: 'tie',
    });
    expect(pickWinner([variant('a', 0, 0), variant('b', 0, 0)], 'click')).toMatchObject({
      winner: 'a',
      reason: 'no_data',
    });
    expect(pickWinner([variant('a', 10, 3)], 'open').reason).toBe('not_significant');
    expect(() => pickWinner([], 'open')).toThrow(RangeError);
  });

  it('never counts more successes than deliveries', () => {
    const d = pickWinner([variant('a', 10, 12), variant('b', 10, 2)], 'open');
    expect(d.variants[0]).toMatchObject({ successes: 10, trials: 10, rate: 1 });
  });
});
