import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTest, type TestContext } from '../../../test/harness.ts';
import { DAY_MS } from '../../platform/clock.ts';
import { SYSTEM_ACTOR } from '../audit/index.ts';
import { checkLedger } from './consistency.ts';
import { awardEventBonus } from './events.ts';
import { expirePoints, warnExpiringPoints } from './expiry.ts';
import { listLoyaltyEvents } from './outbox.ts';
import { reevaluateTiers } from './tiers.ts';
import { BASE_RATE, makeLoyaltyProgram, makeMember } from '../../../test/fixtures/loyalty.ts';

let t: TestContext;
beforeAll(async () => {
  t = await setupTest();
});
afterAll(() => t.close());

describe('expiry on a simulated clock', () => {
  it('warns before and expires lots 12 months after earning, with expire entries', async () => {
    t.clock.set('2026-01-10T09:00:00Z');
    const p = await makeLoyaltyProgram(t, {
      settings: { expiryPolicy: 'fixed', expiryMonths: 12, expiryWarningDays: 30 },
    });
    const member = await makeMember(t, p.programId);
    await p.purchase(member, 20_000);
    t.clock.set('2026-12-20T09:00:00Z');
    expect(await warnExpiringPoints(t.db, t.clock, p.programId)).toEqual({ warned: 1 });
    expect(await warnExpiringPoints(t.db, t.clock, p.programId)).toEqual({ warned: 0 });
    const [warning] = await listLoyaltyEvents(t.db, p.programId, { type: 'points.expiring' });
    expect(warning).toMatchObject({ memberId: member, payload: { points: 200 } });
    expect((await p.account(member)).expiringSoon.points).toBe(200);
    t.clock.set('2027-01-10T09:00:00Z');
    expect(await p.account(member)).toMatchObject({ available: 0, balance: 0 });
    expect(await expirePoints(t.db, t.clock, p.programId)).toMatchObject({ accounts: 1, expired: 200 });
    const ledger = (await p.api.request({ url: p.url(`/members/${member}/ledger`) })).json();
    expect(ledger.items[0]).toMatchObject({ kind: 'expire', points: -200, source: 'system' });
    expect(await p.account(member)).toMatchObject({ available: 0, lifetimeExpired: 200 });
    expect((await checkLedger(t.db, p.programId)).problems).toEqual([]);
  });

  it('a lot earned on 29 February 2028 expires on 28 February 2029', async () => {
    t.clock.set('2028-02-29T12:00:00Z');
    const p = await makeLoyaltyProgram(t);
    const member = await makeMember(t, p.programId, { birthday: '2000-02-29' });
    await p.purchase(member, 1_000);
    const lot = await t.db
      .selectFrom('loyalty_lots')
      .select('expires_at')
      .where('program_id', '=', p.programId)
      .executeTakeFirstOrThrow();
    expect(lot.expires_at?.toISOString()).toBe('2029-02-28T12:00:00.000Z');
  });

  it('with rolling inactivity expiry, activity keeps points alive and inactivity expires them all', async () => {
    t.clock.set('2026-01-01T10:00:00Z');
    const p = await makeLoyaltyProgram(t, {
      settings: { expiryPolicy: 'inactivity', expiryMonths: 6, expiryWarningDays: 14 },
    });
    const member = await makeMember(t, p.programId);
    await p.purchase(member, 10_000);
    t.clock.set('2026-06-01T10:00:00Z');
    await p.purchase(member, 5_000);
    t.clock.set('2026-11-25T10:00:00Z');
    expect(await expirePoints(t.db, t.clock, p.programId)).toMatchObject({ expired: 0 });
    expect(await warnExpiringPoints(t.db, t.clock, p.programId)).toEqual({ warned: 1 });
    t.clock.set('2026-12-02T10:00:00Z');
    expect((await p.account(member)).balance).toBe(0);
    expect(await expirePoints(t.db, t.clock, p.programId)).toMatchObject({ accounts: 1, expired: 150 });
    expect((await checkLedger(t.db, p.programId)).problems).toEqual([]);
  });
});

