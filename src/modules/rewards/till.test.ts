import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTest, type TestContext } from '../../../test/harness.ts';
import { makeRewardsProgram } from './test-fixtures.ts';

let t: TestContext;
beforeAll(async () => {
  t = await setupTest();
});
afterAll(() => t.close());

async function issued(p: Awaited<ReturnType<typeof makeRewardsProgram>>, input = {}, points = 1_000) {
  const member = await p.member(points);
  const reward = await p.reward(input);
  const coupon = (await p.redeem(member, reward.id)).json().coupon as { id: string; code: string };
  return { member, reward, coupon };
}

describe('till: validate and redeem', () => {
  it('validates without changing anything, then redeems once; the same order again replays', async () => {
    const p = await makeRewardsProgram(t);
    const { member, coupon } = await issued(p);
    // Typed by a person: lower case, spaces instead of dashes.
    const typed = coupon.code.toLowerCase().replace(/-/g, ' ');
    const v = await p.tillCall('validate', { code: typed, cart: p.cart(), memberId: member });
    expect(v.statusCode).toBe(200);
    expect(v.json()).toMatchObject({
      valid: true,
      discount: { amount: 1_400, lines: [{ sku: 'coffee', amount: 1_400 }] },
      coupon: { code: coupon.code, status: 'active' },
    });
    const again = await p.tillCall('validate', { code: coupon.code, cart: p.cart() });
    expect(again.json().valid).toBe(true);
    const r = await p.tillCall('redeem', {
      code: typed,
      orderId: 'pos-1',
      cart: p.cart({ storeId: 'dizengoff' }),
    });
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({
      amount: 1_400,
      orderId: 'pos-1',
      storeId: 'dizengoff',
      replayed: false,
    });
    const replay = await p.tillCall('redeem', { code: coupon.code, orderId: 'pos-1', cart: p.cart() });
    expect(replay.statusCode).toBe(200);
    expect(replay.json()).toMatchObject({ id: r.json().id, replayed: true });
    const second = await p.tillCall('redeem', { code: coupon.code, orderId: 'pos-2', cart: p.cart() });
    expect(second.statusCode).toBe(409);
    expect(second.json().error).toMatchObject({
      code: 'coupon_already_redeemed',
      details: { orderId: 'pos-1', storeId: 'dizengoff', redeemedAt: t.clock.now().toISOString() },
    });
    const used = await p.tillCall('validate', { code: coupon.code, cart: p.cart() });
    expect(used.json()).toMatchObject({ valid: false, reason: 'used', details: { orderId: 'pos-1' } });
  });

  it('honours Idempotency-Key on redeem', async () => {
    const p = await makeRewardsProgram(t);
    const { coupon } = await issued(p);
    const body = { code: coupon.code, orderId: 'pos-9', cart: p.cart() };
    const a = await p.tillCall('redeem', body, { 'idempotency-key': 'till-7-42' });
    const b = await p.tillCall('redeem', body, { 'idempotency-key': 'till-7-42' });
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect(b.json()).toEqual(a.json());
  });

  it('refuses every bad coupon with a stable code and changes nothing', async () => {
    const p = await makeRewardsProgram(t);
    const other = await makeRewardsProgram(t);
    const stranger = await p.member();
    const pct = await issued(p, {
      kind: 'percentage_discount',
      effect: { percent: 10 },
      conditions: { minTotal: 10_000, stores: ['dizengoff'] },
    });
    const expired = await issued(p, { couponValidDays: 1 });
    const cancelled = await issued(p);
    await p.admin.request({
      method: 'POST',
      url: p.url(`/coupons/${cancelled.coupon.id}/cancel`),
      payload: { reason: 'test' },
    });
    const foreign = await issued(other);
    t.clock.advance(2 * 86_400_000);
    const cases: [Record<string, unknown>, number, string][] = [
      [{ code: expired.coupon.code }, 409, 'coupon_expired'],
      [{ code: cancelled.coupon.code }, 409, 'coupon_cancelled'],
      [{ code: foreign.coupon.code }, 404, 'coupon_not_found'],
      [{ code: pct.coupon.code, memberId: stranger }, 403, 'coupon_not_yours'],
      [{ code: pct.coupon.code, cart: p.cart({ storeId: 'dizengoff' }) }, 422, 'min_total_not_met'],
      [{ code: pct.coupon.code, cart: p.cart({ total: 20_000, storeId: 'haifa' }) }, 422, 'wrong_store'],
      [{ code: pct.coupon.code, cart: p.cart({ total: 20_000, currency: 'USD' }) }, 422, 'currency_mismatch'],
      [{ code: 'not a code!' }, 400, 'malformed_code'],
      [{ code: 'ab' }, 400, 'malformed_code'],
      [{ code: 'ZZZZZ-ZZZZZ-ZZZZZ' }, 404, 'coupon_not_found'],
    ];
    const validateReasons: Record<string, string> = {
      coupon_expired: 'expired',
      coupon_cancelled: 'cancelled',
      coupon_not_found: 'not_found',
      coupon_not_yours: 'not_yours',
    };
    for (const [input, status, code] of cases) {
      const body = { cart: p.cart(), orderId: `o-${code}`, ...input };
      const res = await p.tillCall('redeem', body);
      expect(res.statusCode, code).toBe(status);
      expect(res.json().error.code).toBe(code);
      const v = await p.tillCall('validate', { ...body, orderId: undefined });
      if (status === 400) expect(v.json().error.code).toBe(code);
      else expect(v.json()).toMatchObject({ valid: false, reason: validateReasons[code] ?? code });
    }
    const events = await t.db
      .selectFrom('coupon_events')
      .select('type')
      .where('program_id', '=', p.programId)
      .where('type', 'in', ['redeemed', 'spent'])
      .execute();
    expect(events).toEqual([]);
    const ok = await p.tillCall('redeem', {
      code: pct.coupon.code,
      orderId: 'big',
      cart: p.cart({ total: 12_000, storeId: 'dizengoff', items: [] }),
    });
    expect(ok.json()).toMatchObject({ amount: 1_200 });
  });

  it('undoes a redemption within the window, not after', async () => {
    const p = await makeRewardsProgram(t);
    const { coupon } = await issued(p);
    await p.tillCall('redeem', { code: coupon.code, orderId: 'o1', cart: p.cart() });
    expect((await p.tillCall('undo', { code: coupon.code, orderId: 'nope' })).json().error.code).toBe(
      'redemption_not_found',
    );
    const undo = await p.tillCall('undo', { code: coupon.code, orderId: 'o1', reason: 'order cancelled' });
    expect(undo.json()).toMatchObject({ status: 'active', redeemedOrderId: null });
    await p.tillCall('redeem', { code: coupon.code, orderId: 'o2', cart: p.cart() });
    t.clock.advance(31 * 60_000);
    const late = await p.tillCall('undo', { code: coupon.code, orderId: 'o2' });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('undo_window_passed');
    const look = await p.admin.request({ url: p.url(`/coupons/lookup?code=${coupon.code}`) });
    expect(look.json().history.map((e: { type: string }) => e.type)).toEqual([
      'issued',
      'redeemed',
      'undone',
      'redeemed',
    ]);
  });

  it('links the redemption to the order’s purchase in the lookup', async () => {
    const p = await makeRewardsProgram(t);
    const { member, coupon } = await issued(p);
    await p.tillCall('redeem', { code: coupon.code, orderId: 'order-77', cart: p.cart() });
    await p.api.request({
      method: 'POST',
      url: p.url('/purchases'),
      payload: { orderId: 'order-77', memberId: member, total: 3_400, currency: 'ILS' },
    });
    const look = await p.admin.request({ url: p.url(`/coupons/lookup?code=${coupon.code}`) });
    expect(look.json().purchases).toMatchObject([{ orderId: 'order-77', total: 3_400 }]);
  });

  it('spends a gift card in parts, tops it up, refuses beyond the balance', async () => {
    const p = await makeRewardsProgram(t);
    const { coupon } = await issued(p, { kind: 'gift_card', effect: { value: 5_000 }, costPoints: 500 });
    const spend = (orderId: string, amount?: number, total = 3_000) =>
      p.tillCall('redeem', { code: coupon.code, orderId, cart: p.cart({ total, items: [] }), amount });
    expect((await spend('g1', 2_000)).json()).toMatchObject({ amount: 2_000, balanceAfter: 3_000 });
    expect((await spend('g2')).json()).toMatchObject({ amount: 3_000, balanceAfter: 0 });
    expect((await spend('g3', 100)).json().error.code).toBe('gift_card_empty');
    const top = await p.admin.request({
      method: 'POST',
      url: p.url('/gift-cards/top-up'),
      payload: { code: coupon.code, amount: 1_000 },
    });
    expect(top.json()).toMatchObject({ balance: 1_000 });
    expect((await spend('g4', 1_500)).json().error.code).toBe('insufficient_balance');
    expect((await spend('g5', 400)).json()).toMatchObject({ balanceAfter: 600 });
  });

  it('needs an API key with coupons:redeem', async () => {
    const p = await makeRewardsProgram(t);
    const res = await t.app.inject({
      method: 'POST',
      url: p.url('/coupons/validate'),
      payload: { code: 'ABCD-EFGH', cart: p.cart() },
    });
    expect(res.statusCode).toBe(401);
    const readOnly = await p.api.request({
      method: 'POST',
      url: p.url('/coupons/validate'),
      payload: { code: 'ABCD-EFGH', cart: p.cart() },
    });
    expect(readOnly.statusCode).toBe(403);
  });
});
