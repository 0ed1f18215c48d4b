import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMonths, lapsedThrough } from './local-time.ts';

describe('lapsedThrough', () => {
  it('is the last moment whose addMonths is at or before the given one', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2020-01-01'), max: new Date('2035-01-01'), noInvalidDate: true }),
        fc.date({ min: new Date('2020-01-01'), max: new Date('2035-01-01'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 36 }),
        (activity, now, months) => {
          const through = lapsedThrough(now, months);
          expect(addMonths(activity, months) <= now).toBe(activity <= through);
          expect(addMonths(through, months) <= now).toBe(true);
          expect(addMonths(new Date(through.getTime() + 1), months) > now).toBe(true);
        },
      ),
      { seed: 20261201, numRuns: 2000 },
    );
  });

  it('covers the days that clamping lands on the end of a shorter month', () => {
    // 29, 30 and 31 January + 1 month all land on 28 February 2027.
    expect(lapsedThrough(new Date('2027-02-28T10:00:00Z'), 1)).toEqual(new Date('2027-01-31T10:00:00Z'));
    // 30 March − 1 month: all of 28 February has lapsed, 1 March not yet.
    expect(lapsedThrough(new Date('2027-03-30T10:00:00Z'), 1)).toEqual(new Date('2027-02-28T23:59:59.999Z'));
    expect(lapsedThrough(new Date('2028-03-15T08:30:00Z'), 12)).toEqual(new Date('2027-03-15T08:30:00Z'));
  });
});
