// Automatic rewards: rules as data (the API), each trigger (points earned, tier reached, birthday month through
// the daily schedule), exactly one coupon per (rule, member, period) when the subscriber runs twice, when
// dispatchers and the sweep race (PostgreSQL), and stock respected. The subscriber reads every program's
// events, so on PostgreSQL this file works on a database of its own; on PGlite each file has its own anyway.
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { ManualClock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/database.ts';
import { dispatchEvents, listEvents } from '../../platform/events/index.ts';
import { Worker } from '../../platform/jobs/index.ts';
import type { OutboxSubscription } from '../../platform/events/types.ts';
import { buildClubApp } from '../../app/index.ts';
import {
  dispatchSettled,
  openOwnPostgresDatabase,
  openTestDatabase,
  type OwnDatabase,
  type TestContext,
} from '../../../test/harness.ts';
import { makeMember } from '../../../test/fixtures/loyalty.ts';
import { checkLedger } from '../loyalty/index.ts';
import { automaticRewardsSubscription, evaluateMemberRules, issueBirthdayRewards } from './automatic.ts';
import { rewardsJobs } from './jobs.ts';
import { makeRewardsProgram } from './test-fixtures.ts';

const target = inject('testDatabase');
let own: OwnDatabase | undefined;
let t: TestContext;
const subscriber = automaticRewardsSubscription as OutboxSubscription;

beforeAll(async () => {
  let database: Database;
  if (target.kind === 'postgres') {
    own = await openOwnPostgresDatabase(target.url, 'moadon_auto_rewards', 12);
    database = own.database;
  } else {
    database = await openTestDatabase();
  }
  const clock = new ManualClock(new Date('2026-01-10T10:00:00Z'));
  const app = await buildClubApp({ db: database.db, clock, config: { publicUrl: 'http://moadon.test' } });
  await app.ready();
  t = { database, db: database.db, app, clock, close: () => app.close() };
  // Registered from now: it starts with the events recorded after this point.
  await dispatchSettled(t.db, t.clock, [subscriber]);
}, 120_000);
afterAll(async () => {
  await t?.close();
  if (own) await own.drop();
  else await t?.database.close();
});

async function setup() {
  const p = await makeRewardsProgram(t);
  const rule = async (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    p.admin.request({ method: 'POST', url: p.url('/reward-rules'), payload: body, headers });
  const coupons = async (memberId: string) =>
    (await p.admin.request({ url: p.url(`/members/${memberId}/coupons`) })).json().items as {
      id: string;
      code: string;
      source: string;
      rewardId: string;
    }[];
  const issues = async (ruleId: string) =>
    (await p.admin.request({ url: p.url(`/reward-rules/${ruleId}/issues`) })).json().items as {
      memberId: string;
      status: string;
      reason: string | null;
      couponId: string | null;
      period: string;
    }[];
  const dispatch = () => dispatchSettled(t.db, t.clock, [subscriber]);
  return { ...p, rule, coupons, issues, dispatch };
}

describe('automatic-reward rules API', () => {
  it('creates, lists, replaces and disables rules; refuses rules that cannot work; honours Idempotency-Key', async () => {
    const p = await setup();
    const coffee = await p.reward();
    const first = await p.rule(
      { name: '100 points: a coffee', trigger: 'points_earned', points: 100, rewardId: coffee.id },
      { 'idempotency-key': 'rule-1' },
    );
    expect(first.statusCode).toBe(201);
    const again = await p.rule(
      { name: '100 points: a coffee', trigger: 'points_earned', points: 100, rewardId: coffee.id },
      { 'idempotency-key': 'rule-1' },
    );
    expect(again.json().id).toBe(first.json().id);
    const list = await p.admin.request({ url: p.url('/reward-rules') });
    expect(list.json().items).toHaveLength(1);
    expect(list.json().items[0]).toMatchObject({
      trigger: 'points_earned',
      points: 100,
      active: true,
      issued: 0,
    });

    const id = first.json().id;
    const put = await p.admin.request({
      method: 'PUT',
      url: p.url(`/reward-rules/${id}`),
      payload: { name: 'Loyal: a coffee', trigger: 'tier_reached', tier: 'loyal', rewardId: coffee.id },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ trigger: 'tier_reached', tier: 'loyal', points: null });
    const off = await p.admin.request({ method: 'POST', url: p.url(`/reward-rules/${id}/disable`) });
    expect(off.json().active).toBe(false);

    const other = await makeRewardsProgram(t);
    const foreign = await other.reward();
    for (const [body, field] of [
      [{ name: 'x', trigger: 'points_earned', rewardId: coffee.id }, 'points'],
      [{ name: 'x', trigger: 'tier_reached', tier: 'platinum', rewardId: coffee.id }, 'tier'],
      [{ name: 'x', trigger: 'birthday_month', points: 5, rewardId: coffee.id }, 'points'],
      [{ name: ' ', trigger: 'birthday_month', rewardId: coffee.id }, 'name'],
      [{ name: 'x', trigger: 'birthday_month', rewardId: foreign.id }, 'rewardId'],
    ] as const) {
      const bad = await p.rule(body);
      expect(bad.statusCode, JSON.stringify(body)).toBe(400);
      expect(bad.json().error).toMatchObject({ code: 'invalid_reward_rule', details: { field } });
    }
    const schema = await p.rule({ name: 'x', trigger: 'sometimes', rewardId: coffee.id });
    expect(schema.statusCode).toBe(400);
    const missing = await p.admin.request({
      url: p.url('/reward-rules/00000000-0000-4000-8000-000000000000'),
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('reward_rule_not_found');
    expect((await p.admin.request({ url: p.url('/reward-rules') })).json().items).toHaveLength(1);
  });
});

describe('automatic rewards', () => {
  it('gives the reward once when a member has earned the points, also when the subscriber runs twice', async () => {
    const p = await setup();
    const coffee = await p.reward();
    const rule = (
      await p.rule({ name: '100 points', trigger: 'points_earned', points: 100, rewardId: coffee.id })
    ).json();
    const dana = await p.member();
    await p.purchase(dana, 6_000);
    await p.dispatch();
    expect(await p.coupons(dana)).toEqual([]);
    await p.purchase(dana, 5_000);
    await p.dispatch();
    const got = await p.coupons(dana);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ source: 'automatic', rewardId: coffee.id });
    // Later purchases, and the same event handled again (a redelivery), give nothing more.
    await p.purchase(dana, 20_000);
    await p.dispatch();
    const [event] = await listEvents(t.db, p.programId, { types: ['purchase.recorded'], limit: 1 });
    for (let i = 0; i < 2; i++) {
      await t.db.transaction().execute((trx) => subscriber.handle(trx, event!, { clock: t.clock }));
    }
    expect(await p.coupons(dana)).toHaveLength(1);
    const issues = await p.issues(rule.id);
    expect(issues).toEqual([
      expect.objectContaining({ memberId: dana, status: 'issued', period: 'once', couponId: got[0]!.id }),
    ]);
    const lookup = await p.admin.request({
      url: p.url(`/coupons/lookup?code=${encodeURIComponent(got[0]!.code)}`),
    });
    expect(JSON.stringify(lookup.json().history)).toContain(rule.id);
    expect((await checkLedger(t.db, p.programId)).problems).toEqual([]);
  });

  it('gives a tier reward when the member reaches the tier or one above it, once', async () => {
    const p = await setup();
    const coffee = await p.reward();
    const rule = (
      await p.rule({ name: 'Welcome to loyal', trigger: 'tier_reached', tier: 'loyal', rewardId: coffee.id })
    ).json();
    const dana = await p.member();
    await p.purchase(dana, 60_000);
    await p.dispatch();
    expect(await p.coupons(dana)).toEqual([]);
    await p.purchase(dana, 60_000);
    expect((await p.account(dana)).tier).toBe('loyal');
    await p.dispatch();
    expect(await p.coupons(dana)).toHaveLength(1);
    await p.purchase(dana, 500_000);
    await p.dispatch();
    expect(await p.coupons(dana)).toHaveLength(1);
    expect((await p.issues(rule.id)).map((i) => i.status)).toEqual(['issued']);
  });

  it('gives birthday rewards through the daily schedule, once per member per local year', async () => {
    const p = await setup();
    const coffee = await p.reward();
    const rule = (
      await p.rule({ name: 'Birthday coffee', trigger: 'birthday_month', rewardId: coffee.id })
    ).json();
    const march = await makeMember(t, p.programId, { birthday: '1990-03-17' });
    const april = await makeMember(t, p.programId, { birthday: '1985-04-02' });
    const worker = new Worker({ db: t.db, clock: t.clock, modules: [rewardsJobs] });
    // 23:30 UTC on 28 February is already 1 March in Jerusalem.
    t.clock.set('2026-02-28T23:30:00Z');
    await worker.drain();
    expect(await p.coupons(march)).toHaveLength(1);
    expect(await p.coupons(april)).toEqual([]);
    // The next day's run, and a second sweep, give nothing more this year.
    t.clock.advance(86_400_000);
    await worker.drain();
    expect(await issueBirthdayRewards(t.db, t.clock, p.programId)).toEqual({ issued: 0, skipped: 0 });
    expect(await p.coupons(march)).toHaveLength(1);
    t.clock.set('2026-04-03T08:00:00Z');
    await worker.drain();
    expect(await p.coupons(april)).toHaveLength(1);
    t.clock.set('2027-03-02T08:00:00Z');
    await worker.drain();
    expect(await p.coupons(march)).toHaveLength(2);
    expect(
      (await p.issues(rule.id)).map((i) => [i.memberId === march ? 'march' : 'april', i.period]).sort(),
    ).toEqual([
      ['april', '2026'],
      ['march', '2026'],
      ['march', '2027'],
    ]);
  });

  it('respects stock: once it is gone the rule records the skip with its reason', async () => {
    const p = await setup();
    const coffee = await p.reward({ stock: 1 });
    const rule = (
      await p.rule({ name: '100 points', trigger: 'points_earned', points: 100, rewardId: coffee.id })
    ).json();
    const dana = await p.member();
    const noa = await p.member();
    await p.purchase(dana, 10_000);
    await p.purchase(noa, 10_000);
    await p.dispatch();
    const given = [...(await p.coupons(dana)), ...(await p.coupons(noa))];
    expect(given).toHaveLength(1);
    const issues = await p.issues(rule.id);
    expect(issues.map((i) => [i.status, i.reason]).sort()).toEqual([
      ['issued', null],
      ['skipped', 'out_of_stock'],
    ]);
    const listed = (await p.admin.request({ url: p.url('/reward-rules') })).json().items[0];
    expect(listed).toMatchObject({ issued: 1, skipped: 1 });
    expect((await p.admin.request({ url: p.url(`/rewards/${coffee.id}`) })).json().stockLeft).toBe(0);
  });

  it('two dispatchers, repeated evaluations and the birthday sweep racing give one coupon per rule and member', async () => {
    const p = await setup();
    const coffee = await p.reward({ stock: 6 });
    const points = (
      await p.rule({ name: '100 points', trigger: 'points_earned', points: 100, rewardId: coffee.id })
    ).json();
    const birthday = (
      await p.rule({ name: 'Birthday', trigger: 'birthday_month', rewardId: coffee.id })
    ).json();
    t.clock.set('2026-05-05T09:00:00Z');
    const members: string[] = [];
    for (let i = 0; i < 3; i++) members.push(await makeMember(t, p.programId, { birthday: '1991-05-20' }));
    for (const m of members) {
      await p.purchase(m, 6_000);
      await p.purchase(m, 6_000);
    }
    await Promise.all([
      dispatchEvents(t.db, t.clock, [subscriber]),
      dispatchEvents(t.db, t.clock, [subscriber]),
      ...members.flatMap((m) => [
        t.db.transaction().execute((trx) => evaluateMemberRules(trx, t.clock, p.programId, m, null)),
        t.db.transaction().execute((trx) => evaluateMemberRules(trx, t.clock, p.programId, m, null)),
      ]),
      issueBirthdayRewards(t.db, t.clock, p.programId),
      issueBirthdayRewards(t.db, t.clock, p.programId),
    ]);
    await p.dispatch();
    for (const m of members) expect(await p.coupons(m), m).toHaveLength(2);
    const byRule = async (id: string) => (await p.issues(id)).filter((i) => i.status === 'issued').length;
    expect(await byRule(points.id)).toBe(3);
    expect(await byRule(birthday.id)).toBe(3);
    expect((await p.admin.request({ url: p.url(`/rewards/${coffee.id}`) })).json().stockLeft).toBe(0);
  });
});
