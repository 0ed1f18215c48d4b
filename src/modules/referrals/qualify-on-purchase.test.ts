// A friend's referral qualifies when their qualifying purchase is recorded: the purchase.recorded subscriber
// pays both sides, once, also when the sweep and the shop's check run at the same moment. The subscriber
// reads every program's purchase events, so on PostgreSQL this file works on a database of its own (a worker
// of another file dispatching the same subscriber would hold it); on PGlite each file has its own anyway.
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { ManualClock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/database.ts';
import { dispatchEvents, listEvents } from '../../platform/events/index.ts';
import { buildClubApp } from '../../app/index.ts';
import {
  dispatchSettled,
  openOwnPostgresDatabase,
  openTestDatabase,
  type OwnDatabase,
  type TestContext,
} from '../../../test/harness.ts';
import { checkLedger } from '../loyalty/index.ts';
import { checkReferee, qualifyOnPurchaseSubscription } from './qualify.ts';
import { makeReferralProgram } from './test-fixtures.ts';
import type { OutboxSubscription } from '../../platform/events/types.ts';

const target = inject('testDatabase');
let own: OwnDatabase | undefined;
let t: TestContext;
const subscriber = qualifyOnPurchaseSubscription as OutboxSubscription;

beforeAll(async () => {
  let database: Database;
  if (target.kind === 'postgres') {
    own = await openOwnPostgresDatabase(target.url, 'moadon_referrals', 8);
    database = own.database;
  } else {
    database = await openTestDatabase();
  }
  const clock = new ManualClock(new Date());
  const app = await buildClubApp({ db: database.db, clock, config: { publicUrl: 'http://moadon.test' } });
  await app.ready();
  t = { database, db: database.db, app, clock, close: () => app.close() };
  // Registered from now: it starts with the purchases recorded after this point.
  await dispatchSettled(t.db, t.clock, [subscriber]);
}, 120_000);
afterAll(async () => {
  await t?.close();
  if (own) await own.drop();
  else await t?.database.close();
});

describe('referral qualification on purchase.recorded', () => {
  it('the first qualifying purchase qualifies the referral and pays both sides; later ones pay nothing', async () => {
    const p = await makeReferralProgram(t);
    const avi = await p.member();
    const noa = await p.signUp(await p.codeOf(avi), { email: 'noa.event@example.com' });
    await p.buy(noa, 4_000);
    await dispatchSettled(t.db, t.clock, [subscriber]);
    expect(await p.referralOf(noa)).toMatchObject({ status: 'joined' });

    await p.buy(noa, 6_000, 'order-first-big');
    // A minute later: purchases at the same instant would both be "the first" (listPurchases breaks the tie by
    // a random id), which made this test choose between them by chance.
    t.clock.advance(60_000);
    await p.buy(noa, 9_000, 'order-second-big');
    await dispatchSettled(t.db, t.clock, [subscriber]);
    expect(await p.referralOf(noa)).toMatchObject({ status: 'qualified', order_id: 'order-first-big' });
    const referral = (await p.referralOf(noa))!;
    expect((await p.payouts(referral.id)).map((x) => [x.side, x.status, x.points])).toEqual([
      ['referee', 'paid', 200],
      ['referrer', 'paid', 500],
    ]);
    const events = await listEvents(t.db, p.programId, { types: ['referral.qualified'], limit: 10 });
    expect(events).toHaveLength(1);
    // A member who was not referred, and a purchase without a member, change nothing.
    const dana = await p.member();
    await p.buy(dana, 9_000);
    expect(await dispatchSettled(t.db, t.clock, [subscriber])).toBeGreaterThan(0);
    expect(await p.referralOf(dana)).toBeUndefined();
    expect((await checkLedger(t.db, p.programId)).problems).toEqual([]);
  });

  it('the subscriber, the sweep and the shop checking the same friends at once pay each side exactly once', async () => {
    const p = await makeReferralProgram(t);
    const avi = await p.member();
    const code = await p.codeOf(avi);
    const friends: string[] = [];
    for (let i = 0; i < 5; i++) friends.push(await p.signUp(code, { email: `race.event${i}@example.com` }));
    for (const f of friends) await p.buy(f, 5_000);
    await Promise.all([
      dispatchEvents(t.db, t.clock, [subscriber]),
      dispatchEvents(t.db, t.clock, [subscriber]),
      ...friends.map((f) => checkReferee(t.db, t.clock, p.programId, f)),
      ...friends.map((f) => checkReferee(t.db, t.clock, p.programId, f)),
    ]);
    await dispatchSettled(t.db, t.clock, [subscriber]);
    const payouts = await t.db
      .selectFrom('referral_payouts')
      .select(['side', 'member_id'])
      .where('program_id', '=', p.programId)
      .execute();
    expect(
      payouts
        .filter((x) => x.side === 'referee')
        .map((x) => x.member_id)
        .sort(),
    ).toEqual([...friends].sort());
    expect(payouts.filter((x) => x.side === 'referrer')).toHaveLength(5);
    const earned = await t.db
      .selectFrom('loyalty_ledger')
      .select('points')
      .where('program_id', '=', p.programId)
      .where('kind', '=', 'earn')
      .execute();
    expect(earned.map((e) => e.points).sort()).toEqual([...Array(5).fill(200), ...Array(5).fill(500)].sort());
    const events = await listEvents(t.db, p.programId, { types: ['referral.qualified'], limit: 20 });
    expect(events).toHaveLength(5);
    expect((await checkLedger(t.db, p.programId)).problems).toEqual([]);
  });
});
