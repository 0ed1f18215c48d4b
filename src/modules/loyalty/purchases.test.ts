import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTest, type TestContext } from '../../../test/harness.ts';
import { DAY_MS } from '../../platform/clock.ts';
import { checkLedger } from './consistency.ts';
import { makeLoyaltyProgram, makeMember } from '../../../test/fixtures/loyalty.ts';

let t: TestContext;
beforeAll(async () => {
  t = await setupTest();
});
afterAll(() => t.close());

describe('purchases', () => {
  it('earns points by the rules into a pending lot that becomes available after the pending period', async () => {
    const p = await makeLoyaltyProgram(t, { settings: { pendingDays: 14 } });
    const member = await makeMember(t, p.programId);
    const res = await p.purchase(member, 12_345, {
      items: [{ sku: 'A1', category: 'shoes', quantity: 1, price: 12_345 }],
      channel: 'store',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ points: 123, explanation: { base: 123 } });
    expect(await p.account(member)).toMatchObject({
      available: 0,
      pending: 123,
      balance: 123,
      lifetimeEarned: 123,
    });
    t.clock.advance(14 * DAY_MS);
    expect(await p.account(member)).toMatchObject({ available: 123, pending: 0 });
    const ledger = (await p.api.request({ url: p.url(`/members/${member}/ledger`) })).json();
    expect(ledger.items).toHaveLength(1);
    expect(ledger.items[0]).toMatchObject({
      kind: 'earn',
      points: 123,
      source: 'purchase',
      actorType: 'api_key',
    });
    expect((await checkLedger(t.db, p.programId)).problems).toEqual([]);
  });

  it('is idempotent by order id and refuses a different payload for the same order', async () => {
    const p = await makeLoyaltyProgram(t);
    const member = await makeMember(t, p.programId);
    const body = { orderId: 'A-1', memberId: member, total: 5_000, currency: 'ILS' };
    const first = await p.api.request({ method: 'POST', url: p.url('/purchases'), payload: body });
    const again = await p.api.request({
      method: 'POST',
      url: p.url('/purchases'),
      payload: { total: 5_000, currency: 'ILS', orderId: 'A-1', memberId: member },
    });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    const changed = await p.api.request({
      method: 'POST',
      url: p.url('/purchases'),
      payload: { ...body, total: 9_000 },
    });
    expect(changed.statusCode).toBe(409);
    expect(changed.json().error.code).toBe('order_conflict');
    expect(await p.account(member)).toMatchObject({ balance: 50, purchaseCount: 1 });
  });

  it('rejects bad input with clear errors and writes nothing', async () => {
    const p = await makeLoyaltyProgram(t);
    const member = await makeMember(t, p.programId);
    const send = (payload: Record<string, unknown>) =>
      p.api.request({
        method: 'POST',
        url: p.url('/purchases'),
        payload: { orderId: 'bad', memberId: member, total: 100, currency: 'ILS', ...payload },
      });
    expect((await send({ total: -5 })).json().error.code).toBe('validation_failed');
    expect((await send({ total: 10 ** 13 })).json().error.code).toBe('validation_failed');
    expect((await send({ total: 1.5 })).json().error.code).toBe('validation_failed');
    expect((await send({ currency: 'XYZ' })).json().error.code).toBe('invalid_currency');
    const usd = await send({ currency: 'USD' });
    expect([usd.statusCode, usd.json().error.code]).toEqual([422, 'currency_mismatch']);
    const future = await send({ occurredAt: new Date(t.clock.now().getTime() + DAY_MS).toISOString() });
    expect(future.json().error.code).toBe('occurred_in_future');
    const stranger = await send({ memberId: '00000000-0000-4000-8000-000000000000' });
    expect([stranger.statusCode, stranger.json().error.code]).toEqual([404, 'member_not_found']);
    const other = await makeLoyaltyProgram(t);
    const outsider = await makeMember(t, other.programId);
    expect((await send({ memberId: outsider })).statusCode).toBe(404);
    const rows = await t.db
      .selectFrom('loyalty_purchases')
      .select('id')
      .where('program_id', '=', p.programId)
      .execute();
    expect(rows).toEqual([]);
  });

  it('reverses proportional points on partial and full refunds, and refuses refunds beyond the order', async () => {
    const p = await makeLoyaltyProgram(t);
    const member = await makeMember(t, p.programId);
    await p.api.request({
      method: 'POST',
      url: p.url('/purchases'),
      payload: { orderId: 'R-1', memberId: member, total: 10_000, currency: 'ILS' },
    });
    const refund = (payload: Record<string, unknown>) =>
      p.api.request({ method: 'POST', url: p.url('/purchases/R-1/refunds'), payload });
    const part = await refund({ amount: 2_500, refundId: 'r1' });
    expect(part.statusCode).toBe(201);
    expect(part.json()).toMatchObject({
      pointsReversed: 25,
      purchase: { refundedTotal: 2_500, pointsReversed: 25 },
    });
    expect((await refund({ amount: 2_500, refundId: 'r1' })).statusCode).toBe(200);
    const tooMuch = await refund({ amount: 8_000 });
    expect([tooMuch.statusCode, tooMuch.json().error.code]).toEqual([422, 'refund_exceeds_order']);
    const rest = await refund({});
    expect(rest.json()).toMatchObject({ amount: 7_500, pointsReversed: 75 });
    expect((await refund({})).json().error.code).toBe('nothing_to_refund');
    expect(await p.account(member)).toMatchObject({ balance: 0, lifetimeEarned: 0 });
    const missing = await p.api.request({
      method: 'POST',
      url: p.url('/purchases/nope/refunds'),
      payload: {},
    });
    expect(missing.json().error.code).toBe('purchase_not_found');
    expect((await checkLedger(t.db, p.programId)).problems).toEqual([]);
  });

  it('after the points were spent, reverses what is there and records the debt (default policy)', async () => {
    const p = await makeLoyaltyProgram(t);
    const member = await makeMember(t, p.programId);
    await p.api.request({
      method: 'POST',
      url: p.url('/purchases'),
      payload: { orderId: 'S-1', memberId: member, total: 10_000, currency: 'ILS' },
    });
    const spend = await p.api.request({
      method: 'POST',
      url: p.url(`/members/${member}/redemptions`),
      payload: { points: 80, reason: 'coffee reward' },
    });
    expect(spend.statusCode).toBe(201);
    const refund = await p.api.request({ method: 'POST', url: p.url('/purchases/S-1/refunds'), payload: {} });
    expect(refund.json()).toMatchObject({ pointsReversed: 20, pointsUnrecovered: 80 });
    expect(await p.account(member)).toMatchObject({ available: 0, balance: 0, unrecovered: 80 });
    expect((await checkLedger(t.db, p.programId)).problems).toEqual([]);
  });

  it('with allow_negative, reverses everything and pays the debt back from later earnings', async () => {
    const p = await makeLoyaltyProgram(t, { settings: { negativeBalancePolicy: 'allow_negative' } });
    const member = await makeMember(t, p.programId);
    await p.api.request({
      method: 'POST',
      url: p.url('/purchases'),
      payload: { orderId: 'N-1', memberId: member, total: 10_000, currency: 'ILS' },
    });
    await p.api.request({
      method: 'POST',
      url: p.url(`/members/${member}/redemptions`),
      payload: { points: 100, reason: 'gift' },
    });
    const refund = await p.api.request({ method: 'POST', url: p.url('/purchases/N-1/refunds'), payload: {} });
    expect(refund.json()).toMatchObject({ pointsReversed: 100, pointsUnrecovered: 0 });
    expect(await p.account(member)).toMatchObject({ available: -100, balance: -100, debt: 100 });
    await p.purchase(member, 15_000);
    const spend = await p.api.request({
      method: 'POST',
      url: p.url(`/members/${member}/redemptions`),
      payload: { points: 50, reason: 'gift' },
    });
    expect(spend.statusCode).toBe(201);
    expect(spend.json().account).toMatchObject({ available: 0, debt: 0 });
    const over = await p.api.request({
      method: 'POST',
      url: p.url(`/members/${member}/redemptions`),
      payload: { points: 1, reason: 'gift' },
    });
    expect(over.json().error.code).toBe('insufficient_points');
    expect((await checkLedger(t.db, p.programId)).problems).toEqual([]);
  });
});
