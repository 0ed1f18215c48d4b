import { describe, expect, it } from 'vitest';
import { bucketRange, bucketStart, localDate, MAX_BUCKETS } from './buckets.ts';

describe('report buckets', () => {
  it('starts weeks on Monday, Sunday or Saturday', () => {
    // 2026-03-04 is a Wednesday
    expect(bucketStart('2026-03-04', 'week')).toBe('2026-03-02');
    expect(bucketStart('2026-03-04', 'week', 'sunday')).toBe('2026-03-01');
    expect(bucketStart('2026-03-04', 'week', 'saturday')).toBe('2026-02-28');
    expect(bucketStart('2026-02-28', 'week', 'saturday')).toBe('2026-02-28');
  });

  it('widens a range to whole buckets, across 29 February and year ends', () => {
    expect(bucketRange('2028-02-27', '2028-03-01', 'day')?.starts).toEqual([
      '2028-02-27',
      '2028-02-28',
      '2028-02-29',
      '2028-03-01',
    ]);
    expect(bucketRange('2026-11-15', '2027-01-02', 'month')).toEqual({
      from: '2026-11-01',
      until: '2027-02-01',
      starts: ['2026-11-01', '2026-12-01', '2027-01-01'],
    });
    expect(bucketRange('2026-03-02', '2026-03-01', 'day')).toBeUndefined();
    expect(bucketRange('2020-01-01', '2026-01-01', 'day')).toBeUndefined();
    expect(bucketRange('2020-01-01', '2026-01-01', 'month')?.starts).toHaveLength(73);
    expect(MAX_BUCKETS).toBeGreaterThan(366);
  });

  it('knows the local day in a zone', () => {
    expect(localDate(new Date('2026-03-02T22:30:00Z'), 'Asia/Jerusalem')).toBe('2026-03-03');
    expect(localDate(new Date('2026-03-02T22:30:00Z'), 'America/New_York')).toBe('2026-03-02');
  });
});
