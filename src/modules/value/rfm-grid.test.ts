import { describe, expect, it } from 'vitest';
import { RFM_SEGMENTS, rfmSegment } from './rfm-grid.ts';

describe('RFM grid', () => {
  it('names every cell of the quintile grid, each segment at least once', () => {
    const grid = [5, 4, 3, 2, 1].map((r) => [1, 2, 3, 4, 5].map((f) => rfmSegment(r, f, 5)));
    expect(grid).toEqual([
      ['new', 'potential_loyalists', 'potential_loyalists', 'champions', 'champions'],
      ['promising', 'potential_loyalists', 'potential_loyalists', 'loyal', 'loyal'],
      ['about_to_sleep', 'about_to_sleep', 'need_attention', 'loyal', 'loyal'],
      ['hibernating', 'hibernating', 'at_risk', 'at_risk', 'cant_lose'],
      ['lost', 'hibernating', 'at_risk', 'at_risk', 'cant_lose'],
    ]);
    expect(new Set(grid.flat())).toEqual(new Set(RFM_SEGMENTS));
  });

  it('places quartiles at 1, 2, 4, 5 of the quintile grid', () => {
    const grid = [4, 3, 2, 1].map((r) => [1, 2, 3, 4].map((f) => rfmSegment(r, f, 4)));
    expect(grid).toEqual([
      ['new', 'potential_loyalists', 'champions', 'champions'],
      ['promising', 'potential_loyalists', 'loyal', 'loyal'],
      ['hibernating', 'hibernating', 'at_risk', 'cant_lose'],
      ['lost', 'hibernating', 'at_risk', 'cant_lose'],
    ]);
  });
});
