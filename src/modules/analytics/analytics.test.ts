import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, setupTest, type Actor, type TestContext } from '../../../test/harness.ts';
import { SYSTEM_ACTOR } from '../audit/index.ts';
import { expirePoints } from '../loyalty/index.ts';
import { deleteMember } from '../members/index.ts';
import { makeLoyaltyProgram, makeMember } from '../../../test/fixtures/loyalty.ts';

let t: TestContext;
beforeAll(async () => {
  t = await setupTest();
});
afterAll(() => t.close());

/**
 * A small club in Asia/Jerusalem (UTC+2 in March before DST): members joining around local midnight,
 * purchases, a refund, adjustments, a redemption and an expiry, each at a known local day.
 */
async function club() {
  t.clock.set('2026-01-10T10:00:00Z');
  const p = await makeLoyaltyProgram(t, { settings: { expiryMonths: 1 } });
  const post = async (path: string, payload: Record<string, unknown>) => {
    const res = await p.api.request({ method: 'POST', url: p.url(path), payload });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json();
  };
  const order = (memberId: string, orderId: string, total: number) =>
    post('/purchases', { orderId, memberId, total, currency: 'ILS' });

  const d = await makeMember(t, p.programId); // before the range
  await order(d, 'D-1', 10_000); // 100 points, expire 2026-02-10
  t.clock.set('2026-03-01T10:00:00Z'); // local 03-01 12:00
  const a = await makeMember(t, p.programId);
  await order(a, 'A-1', 12_345); // 123 points
  t.clock.set('2026-03-02T21:30:00Z'); // local 03-02 23:30
  const b = await makeMember(t, p.programId);
  await order(b, 'B-1', 5_000); // 50 points
  t.clock.set('2026-03-02T22:30:00Z'); // local 03-03 00:30
  await makeMember(t, p.programId); // c: never buys, no tier
  await post(`/members/${a}/adjustments`, { points: 10, reason: 'goodwill' });
  t.clock.set('2026-03-03T12:00:00Z');
  const e = await makeMember(t, p.programId);
  await post(`/members/${a}/redemptions`, { points: 30, reason: 'coffee' });
  t.clock.set('2026-03-04T12:00:00Z');
  await deleteMember(t.db, t.clock, SYSTEM_ACTOR, p.programId, e);
  await post('/purchases/B-1/refunds', { amount: 2_000 }); // reverses 20 points
  await post(`/members/${a}/adjustments`, { points: -5, reason: 'correction' });
  await expirePoints(t.db, t.clock, p.programId); // D's 100 points expire now
  t.clock.set('2026-03-05T08:00:00Z');
  return { ...p, owner: await makeUser(t, p.programId, 'owner') };
}

const REGULAR = { en: 'Regular', he: 'רגיל', fa: 'عادی' };
const LOYAL = { en: 'Loyal', he: 'נאמן', fa: 'وفادار' };
const AMBASSADOR = { en: 'Ambassador', he: 'שגריר', fa: 'سفیر' };
const points = (issued: number, redeemed: number, expired: number, reversed: number) => ({
  issued,
  redeemed,
  expired,
  reversed,
});

