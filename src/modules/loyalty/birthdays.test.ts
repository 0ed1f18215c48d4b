import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTest, type TestContext } from '../../../test/harness.ts';
import { awardBirthdayBonuses } from './birthdays.ts';
import { checkLedger } from './consistency.ts';
import { BASE_RATE, makeLoyaltyProgram, makeMember } from '../../../test/fixtures/loyalty.ts';

let t: TestContext;
beforeAll(async () => {
  t = await setupTest();
});
afterAll(() => t.close());

describe('birthday-month bonuses', () => {
  it('awards once per member per year when the month begins in the program time zone', async () => {
    const p = await makeLoyaltyProgram(t, {
      rules: [
        BASE_RATE,
        {
          name: 'Birthday gift',
          trigger: 'event',
          event: 'birthday_month',
          effect: { type: 'bonus', points: 100 },
        },
      ],
    });
    const march = await makeMember(t, p.programId, { birthday: '1990-03-17' });
    const april = await makeMember(t, p.programId, { birthday: '1985-04-02' });
    const unknown = await makeMember(t, p.programId);
    // 23:30 UTC on 28 February is already 1 March in Jerusalem.
    t.clock.set('2026-02-28T23:30:00Z');
    expect(await awardBirthdayBonuses(t.db, t.clock, p.programId)).toEqual({ awarded: 1, points: 100 });
    expect(await awardBirthdayBonuses(t.db, t.clock, p.programId)).toEqual({ awarded: 0, points: 0 });
    t.clock.set('2026-03-20T10:00:00Z');
    expect(await awardBirthdayBonuses(t.db, t.clock, p.programId)).toEqual({ awarded: 0, points: 0 });
    expect((await p.account(march)).balance).toBe(100);
    expect((await p.account(april)).balance).toBe(0);
    expect((await p.account(unknown)).balance).toBe(0);
    t.clock.set('2027-03-01T08:00:00Z');
    expect(await awardBirthdayBonuses(t.db, t.clock, p.programId)).toEqual({ awarded: 1, points: 100 });
    const ledger = (await p.api.request({ url: p.url(`/members/${march}/ledger`) })).json();
    expect(ledger.items.map((e: { reason: string; points: number }) => [e.reason, e.points])).toEqual([
      ['event birthday_month', 100],
      ['event birthday_month', 100],
    ]);
    expect((await checkLedger(t.db, p.programId)).problems).toEqual([]);
  });

  it('does nothing for a program without a birthday rule', async () => {
    const p = await makeLoyaltyProgram(t);
    await makeMember(t, p.programId, { birthday: '1990-03-17' });
    t.clock.set('2026-03-05T10:00:00Z');
    expect(await awardBirthdayBonuses(t.db, t.clock, p.programId)).toEqual({ awarded: 0, points: 0 });
  });
});