describe('tiers', () => {
  it('upgrades at once on qualification and downgrades only after the grace period', async () => {
    t.clock.set('2026-03-01T10:00:00Z');
    const p = await makeLoyaltyProgram(t, { settings: { tierWindowDays: 30, tierGraceDays: 10 } });
    const member = await makeMember(t, p.programId);
    await p.purchase(member, 60_000);
    expect((await p.account(member)).tier).toBe('regular');
    await p.purchase(member, 60_000);
    expect((await p.account(member)).tier).toBe('loyal');
    // Loyal earns ×1.25
    expect((await p.purchase(member, 10_000)).json()).toMatchObject({
      points: 125,
      explanation: { tierBonus: 25 },
    });
    t.clock.advance(31 * DAY_MS);
    await reevaluateTiers(t.db, t.clock, p.programId);
    const graced = await p.account(member);
    expect(graced.tier).toBe('loyal');
    expect(new Date(graced.downgradeAt).getTime()).toBe(t.clock.now().getTime() + 10 * DAY_MS);
    t.clock.advance(5 * DAY_MS);
    await reevaluateTiers(t.db, t.clock, p.programId);
    expect((await p.account(member)).tier).toBe('loyal');
    t.clock.advance(6 * DAY_MS);
    await reevaluateTiers(t.db, t.clock, p.programId);
    expect((await p.account(member)).tier).toBe('regular');
    const events = await listLoyaltyEvents(t.db, p.programId, { type: 'tier.changed' });
    expect(events.map((e) => [e.payload.from, e.payload.to, e.payload.direction])).toEqual([
      ['regular', 'loyal', 'upgrade'],
      ['loyal', 'regular', 'downgrade'],
    ]);
    expect(String(events[0]!.payload.reason)).toContain('qualified');
  });

  it('a refund withdraws at once the tier its purchase bought, and the refunded order no longer counts', async () => {
    t.clock.set('2026-03-01T10:00:00Z');
    const p = await makeLoyaltyProgram(t, { settings: { tierWindowDays: 365, tierGraceDays: 30 } });
    const member = await makeMember(t, p.programId);
    await p.purchase(member, 29_900);
    expect(await p.account(member)).toMatchObject({ tier: 'regular', lifetimeEarned: 299, purchaseCount: 1 });
    const big = (await p.purchase(member, 120_000)).json();
    expect(await p.account(member)).toMatchObject({ tier: 'loyal', lifetimeEarned: 1_499, purchaseCount: 2 });
    const refund = await p.api.request({
      method: 'POST',
      url: p.url(`/purchases/${big.orderId}/refunds`),
      payload: {},
    });
    expect(refund.statusCode, refund.body).toBe(201);
    const after = await p.account(member);
    // No grace for a refund: the tier goes now, and nothing is left scheduled.
    expect(after).toMatchObject({
      tier: 'regular',
      lifetimeEarned: 299,
      purchaseCount: 1,
      downgradeAt: null,
    });
    const events = await listLoyaltyEvents(t.db, p.programId, { type: 'tier.changed' });
    expect(events.map((e) => [e.payload.from, e.payload.to, e.payload.direction])).toEqual([
      ['regular', 'loyal', 'upgrade'],
      ['loyal', 'regular', 'downgrade'],
    ]);
    expect(String(events[1]!.payload.reason)).toContain('refunded');
    expect((await checkLedger(t.db, p.programId)).problems).toEqual([]);
  });

  it('a partial refund that leaves the member above the threshold keeps the tier', async () => {
    t.clock.set('2026-03-01T10:00:00Z');
    const p = await makeLoyaltyProgram(t, { settings: { tierWindowDays: 365 } });
    const member = await makeMember(t, p.programId);
    const order = (await p.purchase(member, 150_000)).json();
    expect((await p.account(member)).tier).toBe('loyal');
    await p.api.request({
      method: 'POST',
      url: p.url(`/purchases/${order.orderId}/refunds`),
      payload: { amount: 40_000 },
    });
    expect(await p.account(member)).toMatchObject({ tier: 'loyal', lifetimeEarned: 1_100, purchaseCount: 1 });
  });

  it('edits the tier ladder and settings through the API, audited', async () => {
    const p = await makeLoyaltyProgram(t);
    const tiers = await p.api.request({ url: p.url('/tiers') });
    expect(tiers.json().items.map((x: { key: string }) => x.key)).toEqual(['regular', 'loyal', 'ambassador']);
    const bad = await p.api.request({
      method: 'PUT',
      url: p.url('/tiers'),
      payload: { items: [{ key: 'a', name: 'A', rank: 1, threshold: 10, benefits: {} }] },
    });
    expect(bad.json().error.code).toBe('invalid_tiers');
    const ok = await p.api.request({
      method: 'PUT',
      url: p.url('/tiers'),
      payload: {
        items: [
          { key: 'silver', name: 'כסף', rank: 1, threshold: 0, benefits: {} },
          { key: 'gold', name: 'זהב', rank: 2, threshold: 500, benefits: { earnMultiplier: 2 } },
        ],
      },
    });
    expect(ok.statusCode).toBe(200);
    const settings = await p.api.request({
      method: 'PATCH',
      url: p.url('/loyalty-settings'),
      payload: { pendingDays: 7, tierMetric: 'spend' },
    });
    expect(settings.json()).toMatchObject({ pendingDays: 7, tierMetric: 'spend' });
  });
});

