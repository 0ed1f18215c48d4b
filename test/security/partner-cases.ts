// One case per partner-scoped route (config.auth.partner = 'scoped'): proof that a caller bound to partner A
// reads and changes only A's data, and never partner B's. The role × route matrix fails for a scoped route
// without a case here; partner-scope.test.ts runs every case for a partner user and a partner API key.
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/modules/audit/index.ts';
import { createReward, grantReward } from '../../src/modules/rewards/index.ts';
import { COFFEE } from '../../src/modules/rewards/test-fixtures.ts';
import type { TestContext } from '../harness.ts';

export interface PartnerWorld {
  t: TestContext;
  /** Who the caller bound to partner A is: a partner user (session) or a partner API key. */
  kind: 'user' | 'key';
  programId: string;
  memberId: string;
  partnerA: string;
  partnerB: string;
  /** Calls the API as the caller bound to partner A. */
  asA(options: InjectOptions): Promise<LightMyRequestResponse>;
  /** An API key bound to no partner, with every till permission (acts for partner B when told so). */
  unboundKey: string;
  /** Records a purchase for partner B (through an unbound key) and returns its order id. */
  purchaseOfB(): Promise<string>;
  /** Records a purchase as A and returns its order id. */
  purchaseOfA(): Promise<string>;
}

const url = (w: PartnerWorld, path: string) => `/api/programs/${w.programId}${path}`;

/** A free-coffee coupon of the world's member, optionally valid only with the given partners. */
async function coupon(w: PartnerWorld, partners?: string[]) {
  const reward = await createReward(w.t.db, w.t.clock, SYSTEM_ACTOR, w.programId, {
    ...COFFEE,
    ...(partners ? { conditions: { partners } } : {}),
  });
  const c = await grantReward(w.t.db, w.t.clock, SYSTEM_ACTOR, {
    programId: w.programId,
    memberId: w.memberId,
    rewardId: reward.id,
    why: { test: 'partner scope' },
  });
  return c;
}

const coffeeCart = (over: Record<string, unknown> = {}) => ({
  total: 1_400,
  currency: 'ILS',
  items: [{ sku: 'coffee', quantity: 1, price: 1_400 }],
  ...over,
});

const couponState = (w: PartnerWorld, id: string) =>
  w.t.db.selectFrom('coupons').select(['status']).where('id', '=', id).executeTakeFirstOrThrow();

