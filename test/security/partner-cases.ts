// One case per partner-scoped route (config.auth.partner = 'scoped'): proof that a caller bound to partner A
// reads and changes only A's data, and never partner B's. The role × route matrix fails for a scoped route
// without a case here; partner-scope.test.ts runs every case for a partner user and a partner API key.
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { TestContext } from '../harness.ts';

export interface PartnerWorld {
  t: TestContext;
  programId: string;
  memberId: string;
  partnerA: string;
  partnerB: string;
  /** Calls the API as the caller bound to partner A. */
  asA(options: InjectOptions): Promise<LightMyRequestResponse>;
  /** Records a purchase for partner B (through an unbound key) and returns its order id. */
  purchaseOfB(): Promise<string>;
  /** Records a purchase as A and returns its order id. */
  purchaseOfA(): Promise<string>;
}

const url = (w: PartnerWorld, path: string) => `/api/programs/${w.programId}${path}`;

export const PARTNER_CASES: Record<string, (w: PartnerWorld) => Promise<void>> = {
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
