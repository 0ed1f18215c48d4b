import { describe, expect, it } from 'vitest';
import { decideContact, type ContactQuestion } from './decide.ts';
import { NO_POLICY, type ContactPressurePolicy } from './policy.ts';

const POLICY: ContactPressurePolicy = {
  caps: { day: 1, week: 3, month: 8 },
  quietHours: { start: '21:00', end: '09:00' },
  restDays: ['shabbat', 'jewish_holidays'],
  onExceed: 'defer',
};

const ask = (over: Partial<ContactQuestion> & { now: Date }) =>
  decideContact({
    purpose: 'marketing',
    timeZone: 'Asia/Jerusalem',
    contacts: [],
    policy: POLICY,
    onExceed: 'defer',
    ...over,
  });

describe('the contact decision', () => {
  it('sends within the rules', () => {
    expect(ask({ now: new Date('2026-06-10T09:00:00Z') })).toEqual({ kind: 'send' });
  });

  it('a second campaign the same day waits for the cap, then for the quiet hours to end', () => {
    // contacted at 20:30 IDT on 10 June; tomorrow 20:30 is before quiet hours → 11 June 17:30Z
    const decision = ask({
      now: new Date('2026-06-10T18:00:00Z'),
      contacts: [new Date('2026-06-10T17:30:00Z')],
    });
    expect(decision).toEqual({
      kind: 'defer',
      until: new Date('2026-06-11T17:30:00Z'),
      reason: 'frequency_cap',
    });
    // contacted at 20:59 IDT; the day window ends at 20:59 the next day, the next message at 20:59
    const late = ask({ now: new Date('2026-06-10T18:30:00Z'), contacts: [new Date('2026-06-10T17:59:00Z')] });
    expect(late).toEqual({ kind: 'defer', until: new Date('2026-06-11T17:59:00Z'), reason: 'frequency_cap' });
  });

  it('a cap that frees at night waits for the morning', () => {
    const decision = ask({
      now: new Date('2026-06-10T10:00:00Z'),
      contacts: [new Date('2026-06-09T19:00:00Z')],
    });
    // a contact at 22:00 IDT on 9 June (sent before the policy existed) frees the cap at 22:00 on 10 June,
    // inside quiet hours → 11 June 09:00 IDT
    expect(decision).toEqual({
      kind: 'defer',
      until: new Date('2026-06-11T06:00:00Z'),
      reason: 'frequency_cap',
    });
  });

  it('drops instead of deferring when the campaign says so', () => {
    expect(
      ask({
        now: new Date('2026-06-10T12:00:00Z'),
        contacts: [new Date('2026-06-10T08:00:00Z')],
        onExceed: 'drop',
      }),
    ).toEqual({ kind: 'drop', reason: 'frequency_cap' });
    expect(ask({ now: new Date('2026-06-10T19:00:00Z'), onExceed: 'drop' })).toEqual({
      kind: 'drop',
      reason: 'quiet_hours',
    });
  });

  it('on Shabbat: deferred to havdalah; a Saturday-night havdalah is not in quiet hours', () => {
    expect(ask({ now: new Date('2026-09-19T07:00:00Z') })).toEqual({
      kind: 'defer',
      until: new Date('2026-09-19T16:16:00Z'),
      reason: 'rest_day',
    });
  });

  it('Friday for an Iranian program: to Saturday 09:00 (the midnight end falls in quiet hours)', () => {
    const policy = { ...POLICY, restDays: ['friday' as const] };
    expect(ask({ now: new Date('2026-12-04T10:00:00Z'), timeZone: 'Asia/Tehran', policy })).toEqual({
      kind: 'defer',
      until: new Date('2026-12-05T05:30:00Z'),
      reason: 'rest_day',
    });
  });

  it('transactional (service) messages are exempt from every rule', () => {
    const contacts = [new Date('2026-09-19T06:00:00Z')];
    expect(ask({ now: new Date('2026-09-19T20:00:00Z'), purpose: 'service', contacts })).toEqual({
      kind: 'send',
    });
  });

  it('no policy holds nothing back', () => {
    expect(
      ask({
        now: new Date('2026-09-19T20:00:00Z'),
        policy: NO_POLICY,
        contacts: [new Date('2026-09-19T19:00:00Z')],
      }),
    ).toEqual({ kind: 'send' });
  });
});
