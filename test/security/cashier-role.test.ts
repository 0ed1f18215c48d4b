// The cashier role: at the till only. It finds a member (by phone, name or card id), sees the points, records
// a sale, refunds it and takes a coupon — and every other write in the route table is refused. The full
// role × route matrix (role-matrix.test.ts) checks the same from the permission table; this file states the
// cashier's reach as a list a person can read, so widening the role shows up in review.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modules } from '../../src/app/modules.ts';
import { permissionCatalogue } from '../../src/modules/auth/index.ts';
import { makeLoyaltyProgram } from '../fixtures/loyalty.ts';
import { SYSTEM_ACTOR } from '../../src/modules/audit/index.ts';
import { createMember } from '../../src/modules/members/index.ts';
import { makeUser, setupTest, type TestContext } from '../harness.ts';

const ROLE_PERMISSIONS = permissionCatalogue(modules).rolePermissions;

let t: TestContext;
beforeAll(async () => {
  t = await setupTest();
});
afterAll(() => t.close());

describe('the cashier role', () => {
  it('holds exactly the till permissions', () => {
    expect([...ROLE_PERMISSIONS.cashier].sort()).toEqual(
      ['coupons:redeem', 'loyalty:read', 'members:read', 'program:read', 'purchases:write'].sort(),
    );
  });

  it('finds a member by phone and card id, records a sale with items, sees the points, refunds it', async () => {
    const p = await makeLoyaltyProgram(t);
    const member = await createMember(t.db, t.clock, SYSTEM_ACTOR, p.programId, {
      firstName: 'נועה',
      lastName: 'כהן',
      phone: '050-123-4567',
    });
    const cashier = await makeUser(t, p.programId, 'cashier');
    const byPhone = await cashier.request({ url: p.url('/members?q=0501234567') });
    expect(byPhone.statusCode, byPhone.body).toBe(200);
    expect(byPhone.json().items.map((m: { id: string }) => m.id)).toEqual([member.id]);
    const byName = await cashier.request({ url: p.url(`/members?q=${encodeURIComponent('נועה')}`) });
    expect(byName.json().items.map((m: { id: string }) => m.id)).toContain(member.id);
    const byCard = await cashier.request({ url: p.url(`/members/${member.id}`) });
    expect(byCard.statusCode).toBe(200);

    const sale = {
      orderId: 'till-1',
      memberId: member.id,
      total: 4_250,
      currency: 'ILS',
      channel: 'pos',
      items: [{ sku: 'latte', category: 'coffee', quantity: 2, price: 2_125 }],
    };
    const recorded = await cashier.request({ method: 'POST', url: p.url('/purchases'), payload: sale });
    expect(recorded.statusCode, recorded.body).toBe(201);
    expect(recorded.json()).toMatchObject({ orderId: 'till-1', total: 4_250, points: 42, channel: 'pos' });
    // Pressing the button twice records the sale once.
    const again = await cashier.request({ method: 'POST', url: p.url('/purchases'), payload: sale });
    expect(again.statusCode).toBe(200);
    expect((await p.account(member.id)).available).toBe(42);

    const refund = await cashier.request({
      method: 'POST',
      url: p.url('/purchases/till-1/refunds'),
      payload: { amount: 2_125, refundId: 'r-1' },
    });
    expect(refund.statusCode, refund.body).toBe(201);
    expect(refund.json()).toMatchObject({ amount: 2_125, pointsReversed: 21 });
    expect((await p.account(member.id)).available).toBe(21);
    const rows = await t.db
      .selectFrom('loyalty_purchases')
      .select(['order_id', 'total', 'channel'])
      .where('program_id', '=', p.programId)
      .execute();
    expect(rows).toEqual([{ order_id: 'till-1', total: 4_250, channel: 'pos' }]);
  });

  it('is refused everything else a shop owner does', async () => {
    const p = await makeLoyaltyProgram(t);
    const member = await createMember(t.db, t.clock, SYSTEM_ACTOR, p.programId, { email: 'c@example.com' });
    const cashier = await makeUser(t, p.programId, 'cashier');
    const refused = [
      { method: 'PATCH', url: p.url(`/members/${member.id}`), payload: { firstName: 'X' } },
      { method: 'DELETE', url: p.url(`/members/${member.id}`) },
      { method: 'POST', url: p.url('/members'), payload: { email: 'new@example.com' } },
      {
        method: 'POST',
        url: p.url(`/members/${member.id}/adjustments`),
        payload: { points: 100, reason: 'x' },
      },
      { method: 'GET', url: p.url('/audit') },
      { method: 'GET', url: p.url('/users') },
      { method: 'GET', url: p.url('/consents') },
      { method: 'GET', url: p.url(`/members/${member.id}/consents`) },
      { method: 'GET', url: p.url('/analytics/kpis') },
    ] as const;
    for (const r of refused) {
      const res = await cashier.request(r);
      expect([403, 404], `${r.method} ${r.url}: ${res.body}`).toContain(res.statusCode);
      if (res.statusCode === 403) expect(res.json().error.code).toBe('forbidden');
    }
    expect(
      (await t.db.selectFrom('members').select('first_name').where('id', '=', member.id).executeTakeFirst())
        ?.first_name,
    ).toBeNull();
  });
});
