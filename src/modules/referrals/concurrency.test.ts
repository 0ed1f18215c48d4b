// A referral's bonuses are paid once however many checks run at once (the job, the shop's call after the
// order, a retry): on PostgreSQL these really run in parallel.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTest, type TestContext } from '../../../test/harness.ts';
import { listEvents } from '../../platform/events/index.ts';
import { checkLedger } from '../loyalty/index.ts';
import { checkReferee } from './qualify.ts';
import { makeReferralProgram } from './test-fixtures.ts';

let t: TestContext;
beforeAll(async () => {
  t = await setupTest();
});
afterAll(() => t.close());

describe('referral payouts under concurrency', () => {
  it('20 simultaneous checks of one friend pay each side exactly once', async () => {
    const p = await makeReferralProgram(t, { ambassador: { after: 1, points: 50 } });
    const avi = await p.member();
    const noa = await p.signUp(await p.codeOf(avi), { email: 'noa.burst@example.com' });
    await p.buy(noa, 8_000);
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () => checkReferee(t.db, t.clock, p.programId, noa)),
    );
    expect(new Set(outcomes)).toEqual(new Set(['qualified']));
    const referral = (await p.referralOf(noa))!;
    expect((await p.payouts(referral.id)).map((x) => x.side)).toEqual(['referee', 'referrer']);
    const entries = await t.db
      .selectFrom('loyalty_ledger')
      .select(['member_id', 'points'])
      .where('program_id', '=', p.programId)
      .where('kind', '=', 'earn')
      .orderBy('points')
      .execute();
    expect(entries.map((e) => e.points)).toEqual([50, 200, 500]);
    const events = await listEvents(t.db, p.programId, { types: ['referral.qualified'], limit: 10 });
    expect(events.map((e) => e.payload)).toEqual([
      {
        referralId: referral.id,
        referrerId: avi,
        refereeId: noa,
        orderId: expect.any(String),
        referrerPoints: 500,
        refereePoints: 200,
      },
    ]);
    expect((await checkLedger(t.db, p.programId)).problems).toEqual([]);
  });

  it('friends of one referrer qualifying at once respect the cap', async () => {
    const p = await makeReferralProgram(t, { referrerCap: { count: 2, period: 'week' } });
    const avi = await p.member();
    const code = await p.codeOf(avi);
    const friends: string[] = [];
    for (let i = 0; i < 6; i++) friends.push(await p.signUp(code, { email: `cap.burst${i}@example.com` }));
    for (const f of friends) await p.buy(f, 5_000);
    await Promise.all(friends.map((f) => checkReferee(t.db, t.clock, p.programId, f)));
    const paid = await t.db
      .selectFrom('referral_payouts')
      .select(['status'])
      .where('program_id', '=', p.programId)
      .where('side', '=', 'referrer')
      .execute();
    expect(paid.filter((x) => x.status === 'paid')).toHaveLength(2);
    expect(paid.filter((x) => x.status === 'blocked')).toHaveLength(4);
  });
});
