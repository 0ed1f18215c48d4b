// The one-statement redeem and the full path give the same answer and write the same rows: the coupon's
// state, its history, the outbox event and the member's ledger. A coupon that changed between the read and
// the statement is left alone by it (the caller then takes the full path).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTest, type TestContext } from '../../../test/harness.ts';
import { SYSTEM_ACTOR } from '../audit/index.ts';
import { makeRewardsProgram } from './test-fixtures.ts';
import { redeemInOneStatement } from './till-one-statement.ts';
import { redeemCoupon, redeemCouponFullPath, validateCoupon } from './till.ts';

let t: TestContext;
beforeAll(async () => {
  t = await setupTest();
});
afterAll(() => t.close());

type Program = Awaited<ReturnType<typeof makeRewardsProgram>>;

async function issued(p: Program) {
  const member = await p.member(1_000);
  const reward = await p.reward({ kind: 'percentage_discount', effect: { percent: 10 } });
  const coupon = (await p.redeem(member, reward.id)).json().coupon as { id: string; code: string };
  return { member, coupon };
}

/** What a redemption left behind, without the ids that differ between two coupons. */
async function written(p: Program, couponId: string, member: string) {
  const coupon = await t.db
    .selectFrom('coupons')
    .select([
      'status',
      'redeemed_at',
      'redeemed_order_id',
      'redeemed_store_id',
      'redeemed_channel',
      'closed_at',
    ])
    .where('id', '=', couponId)
    .executeTakeFirstOrThrow();
  const history = await t.db
    .selectFrom('coupon_events')
    .select([
      'type',
      'amount',
      'balance_after',
      'store_id',
      'channel',
      'partner_id',
      'actor_type',
      'details',
      'at',
    ])
    .where('coupon_id', '=', couponId)
    .orderBy('id')
    .execute();
  const events = (
    await t.db
      .selectFrom('event_outbox')
      .select(['type', 'member_id', 'payload', 'occurred_at'])
      .where('program_id', '=', p.programId)
      .where('type', '=', 'coupon.redeemed')
      .execute()
  )
    .filter((e) => (e.payload as { couponId: string }).couponId === couponId)
    .map((e) => ({
      ...e,
      payload: {
        ...(e.payload as { orderId: string }),
        couponId: 'same',
        rewardId: 'same',
        orderId: (e.payload as { orderId: string }).orderId.slice(2),
      },
      member_id: e.member_id === member,
    }));
  const ledger = await t.db
    .selectFrom('loyalty_ledger')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('program_id', '=', p.programId)
    .where('member_id', '=', member)
    .executeTakeFirstOrThrow();
  return {
    coupon: { ...coupon, redeemed_order_id: coupon.redeemed_order_id?.slice(2) },
    history,
    events,
    ledger: Number(ledger.n),
  };
}

describe('one-statement redeem', () => {
  it('gives the same answer and the same rows as the full path', async () => {
    const p = await makeRewardsProgram(t);
    const a = await issued(p);
    const b = await issued(p);
    const input = (code: string, orderId: string) => ({
      code,
      orderId,
      cart: p.cart({ storeId: 'dizengoff', channel: 'pos', partnerId: 'p1' }),
    });
    const fast = await redeemCoupon(t.db, t.clock, SYSTEM_ACTOR, p.programId, input(a.coupon.code, 'a-7'));
    const full = await redeemCouponFullPath(
      t.db,
      t.clock,
      SYSTEM_ACTOR,
      p.programId,
      input(b.coupon.code, 'b-7'),
    );
    const strip = ({ id: _id, code: _code, orderId, ...rest }: typeof fast) => ({
      ...rest,
      orderId: orderId.slice(2),
    });
    expect(strip(fast)).toEqual(strip(full));
    expect(fast.amount).toBe(480);
    const wa = await written(p, a.coupon.id, a.member);
    const wb = await written(p, b.coupon.id, b.member);
    expect(wa).toEqual(wb);
    expect(wa.coupon.status).toBe('redeemed');
    expect(wa.history.map((h) => h.type)).toEqual(['issued', 'redeemed']);
    expect(wa.events).toHaveLength(1);
    // The same order again: the statement leaves it, the full path replays the first answer.
    const replay = await redeemCoupon(t.db, t.clock, SYSTEM_ACTOR, p.programId, input(a.coupon.code, 'a-7'));
    expect(replay).toMatchObject({ id: fast.id, replayed: true });
    const validation = await validateCoupon(t.db, t.clock, p.programId, {
      code: a.coupon.code,
      cart: p.cart(),
    });
    expect(validation).toMatchObject({ valid: false, reason: 'used' });
  });

  it('writes nothing when the coupon changed after it was read', async () => {
    const p = await makeRewardsProgram(t);
    const { coupon, member } = await issued(p);
    const before = await written(p, coupon.id, member);
    const result = await redeemInOneStatement(
      t.db,
      t.clock,
      SYSTEM_ACTOR,
      p.programId,
      { code: coupon.code, orderId: 'late-1', cart: p.cart() },
      async () => {
        // Support cancels it between the till's read and its statement.
        await t.db.updateTable('coupons').set({ status: 'cancelled' }).where('id', '=', coupon.id).execute();
        return { ok: true, benefit: { amount: 100, lines: [], freeShipping: false, balanceAfter: null } };
      },
    );
    expect(result).toBeUndefined();
    const after = await written(p, coupon.id, member);
    expect(after).toEqual({ ...before, coupon: { ...before.coupon, status: 'cancelled' } });
  });
});
