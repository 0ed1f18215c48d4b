// Bursts against one reward, one coupon and one gift card. On PostgreSQL (TEST_DATABASE_URL) these run
// truly concurrently over a connection pool; on PGlite they serialise, and must give the same totals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTest, type TestContext } from '../../../test/harness.ts';
import { listEvents } from '../../platform/events/index.ts';
import { checkLedger } from '../loyalty/index.ts';
import { makeRewardsProgram } from './test-fixtures.ts';

let t: TestContext;
beforeAll(async () => {
  t = await setupTest();
});
afterAll(() => t.close());

describe('rewards under concurrent load', () => {
  // 300 requests over 100 members: PGlite serialises them, which takes longer than the default timeout.
  it(
    '200 simultaneous redemptions of a reward with stock 50 issue exactly 50 coupons',
    { timeout: 120_000 },
    async () => {
      const p = await makeRewardsProgram(t);
      const reward = await p.reward({ stock: 50 });
      // 100 members with points for two each: some members race themselves too.
      const members = await Promise.all(Array.from({ length: 100 }, () => p.member(200)));
      const results = await Promise.all(
        Array.from({ length: 200 }, (_, i) => p.redeem(members[i % 100]!, reward.id)),
      );
      const ok = results.filter((r) => r.statusCode === 201);
      const refused = results.filter((r) => r.statusCode !== 201);
      expect(ok).toHaveLength(50);
      for (const r of refused) expect(r.json().error.code).toBe('out_of_stock');
      const coupons = await t.db
        .selectFrom('coupons')
        .select(['code', 'member_id'])
        .where('program_id', '=', p.programId)
        .execute();
      expect(coupons).toHaveLength(50);
      expect(new Set(coupons.map((c) => c.code)).size).toBe(50);
      expect((await p.admin.request({ url: p.url(`/rewards/${reward.id}`) })).json().stockLeft).toBe(0);
      const spent = await t.db
        .selectFrom('loyalty_ledger')
        .select((eb) => eb.fn.sum<number>('points').as('sum'))
        .where('program_id', '=', p.programId)
        .where('kind', '=', 'redeem')
        .executeTakeFirstOrThrow();
      expect(Number(spent.sum)).toBe(-50 * 100);
      expect(await checkLedger(t.db, p.programId)).toMatchObject({ problems: [] });
    },
  );

  it('one member racing for more than their points never overdraws', async () => {
    const p = await makeRewardsProgram(t);
    const reward = await p.reward();
    const member = await p.member(350);
    const results = await Promise.all(Array.from({ length: 12 }, () => p.redeem(member, reward.id)));
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(3);
    for (const r of results.filter((x) => x.statusCode !== 201)) {
      expect(r.json().error.code).toBe('insufficient_points');
    }
    expect((await p.account(member)).available).toBe(50);
  });

  it('the same coupon sent by 20 tills at once is redeemed exactly once', async () => {
    const p = await makeRewardsProgram(t);
    const member = await p.member(100);
    const reward = await p.reward();
    const { code } = (await p.redeem(member, reward.id)).json().coupon;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        p.tillCall('redeem', { code, orderId: `till-${i}`, cart: p.cart({ storeId: `till-${i}` }) }),
      ),
    );
    const winners = results.filter((r) => r.statusCode === 201);
    expect(winners).toHaveLength(1);
    const winner = winners[0]!.json();
    for (const r of results.filter((x) => x.statusCode !== 201)) {
      expect(r.statusCode).toBe(409);
      expect(r.json().error).toMatchObject({
        code: 'coupon_already_redeemed',
        details: { orderId: winner.orderId, storeId: winner.storeId },
      });
    }
    const uses = await t.db
      .selectFrom('coupon_events')
      .select('order_id')
      .where('program_id', '=', p.programId)
      .where('type', '=', 'redeemed')
      .execute();
    expect(uses).toEqual([{ order_id: winner.orderId }]);
    // One reward.redeemed when the member took it, one coupon.redeemed for the one till that won.
    const events = await listEvents(t.db, p.programId, {
      types: ['reward.redeemed', 'coupon.redeemed'],
      limit: 100,
    });
    expect(events.map((e) => [e.type, e.memberId])).toEqual([
      ['reward.redeemed', member],
      ['coupon.redeemed', member],
    ]);
    expect(events[1]!.payload).toMatchObject({ orderId: winner.orderId, rewardId: reward.id });
  });

  it('a gift card spent from 25 tills at once never goes below zero and its history adds up', async () => {
    const p = await makeRewardsProgram(t);
    const member = await p.member(100);
    const reward = await p.reward({ kind: 'gift_card', effect: { value: 5_000 } });
    const { code, id } = (await p.redeem(member, reward.id)).json().coupon;
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        p.tillCall('redeem', {
          code,
          orderId: `g-${i}`,
          amount: 300,
          cart: p.cart({ total: 300, items: [] }),
        }),
      ),
    );
    const ok = results.filter((r) => r.statusCode === 201);
    expect(ok).toHaveLength(16); // 16 × 300 = 4,800 ≤ 5,000 < 17 × 300
    for (const r of results.filter((x) => x.statusCode !== 201)) {
      expect(r.json().error.code).toBe('insufficient_balance');
    }
    const card = await t.db
      .selectFrom('coupons')
      .select('balance')
      .where('program_id', '=', p.programId)
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(card.balance).toBe(200);
    const balances = ok.map((r) => r.json().balanceAfter as number).sort((a, b) => b - a);
    expect(balances).toEqual(Array.from({ length: 16 }, (_, i) => 5_000 - 300 * (i + 1)));
  });
});