describe('caps, event bonuses and dry runs', () => {
  it('caps a rule per member per day and by program budget', async () => {
    t.clock.set('2026-05-05T08:00:00Z');
    const p = await makeLoyaltyProgram(t, {
      rules: [
        { ...BASE_RATE, caps: { perMemberPerDay: 150 } },
        {
          name: 'Launch bonus',
          trigger: 'purchase',
          effect: { type: 'bonus', points: 100 },
          caps: { programBudget: 250 },
        },
      ],
    });
    const [a, b, c] = [
      await makeMember(t, p.programId),
      await makeMember(t, p.programId),
      await makeMember(t, p.programId),
    ];
    const earned = async (m: string) => (await p.purchase(m, 10_000)).json().points;
    expect(await earned(a)).toBe(200);
    expect(await earned(a)).toBe(50 + 100);
    expect(await earned(a)).toBe(0 + 50);
    expect(await earned(b)).toBe(100 + 0);
    t.clock.advance(DAY_MS);
    expect(await earned(a)).toBe(100);
    expect(await earned(c)).toBe(100);
    const dry = await p.api.request({
      method: 'POST',
      url: p.url('/earning-rules/dry-run'),
      payload: { memberId: a, total: 30_000, currency: 'ILS' },
    });
    expect(dry.json()).toMatchObject({ points: 50 });
    expect(dry.json().rules[0]).toMatchObject({ note: 'capped by perMemberPerDay' });
    expect((await checkLedger(t.db, p.programId)).problems).toEqual([]);
  });

  it('awards event bonuses once per idempotency key, and first-purchase bonuses', async () => {
    const p = await makeLoyaltyProgram(t, {
      rules: [
        BASE_RATE,
        { name: 'Welcome', trigger: 'event', event: 'signup', effect: { type: 'bonus', points: 200 } },
        {
          name: 'First order',
          trigger: 'event',
          event: 'first_purchase',
          effect: { type: 'bonus', points: 300 },
        },
      ],
    });
    const member = await makeMember(t, p.programId);
    const award = () =>
      awardEventBonus(t.db, t.clock, SYSTEM_ACTOR, p.programId, {
        memberId: member,
        event: 'signup',
        idempotencyKey: `signup:${member}`,
      });
    // Creating the member paid it already (loyalty's subscriber to member.created), under the same key.
    expect(await award()).toMatchObject({ points: 200, replayed: true });
    expect(await award()).toMatchObject({ points: 200, replayed: true });
    expect(await p.account(member)).toMatchObject({ balance: 200 });
    const none = await p.api.request({
      method: 'POST',
      url: p.url(`/members/${member}/events`),
      payload: { event: 'Product Viewed', idempotencyKey: 'pv-1' },
    });
    expect(none.json()).toMatchObject({ points: 0 });
    const unknown = await p.api.request({
      method: 'POST',
      url: p.url('/members/00000000-0000-4000-8000-000000000000/events'),
      payload: { event: 'signup', idempotencyKey: 'x' },
    });
    expect(unknown.json().error.code).toBe('member_not_found');
    expect((await p.purchase(member, 1_000)).json().points).toBe(310);
    expect((await p.purchase(member, 1_000)).json().points).toBe(10);
    expect((await p.account(member)).balance).toBe(520);
  });
});
