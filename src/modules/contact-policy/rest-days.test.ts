import { describe, expect, it } from 'vitest';
import { restDayEnd } from './rest-days.ts';
import type { RestDay } from './policy.ts';

const end = (at: string, days: RestDay[], zone = 'Asia/Jerusalem') =>
  restDayEnd(new Date(at), days, zone)?.toISOString();

describe('rest days', () => {
  it('Shabbat: from candle-lighting on Friday to havdalah on Saturday night (Jerusalem, hebcal)', () => {
    // 18–19 September 2026: candles 18:01 IDT, havdalah 19:16 IDT
    expect(end('2026-09-18T15:00:00Z', ['shabbat'])).toBeUndefined();
    expect(end('2026-09-18T15:01:00Z', ['shabbat'])).toBe('2026-09-19T16:16:00.000Z');
    expect(end('2026-09-19T10:00:00Z', ['shabbat'])).toBe('2026-09-19T16:16:00.000Z');
    expect(end('2026-09-19T16:16:00Z', ['shabbat'])).toBeUndefined();
  });

  it('Shabbat across the DST change (27–28 March 2026) and in winter', () => {
    // Friday 27 March 2026 is the spring-forward day; havdalah on Saturday 19:32 IDT (+03)
    expect(end('2026-03-27T17:00:00Z', ['shabbat'])).toBe('2026-03-28T16:32:00.000Z');
    expect(end('2026-12-05T10:00:00Z', ['shabbat'])).toBe('2026-12-05T15:14:00.000Z');
  });

  it('Jewish holidays: Yom Kippur (Sunday–Monday) is a holiday, not a Shabbat', () => {
    expect(end('2026-09-21T10:00:00Z', ['shabbat'])).toBeUndefined();
    expect(end('2026-09-21T10:00:00Z', ['jewish_holidays'])).toBe('2026-09-21T16:14:00.000Z');
  });

  it('Rosh Hashana after Shabbat is one rest, from Friday candles to Sunday havdalah', () => {
    expect(end('2026-09-12T20:00:00Z', ['shabbat', 'jewish_holidays'])).toBe('2026-09-13T16:24:00.000Z');
  });

  it('Friday in the member’s zone (Iran), on both sides of the 2022 abolition of DST', () => {
    // Friday 4 December 2026 13:30 +03:30 → Saturday 00:00 +03:30
    expect(end('2026-12-04T10:00:00Z', ['friday'], 'Asia/Tehran')).toBe('2026-12-04T20:30:00.000Z');
    // Friday 2 July 2021 under DST (+04:30) → Saturday 00:00 +04:30
    expect(end('2021-07-02T10:00:00Z', ['friday'], 'Asia/Tehran')).toBe('2021-07-02T19:30:00.000Z');
    expect(end('2026-12-03T10:00:00Z', ['friday'], 'Asia/Tehran')).toBeUndefined();
  });
});
