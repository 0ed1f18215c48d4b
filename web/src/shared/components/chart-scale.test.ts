import { describe, expect, it } from 'vitest';
import { valueAxis } from './chart-scale.ts';

describe('chart value axis', () => {
  it('gives round ticks just above the data', () => {
    expect(valueAxis([12, 240, 80])).toEqual({ max: 250, ticks: [0, 50, 100, 150, 200, 250] });
    expect(valueAxis([1_234_567])).toEqual({
      max: 1_400_000,
      ticks: [0, 200_000, 400_000, 600_000, 800_000, 1_000_000, 1_200_000, 1_400_000],
    });
  });

  it('never gives a count a fractional tick', () => {
    expect(valueAxis([1, 3, 2])).toEqual({ max: 3, ticks: [0, 1, 2, 3] });
    expect(valueAxis([1])).toEqual({ max: 1, ticks: [0, 1] });
    expect(valueAxis([0, 0])).toEqual({ max: 4, ticks: [0, 1, 2, 3, 4] });
  });

  it('keeps fractions for values that have them', () => {
    expect(valueAxis([0.4, 0.8])).toEqual({ max: 0.8, ticks: [0, 0.2, 0.4, 0.6, 0.8] });
  });
});