export const PARTNER_CASES: Record<string, (w: PartnerWorld) => Promise<void>> = {
  'GET /api/till': async (w) => {
    const res = await w.asA({ url: '/api/till' });
    if (w.kind === 'user') {
      // A signed-in partner uses the program's till page; this one describes a key.
      expect(res.statusCode).toBe(403);
      return;
    }
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ programId: w.programId, partnerId: w.partnerA });
  },

  'POST /api/programs/:programId/coupons/validate': async (w) => {
    const ofB = await coupon(w, [w.partnerB]);
    const asB = await w.asA({
      method: 'POST',
      url: url(w, '/coupons/validate'),
      payload: { code: ofB.code, cart: coffeeCart({ partnerId: w.partnerB }) },
    });
    expect(asB.statusCode).toBe(403);
    const own = await w.asA({
      method: 'POST',
      url: url(w, '/coupons/validate'),
      payload: { code: ofB.code, cart: coffeeCart() },
    });
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json()).toMatchObject({ valid: false, reason: 'wrong_partner' });
  },

  'POST /api/programs/:programId/coupons/redeem': async (w) => {
    const ofB = await coupon(w, [w.partnerB]);
    const redeem = (payload: Record<string, unknown>) =>
      w.asA({
        method: 'POST',
        url: url(w, '/coupons/redeem'),
        payload: { orderId: `o-${ofB.id}`, ...payload },
      });
    expect((await redeem({ code: ofB.code, cart: coffeeCart({ partnerId: w.partnerB }) })).statusCode).toBe(
      403,
    );
    const wrong = await redeem({ code: ofB.code, cart: coffeeCart() });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().error.code).toBe('wrong_partner');
    expect((await couponState(w, ofB.id)).status).toBe('active');
    const ofA = await coupon(w, [w.partnerA]);
    const mine = await w.asA({
      method: 'POST',
      url: url(w, '/coupons/redeem'),
      payload: { code: ofA.code, orderId: `o-${ofA.id}`, cart: coffeeCart() },
    });
    expect(mine.statusCode, mine.body).toBe(201);
    const use = await w.t.db
      .selectFrom('coupon_events')
      .select('partner_id')
      .where('coupon_id', '=', ofA.id)
      .where('type', '=', 'redeemed')
      .executeTakeFirstOrThrow();
    expect(use.partner_id).toBe(w.partnerA);
  },

  'POST /api/programs/:programId/coupons/undo': async (w) => {
    const c = await coupon(w);
    const orderId = `o-${c.id}`;
    const byB = await w.t.app.inject({
      method: 'POST',
      url: url(w, '/coupons/redeem'),
      headers: { authorization: `Bearer ${w.unboundKey}` },
      payload: { code: c.code, orderId, cart: coffeeCart({ partnerId: w.partnerB }) },
    });
    expect(byB.statusCode, byB.body).toBe(201);
    const undo = await w.asA({
      method: 'POST',
      url: url(w, '/coupons/undo'),
      payload: { code: c.code, orderId },
    });
    expect(undo.statusCode).toBe(403);
    expect((await couponState(w, c.id)).status).toBe('redeemed');
  },

  'GET /api/programs/:programId': async (w) => {
    const res = await w.asA({ url: url(w, '') });
    expect(res.statusCode).toBe(200);
    expect(res.json().id).toBe(w.programId);
  },

  'POST /api/programs/:programId/purchases': async (w) => {
    const orderId = `a-${Math.random().toString(36).slice(2)}`;
    const body = { orderId, memberId: w.memberId, total: 1000, currency: 'ILS' };
    const asB = await w.asA({
      method: 'POST',
      url: url(w, '/purchases'),
      payload: { ...body, partnerId: w.partnerB },
    });
    expect(asB.statusCode).toBe(403);
    const own = await w.asA({ method: 'POST', url: url(w, '/purchases'), payload: body });
    expect(own.statusCode, own.body).toBe(201);
    expect(own.json().partnerId).toBe(w.partnerA);
    const stored = await w.t.db
      .selectFrom('loyalty_purchases')
      .select('partner_id')
      .where('program_id', '=', w.programId)
      .where('order_id', '=', orderId)
      .executeTakeFirstOrThrow();
    expect(stored.partner_id).toBe(w.partnerA);
  },

  'GET /api/programs/:programId/purchases': async (w) => {
    const mine = await w.purchaseOfA();
    const theirs = await w.purchaseOfB();
    const res = await w.asA({ url: url(w, '/purchases?limit=200') });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { orderId: string; partnerId: string | null }[];
    expect(items.map((i) => i.orderId)).toContain(mine);
    expect(items.map((i) => i.orderId)).not.toContain(theirs);
    expect(items.every((i) => i.partnerId === w.partnerA)).toBe(true);
  },

  'GET /api/programs/:programId/purchases/:orderId': async (w) => {
    const mine = await w.purchaseOfA();
    const theirs = await w.purchaseOfB();
    expect((await w.asA({ url: url(w, `/purchases/${mine}`) })).statusCode).toBe(200);
    const other = await w.asA({ url: url(w, `/purchases/${theirs}`) });
    expect(other.statusCode).toBe(404);
    expect(other.json().error.code).toBe('purchase_not_found');
  },

  'POST /api/programs/:programId/purchases/:orderId/refunds': async (w) => {
    const theirs = await w.purchaseOfB();
    const refund = await w.asA({ method: 'POST', url: url(w, `/purchases/${theirs}/refunds`), payload: {} });
    expect(refund.statusCode).toBe(404);
    const refunds = await w.t.db
      .selectFrom('loyalty_refunds')
      .innerJoin('loyalty_purchases', 'loyalty_purchases.id', 'loyalty_refunds.purchase_id')
      .select('loyalty_refunds.id')
      .where('loyalty_purchases.order_id', '=', theirs)
      .execute();
    expect(refunds).toEqual([]);
    const mine = await w.purchaseOfA();
    const own = await w.asA({ method: 'POST', url: url(w, `/purchases/${mine}/refunds`), payload: {} });
    expect(own.statusCode, own.body).toBe(201);
  },
};