describe('analytics', () => {
  let c: Awaited<ReturnType<typeof club>>;
  let owner: Actor;
  beforeAll(async () => {
    c = await club();
    owner = c.owner;
  });
  const get = (path: string) => owner.request({ url: c.url(path) });

  it('counts members, revenue and points per local day in the program time zone', async () => {
    const res = await get('/analytics/timeseries?from=2026-03-01&to=2026-03-04&bucket=day');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      timeZone: 'Asia/Jerusalem',
      bucket: 'day',
      from: '2026-03-01',
      to: '2026-03-04',
    });
    expect(body.buckets).toEqual([
      { start: '2026-03-01', joined: 1, left: 0, members: 2, points: points(123, 0, 0, 0) },
      { start: '2026-03-02', joined: 1, left: 0, members: 3, points: points(50, 0, 0, 0) },
      { start: '2026-03-03', joined: 2, left: 0, members: 5, points: points(10, 30, 0, 0) },
      { start: '2026-03-04', joined: 0, left: 1, members: 4, points: points(0, 0, 100, 25) },
    ]);
    expect(body.revenue).toEqual([
      {
        currency: 'ILS',
        buckets: [
          { start: '2026-03-01', purchases: 1, gross: 12_345, refunded: 0, net: 12_345 },
          { start: '2026-03-02', purchases: 1, gross: 5_000, refunded: 0, net: 5_000 },
          { start: '2026-03-03', purchases: 0, gross: 0, refunded: 0, net: 0 },
          { start: '2026-03-04', purchases: 0, gross: 0, refunded: 2_000, net: -2_000 },
        ],
        total: { purchases: 2, gross: 17_345, refunded: 2_000, net: 15_345 },
      },
    ]);
  });

  it('groups by month and by weeks starting on the day asked for', async () => {
    const months = (await get('/analytics/timeseries?from=2026-01-15&to=2026-03-31&bucket=month')).json();
    expect(months.from).toBe('2026-01-01');
    expect(months.buckets).toEqual([
      { start: '2026-01-01', joined: 1, left: 0, members: 1, points: points(100, 0, 0, 0) },
      { start: '2026-02-01', joined: 0, left: 0, members: 1, points: points(0, 0, 0, 0) },
      { start: '2026-03-01', joined: 4, left: 1, members: 4, points: points(183, 30, 100, 25) },
    ]);
    expect(months.revenue[0].total).toEqual({ purchases: 3, gross: 27_345, refunded: 2_000, net: 25_345 });

    // 2026-03-01 is a Sunday: an Israeli week (from Sunday) holds the whole story, an ISO week splits it.
    const sunday = (
      await get('/analytics/timeseries?from=2026-03-02&to=2026-03-04&bucket=week&weekStart=sunday')
    ).json();
    expect(sunday.buckets.map((b: { start: string; joined: number }) => [b.start, b.joined])).toEqual([
      ['2026-03-01', 4],
    ]);
    const monday = (await get('/analytics/timeseries?from=2026-03-01&to=2026-03-04&bucket=week')).json();
    expect(monday.buckets.map((b: { start: string; joined: number }) => [b.start, b.joined])).toEqual([
      ['2026-02-23', 1],
      ['2026-03-02', 3],
    ]);
    expect(monday.to).toBe('2026-03-08');
  });

  it('gives headline figures and the tier distribution now', async () => {
    const res = await get('/analytics/headline');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      timeZone: 'Asia/Jerusalem',
      currency: 'ILS',
      activeMembers: 4,
      purchasers90Days: 3,
      points: { available: 128, pending: 0, liability: 128, expiringIn30Days: 128 },
      tiers: [
        // The member who has no points account yet is on the lowest tier, as their profile says.
        { key: null, name: null, names: {}, rank: null, members: 0 },
        { key: 'regular', name: 'Regular', names: REGULAR, rank: 1, members: 4 },
        { key: 'loyal', name: 'Loyal', names: LOYAL, rank: 2, members: 0 },
        { key: 'ambassador', name: 'Ambassador', names: AMBASSADOR, rank: 3, members: 0 },
      ],
    });
  });

  it('rejects backwards and oversized ranges, and people without the permission', async () => {
    const backwards = await get('/analytics/timeseries?from=2026-03-05&to=2026-03-01');
    expect([backwards.statusCode, backwards.json().error.code]).toEqual([400, 'invalid_range']);
    const huge = await get('/analytics/timeseries?from=2020-01-01&to=2026-03-01&bucket=day');
    expect([huge.statusCode, huge.json().error.code]).toEqual([400, 'invalid_range']);
    const bad = await get('/analytics/timeseries?bucket=year');
    expect(bad.json().error.code).toBe('validation_failed');
    const viewer = await makeUser(t, c.programId, 'viewer');
    expect((await viewer.request({ url: c.url('/analytics/headline') })).statusCode).toBe(200);
    const partner = await makeUser(t, c.programId, 'partner');
    expect((await partner.request({ url: c.url('/analytics/headline') })).statusCode).toBe(403);
  });

  it('defaults to the last 30 local days and shows an empty club as zeros', async () => {
    const empty = await makeLoyaltyProgram(t);
    const admin = await makeUser(t, empty.programId, 'owner');
    const series = (await admin.request({ url: empty.url('/analytics/timeseries') })).json();
    expect(series.buckets).toHaveLength(30);
    expect(series.to).toBe('2026-03-05');
    expect(series.revenue).toEqual([]);
    expect(series.buckets.every((b: { members: number }) => b.members === 0)).toBe(true);
    const headline = (await admin.request({ url: empty.url('/analytics/headline') })).json();
    expect(headline).toMatchObject({ activeMembers: 0, purchasers90Days: 0, points: { liability: 0 } });
  });
});

describe('a member counted in reports', () => {
  it('is one definition everywhere: an erased member is in no headline figure', async () => {
    t.clock.set('2026-06-01T10:00:00Z');
    const p = await makeLoyaltyProgram(t);
    const owner = await makeUser(t, p.programId, 'owner');
    const [kept, erased] = [await makeMember(t, p.programId), await makeMember(t, p.programId)];
    for (const [memberId, total] of [
      [kept, 10_000],
      [erased, 120_000],
    ] as const) {
      const res = await p.api.request({
        method: 'POST',
        url: p.url('/purchases'),
        payload: { orderId: `o-${memberId}`, memberId, total, currency: 'ILS' },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const gone = await owner.request({ method: 'POST', url: p.url(`/members/${erased}/erase`) });
    expect(gone.statusCode, gone.body).toBe(200);
    const headline = (await owner.request({ url: p.url('/analytics/headline') })).json();
    const account = await t.db
      .selectFrom('loyalty_accounts')
      .select(['available', 'pending'])
      .where('member_id', '=', kept)
      .executeTakeFirstOrThrow();
    expect(headline).toMatchObject({
      activeMembers: 1,
      purchasers90Days: 1,
      points: { available: Number(account.available), pending: Number(account.pending) },
    });
    const tierMembers = (headline.tiers as { members: number }[]).reduce((n, x) => n + x.members, 0);
    expect(tierMembers).toBe(headline.activeMembers);
  });
});
