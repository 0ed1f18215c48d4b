// Segment commerce and custom events through to the loyalty module: points for Order Completed, reversal for
// Order Refunded, event bonuses, no second effect on replays, and purchases made before the member was known.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApiKey, makeProgram, makeUser, setupTest, type TestContext } from '../../../test/harness.ts';
import { Worker } from '../../platform/jobs/index.ts';
import { ingestJobs } from './index.ts';
import { INLINE_AWAITING_EFFECTS } from './service.ts';

let t: TestContext;
beforeAll(async () => {
  t = await setupTest();
});
afterAll(() => t.close());

const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;

/** A club in ILS: 1 point per ₪1, double points on Coffee, 50 points for "Product Reviewed". */
async function loyaltyClub() {
  const program = await makeProgram(t.db, { currency: 'ILS', timeZone: 'Asia/Jerusalem' });
  const owner = await makeUser(t, program.id);
  const api = `/api/programs/${program.id}`;
  const ok = async (res: Promise<{ statusCode: number; body: string }>) => {
    const r = await res;
    if (r.statusCode >= 300) throw new Error(`setup failed: ${r.body}`);
  };
  await ok(owner.request({ method: 'PATCH', url: `${api}/loyalty-settings`, payload: { pendingDays: 0 } }));
  for (const rule of [
    { name: 'Base', trigger: 'purchase', effect: { type: 'per_spend', points: 1, per: 100 } },
    {
      name: 'Coffee double',
      trigger: 'purchase',
      conditions: { categories: ['Coffee'] },
      effect: { type: 'multiplier', factor: 2 },
    },
    { name: 'Review', trigger: 'event', event: 'Product Reviewed', effect: { type: 'bonus', points: 50 } },
  ]) {
    await ok(owner.request({ method: 'POST', url: `${api}/earning-rules`, payload: rule }));
  }
  const { key } = await makeApiKey(t, program.id, ['ingest:write']);
  const send = (url: string, payload: unknown) =>
    t.app.inject({ method: 'POST', url, payload: payload as object, headers: { authorization: basic(key) } });
  const account = async (externalId: string) => {
    const member = await t.db
      .selectFrom('members')
      .select('id')
      .where('program_id', '=', program.id)
      .where('external_id', '=', externalId)
      .executeTakeFirstOrThrow();
    const res = await owner.request({ method: 'GET', url: `${api}/members/${member.id}/account` });
    return res.json() as { available: number; balance: number };
  };
  const event = (messageId: string) =>
    t.db
      .selectFrom('events')
      .selectAll()
      .where('program_id', '=', program.id)
      .where('message_id', '=', messageId)
      .executeTakeFirstOrThrow();
  return { program, send, account, event };
}

const order = (orderId: string, extra: Record<string, unknown> = {}) => ({
  order_id: orderId,
  total: 59.9,
  currency: 'ILS',
  products: [
    { sku: 'LATTE', category: 'Coffee', price: 14.95, quantity: 2 },
    { product_id: 'MUG', category: 'Merch', price: 30, quantity: 1 },
  ],
  ...extra,
});

describe('Order Completed and Order Refunded', () => {
  it('earns points once per order, reverses them on refund', async () => {
    const { send, account, event } = await loyaltyClub();
    await send('/v1/identify', { userId: 'c-1', traits: { email: 'c1@example.com' } });
    const completed = {
      userId: 'c-1',
      event: 'Order Completed',
      messageId: 'oc-1',
      properties: order('5001'),
    };
    expect((await send('/v1/track', completed)).json()).toEqual({ success: true });
    // ₪59.90 → 59 base points, plus 29 more for the ₪29.90 of Coffee.
    expect(await account('c-1')).toMatchObject({ available: 88 });
    expect(await event('oc-1')).toMatchObject({
      effect_status: 'applied',
      effect: { kind: 'purchase', points: 88, replayed: false },
    });

    // The same message again, and the same order under a new message id: no second effect.
    expect((await send('/v1/track', completed)).statusCode).toBe(200);
    expect((await send('/v1/track', { ...completed, messageId: 'oc-1b' })).statusCode).toBe(200);
    expect(await account('c-1')).toMatchObject({ available: 88 });
    expect((await event('oc-1b')).effect).toMatchObject({ replayed: true });

    // The same order id with other details is refused.
    const conflict = await send('/v1/track', {
      ...completed,
      messageId: 'oc-1c',
      properties: order('5001', { total: 99 }),
    });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().error.code).toBe('order_conflict');

    const refund = {
      userId: 'c-1',
      event: 'Order Refunded',
      messageId: 'or-1',
      properties: { order_id: '5001', total: 29.95 },
    };
    expect((await send('/v1/track', refund)).statusCode).toBe(200);
    expect((await send('/v1/track', refund)).statusCode).toBe(200);
    expect(await account('c-1')).toMatchObject({ available: 44 });
    expect((await event('or-1')).effect).toMatchObject({ kind: 'refund', amount: 2995, pointsReversed: 44 });

    const unknownOrder = await send('/v1/track', {
      userId: 'c-1',
      event: 'Order Refunded',
      messageId: 'or-2',
      properties: { order_id: 'never-seen' },
    });
    expect(unknownOrder.statusCode).toBe(200);
    expect(await event('or-2')).toMatchObject({
      effect_status: 'none',
      effect: { skipped: 'purchase_not_found' },
    });
  });

  it('refuses purchases in another currency or in the future', async () => {
    const { send } = await loyaltyClub();
    await send('/v1/identify', { userId: 'c-2' });
    const usd = await send('/v1/track', {
      userId: 'c-2',
      event: 'Order Completed',
      properties: order('u-1', { currency: 'USD' }),
    });
    expect(usd.statusCode).toBe(422);
    expect(usd.json().error.code).toBe('currency_mismatch');
    const future = await send('/v1/batch', {
      batch: [
        {
          type: 'track',
          userId: 'c-2',
          event: 'Order Completed',
          messageId: 'future-1',
          timestamp: new Date(t.clock.now().getTime() + 86_400_000).toISOString(),
          properties: order('f-1'),
        },
      ],
    });
    expect(future.json()).toMatchObject({ accepted: 0, errors: [{ index: 0, code: 'occurred_in_future' }] });
  });
});

