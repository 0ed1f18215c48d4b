import { describe, expect, it } from 'vitest';
import { capRelease, countsUntil } from './caps.ts';

const caps = (day: number | null, week: number | null = null, month: number | null = null) => ({
  day,
  week,
  month,
});
const release = (at: string, contacts: string[], c: ReturnType<typeof caps>, zone = 'Asia/Jerusalem') =>
  capRelease(
    new Date(at),
    contacts.map((x) => new Date(x)),
    c,
    zone,
  )?.toISOString();

describe('frequency caps', () => {
  it('a day cap of 1: the next message waits until the same local time the next day', () => {
    expect(release('2026-06-10T12:00:00Z', [], caps(1))).toBeUndefined();
    expect(release('2026-06-10T12:00:00Z', ['2026-06-10T07:00:00Z'], caps(1))).toBe(
      '2026-06-11T07:00:00.000Z',
    );
    expect(release('2026-06-11T07:00:00Z', ['2026-06-10T07:00:00Z'], caps(1))).toBeUndefined();
  });

  it('a local day is 23 hours on the spring-forward day and 25 on the fall-back day (Asia/Jerusalem)', () => {
    expect(countsUntil(new Date('2026-03-26T10:00:00Z'), 'day', 'Asia/Jerusalem').toISOString()).toBe(
      '2026-03-27T09:00:00.000Z',
    );
    expect(countsUntil(new Date('2026-10-24T10:00:00Z'), 'day', 'Asia/Jerusalem').toISOString()).toBe(
      '2026-10-25T11:00:00.000Z',
    );
  });

  it('the month window around 29 February: 31 January counts until 29 February, 29 February until 29 March', () => {
    expect(countsUntil(new Date('2028-01-31T10:00:00Z'), 'month', 'Asia/Jerusalem').toISOString()).toBe(
      '2028-02-29T10:00:00.000Z',
    );
    // 12:00 IST on 29 February → 12:00 IDT on 29 March (DST began on 24 March 2028)
    expect(countsUntil(new Date('2028-02-29T10:00:00Z'), 'month', 'Asia/Jerusalem').toISOString()).toBe(
      '2028-03-29T09:00:00.000Z',
    );
    // 2027 has no 29 February: 31 January counts until 28 February
    expect(countsUntil(new Date('2027-01-31T10:00:00Z'), 'month', 'Asia/Jerusalem').toISOString()).toBe(
      '2027-02-28T10:00:00.000Z',
    );
  });

  it('a week cap of 2 with three contacts waits for the second-oldest to leave the window', () => {
    const contacts = ['2026-06-01T08:00:00Z', '2026-06-03T08:00:00Z', '2026-06-05T08:00:00Z'];
    expect(release('2026-06-06T08:00:00Z', contacts, caps(null, 2))).toBe('2026-06-10T08:00:00.000Z');
  });

  it('the strictest window decides', () => {
    const contacts = ['2026-06-01T08:00:00Z', '2026-06-09T08:00:00Z'];
    // day: free on 10 June 08:00; month cap 2: free on 1 July 08:00
    expect(release('2026-06-09T12:00:00Z', contacts, caps(1, 5, 2))).toBe('2026-07-01T08:00:00.000Z');
  });
});
