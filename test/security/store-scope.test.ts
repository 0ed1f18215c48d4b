// Till keys bound to a store: they validate, redeem and undo only as their own store, a coupon restricted to
// another store is wrong_store for them, they cannot claim to be another store, and they reach no route that
// is not store-scoped (the role × route matrix sweeps every route for that).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRewardsProgram } from '../../src/modules/rewards/test-fixtures.ts';
import { makeApiKey, setupTest, type TestContext } from '../harness.ts';

let t: TestContext;
let p: Awaited<ReturnType<typeof makeRewardsProgram>>;
let tillA: Awaited<ReturnType<typeof makeApiKey>>;
let tillB: Awaited<ReturnType<typeof makeApiKey>>;

beforeAll(async () => {
  t = await setupTest();
  p = await makeRewardsProgram(t);
  tillA = await makeApiKey(t, p.programId, ['coupons:redeem'], null, 'dizengoff');
  tillB = await makeApiKey(t, p.programId, ['coupons:redeem'], null, 'florentin');
});
afterAll(() => t.close());

async function coupon(stores?: string[]) {
  const member = await p.member(1_000);
  const reward = await p.reward(stores ? { conditions: { stores } } : {});
  return (await p.redeem(member, reward.id)).json().coupon as { id: string; code: string };
}

const call = (key: typeof tillA, path: 'validate' | 'redeem' | 'undo', payload: Record<string, unknown>) =>
  key.request({ method: 'POST', url: p.url(`/coupons/${path}`), payload });

async function couponRow(id: string) {
  return t.db
    .selectFrom('coupons')
    .select(['status', 'redeemed_store_id', 'redeemed_order_id'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

describe('store-bound till keys', () => {
  it('GET /api/till says what the key is', async () => {
    const res = await tillA.request({ url: '/api/till' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      programId: p.programId,
      currency: 'ILS',
      storeId: 'dizengoff',
      partnerId: null,
      actions: ['validate', 'redeem', 'undo'],
    });
    const unbound = await p.till.request({ url: '/api/till' });
    expect(unbound.json()).toMatchObject({ storeId: null });
    const noRight = await makeApiKey(t, p.programId, ['rewards:read']);
    expect((await noRight.request({ url: '/api/till' })).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/till' })).statusCode).toBe(401);
  });

  it('a coupon restricted to another store is wrong_store, even with no store in the cart', async () => {
    const c = await coupon(['florentin']);
    const v = await call(tillA, 'validate', { code: c.code, cart: p.cart() });
    expect(v.statusCode).toBe(200);
    expect(v.json()).toMatchObject({ valid: false, reason: 'wrong_store' });
    const r = await call(tillA, 'redeem', { code: c.code, orderId: 'a-1', cart: p.cart() });
    expect(r.statusCode).toBe(422);
    expect(r.json().error.code).toBe('wrong_store');
    expect((await couponRow(c.id)).status).toBe('active');
    const own = await call(tillB, 'redeem', { code: c.code, orderId: 'b-1', cart: p.cart() });
    expect(own.statusCode, own.body).toBe(201);
    expect(own.json().storeId).toBe('florentin');
  });

  it('a key for one store cannot act as another, and nothing changes', async () => {
    const c = await coupon(['florentin']);
    for (const path of ['validate', 'redeem'] as const) {
      const res = await call(tillA, path, {
        code: c.code,
        ...(path === 'redeem' ? { orderId: 'a-2' } : {}),
        cart: p.cart({ storeId: 'florentin' }),
      });
      expect(res.statusCode).toBe(403);
      expect(res.json().error).toMatchObject({ code: 'forbidden', details: { storeId: 'dizengoff' } });
    }
    expect(await couponRow(c.id)).toMatchObject({ status: 'active', redeemed_store_id: null });
    // Naming its own store is fine; the redemption is recorded at the key's store.
    const any = await coupon();
    const r = await call(tillA, 'redeem', {
      code: any.code,
      orderId: 'a-3',
      cart: p.cart({ storeId: 'dizengoff' }),
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(await couponRow(any.id)).toMatchObject({ status: 'redeemed', redeemed_store_id: 'dizengoff' });
  });

  it("undoes only its own store's redemptions", async () => {
    const c = await coupon();
    const r = await call(tillB, 'redeem', { code: c.code, orderId: 'b-9', cart: p.cart() });
    expect(r.statusCode, r.body).toBe(201);
    const foreign = await call(tillA, 'undo', { code: c.code, orderId: 'b-9' });
    expect(foreign.statusCode).toBe(403);
    expect((await couponRow(c.id)).status).toBe('redeemed');
    const own = await call(tillB, 'undo', { code: c.code, orderId: 'b-9' });
    expect(own.statusCode, own.body).toBe(200);
    expect((await couponRow(c.id)).status).toBe('active');
  });

  it('reaches no route that is not store-scoped, whatever its permissions', async () => {
    const strong = await makeApiKey(
      t,
      p.programId,
      ['coupons:redeem', 'rewards:read', 'loyalty:read'],
      null,
      'x',
    );
    expect((await strong.request({ url: p.url('/rewards') })).statusCode).toBe(403);
    expect((await strong.request({ url: p.url('/coupons/lookup?code=AAAA') })).statusCode).toBe(403);
  });

  it('an owner creates a store-bound key through the API and sees its store in the list', async () => {
    const admin = await makeApiKey(t, p.programId, ['apikeys:manage']);
    const created = await admin.request({
      method: 'POST',
      url: p.url('/api-keys'),
      payload: { name: 'Dizengoff till 1', permissions: ['coupons:redeem'], storeId: 'dizengoff' },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ storeId: 'dizengoff', partnerId: null });
    const blank = await admin.request({
      method: 'POST',
      url: p.url('/api-keys'),
      payload: { name: 'x', permissions: ['coupons:redeem'], storeId: '  ' },
    });
    expect(blank.statusCode).toBe(400);
    const list = await admin.request({ url: p.url('/api-keys') });
    const row = (list.json().items as { id: string; storeId: string | null }[]).find(
      (k) => k.id === created.json().id,
    );
    expect(row?.storeId).toBe('dizengoff');
    const key = created.json().key as string;
    const till = await t.app.inject({ url: '/api/till', headers: { authorization: `Bearer ${key}` } });
    expect(till.json().storeId).toBe('dizengoff');
  });
});
