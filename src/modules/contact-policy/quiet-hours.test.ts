import { describe, expect, it } from 'vitest';
import { quietHoursEnd } from './quiet-hours.ts';

const NIGHT = { start: '21:00', end: '09:00' };
const end = (at: string, zone: string, quiet = NIGHT) =>
  quietHoursEnd(new Date(at), quiet, zone)?.toISOString();

describe('quiet hours in the member’s local time', () => {
  it('holds the evening and the early morning, not the day', () => {
    expect(end('2026-06-10T17:59:00Z', 'Asia/Jerusalem')).toBeUndefined(); // 20:59 IDT
    expect(end('2026-06-10T18:00:00Z', 'Asia/Jerusalem')).toBe('2026-06-11T06:00:00.000Z'); // 21:00 → 09:00
    expect(end('2026-06-11T05:59:00Z', 'Asia/Jerusalem')).toBe('2026-06-11T06:00:00.000Z');
    expect(end('2026-06-11T06:00:00Z', 'Asia/Jerusalem')).toBeUndefined();
  });

  it('quiet hours within one day (13:00–16:00)', () => {
    const siesta = { start: '13:00', end: '16:00' };
    expect(end('2026-06-10T10:30:00Z', 'Asia/Jerusalem', siesta)).toBe('2026-06-10T13:00:00.000Z');
    expect(end('2026-06-10T13:00:00Z', 'Asia/Jerusalem', siesta)).toBeUndefined();
    expect(end('2026-06-10T09:59:00Z', 'Asia/Jerusalem', siesta)).toBeUndefined();
  });

  it('Asia/Jerusalem: the spring-forward night is an hour shorter, the fall-back night an hour longer', () => {
    // 27 March 2026 02:00 → 03:00: 22:00 IST (+02) until 09:00 IDT (+03)
    expect(end('2026-03-26T20:00:00Z', 'Asia/Jerusalem')).toBe('2026-03-27T06:00:00.000Z');
    // 25 October 2026 02:00 → 01:00: 22:00 IDT until 09:00 IST
    expect(end('2026-10-24T19:00:00Z', 'Asia/Jerusalem')).toBe('2026-10-25T07:00:00.000Z');
  });

  it('an end inside the DST gap lands after the gap', () => {
    // 02:30 does not exist on 27 March 2026 in Israel: 03:30 IDT
    expect(end('2026-03-26T21:30:00Z', 'Asia/Jerusalem', { start: '23:00', end: '02:30' })).toBe(
      '2026-03-27T00:30:00.000Z',
    );
  });

  it('Asia/Tehran: DST in 2021 (+04:30 from 22 March), none since Iran abolished it in 2022', () => {
    // 21 March 2021 21:30 +03:30 → 22 March 09:00 +04:30
    expect(end('2021-03-21T18:00:00Z', 'Asia/Tehran')).toBe('2021-03-22T04:30:00.000Z');
    // 21 September 2021 21:30 +04:30 → 22 September 09:00 +03:30 (clocks went back at midnight)
    expect(end('2021-09-21T17:00:00Z', 'Asia/Tehran')).toBe('2021-09-22T05:30:00.000Z');
    // 2023: +03:30 all year, the same night ends at 09:00 +03:30
    expect(end('2023-03-21T18:00:00Z', 'Asia/Tehran')).toBe('2023-03-22T05:30:00.000Z');
    expect(end('2023-09-21T18:00:00Z', 'Asia/Tehran')).toBe('2023-09-22T05:30:00.000Z');
  });

  it('none without quiet hours', () => {
    expect(quietHoursEnd(new Date('2026-06-10T20:00:00Z'), null, 'Asia/Jerusalem')).toBeUndefined();
  });
});