describe('other track events', () => {
  it('fire event-bonus rules once per message', async () => {
    const { send, account, event } = await loyaltyClub();
    await send('/v1/identify', { userId: 'r-1' });
    const review = {
      userId: 'r-1',
      event: 'Product Reviewed',
      messageId: 'rv-1',
      properties: { sku: 'LATTE' },
    };
    await send('/v1/track', review);
    await send('/v1/track', review);
    await send('/v1/track', { userId: 'r-1', event: 'Product Viewed', messageId: 'pv-1' });
    expect(await account('r-1')).toMatchObject({ available: 50 });
    expect(await event('rv-1')).toMatchObject({
      effect_status: 'applied',
      effect: { kind: 'bonus', points: 50 },
    });
    expect(await event('pv-1')).toMatchObject({ effect_status: 'none', effect: null });
  });
});

describe('purchases before the member is known', () => {
  it('waits for identify, then earns with the original time; failures stay on the event', async () => {
    const { send, account, event } = await loyaltyClub();
    const res = await send('/v1/batch', {
      batch: [
        {
          type: 'track',
          anonymousId: 'guest-1',
          event: 'Order Completed',
          messageId: 'g-1',
          timestamp: new Date(t.clock.now().getTime() - 3_600_000).toISOString(),
          properties: order('g-5001'),
        },
        { type: 'track', anonymousId: 'guest-1', event: 'Product Reviewed', messageId: 'g-2' },
        {
          type: 'track',
          userId: 'g-user',
          event: 'Order Completed',
          messageId: 'g-3',
          properties: order('g-5002'),
        },
        // Recorded with other details before the guest is identified: g-4's deferred purchase will fail.
        {
          type: 'track',
          anonymousId: 'guest-1',
          event: 'Order Completed',
          messageId: 'g-4',
          properties: order('g-5003'),
        },
        { type: 'identify', userId: 'someone-else', messageId: 'g-5' },
        {
          type: 'track',
          userId: 'someone-else',
          event: 'Order Completed',
          messageId: 'g-6',
          properties: order('g-5003', { total: 10 }),
        },
      ],
    });
    expect(res.json()).toMatchObject({ accepted: 6, errors: [] });
    expect(await event('g-1')).toMatchObject({ member_id: null, effect_status: 'awaiting_member' });
    expect(await event('g-3')).toMatchObject({
      member_id: null,
      user_id: 'g-user',
      effect_status: 'awaiting_member',
    });

    const identify = await send('/v1/identify', {
      userId: 'g-user',
      anonymousId: 'guest-1',
      messageId: 'g-7',
    });
    expect(identify.statusCode).toBe(200);
    // Two orders of 88 points and one review bonus; the third order belongs to someone else.
    expect(await account('g-user')).toMatchObject({ available: 88 + 88 + 50 });
    expect(await event('g-1')).toMatchObject({
      effect_status: 'applied',
      effect: { kind: 'purchase', points: 88 },
    });
    expect(await event('g-4')).toMatchObject({
      effect_status: 'failed',
      effect: { error: { code: 'order_conflict' } },
    });
    const purchase = await t.db
      .selectFrom('loyalty_purchases')
      .select(['occurred_at', 'member_id'])
      .where('order_id', '=', 'g-5001')
      .executeTakeFirstOrThrow();
    expect(purchase.occurred_at.toISOString()).toBe((await event('g-1')).occurred_at.toISOString());

    // Identifying again does nothing twice.
    await send('/v1/identify', { userId: 'g-user', anonymousId: 'guest-1', messageId: 'g-8' });
    expect(await account('g-user')).toMatchObject({ available: 226 });
  });
});

describe('a long anonymous history', () => {
  it('is carried out partly in the identify request and the rest by a background job', async () => {
    const { program, send, account } = await loyaltyClub();
    const batch = Array.from({ length: INLINE_AWAITING_EFFECTS + 5 }, (_, i) => ({
      type: 'track',
      anonymousId: 'long-visitor',
      event: 'Product Reviewed',
      messageId: `lv-${i}`,
    }));
    expect((await send('/v1/batch', { batch })).json()).toMatchObject({ accepted: batch.length });
    await send('/v1/identify', { userId: 'lv-user', anonymousId: 'long-visitor' });
    expect(await account('lv-user')).toMatchObject({ available: INLINE_AWAITING_EFFECTS * 50 });
    const waiting = () =>
      t.db
        .selectFrom('events')
        .select('id')
        .where('program_id', '=', program.id)
        .where('effect_status', '=', 'awaiting_member')
        .execute();
    expect(await waiting()).toHaveLength(5);

    await new Worker({ db: t.db, clock: t.clock, modules: [ingestJobs] }).drain();
    expect(await waiting()).toHaveLength(0);
    expect(await account('lv-user')).toMatchObject({ available: batch.length * 50 });
  });
});
