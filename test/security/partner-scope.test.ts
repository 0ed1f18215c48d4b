// Partners bound to partner A, as a user and as an API key, against partner B's data: every case in
// partner-cases.ts (one per partner-scoped route), plus the binding rules when granting roles and keys.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeLoyaltyProgram, makeMember } from '../fixtures/loyalty.ts';
import { makeApiKey, makeUser, setupTest, type TestContext } from '../harness.ts';
import { PARTNER_CASES, type PartnerWorld } from './partner-cases.ts';

let t: TestContext;
let worlds: Record<'user' | 'key', PartnerWorld>;

beforeAll(async () => {
  t = await setupTest();
  const p = await makeLoyaltyProgram(t);
  const memberId = await makeMember(t, p.programId);
  const partnerA = crypto.randomUUID();
  const partnerB = crypto.randomUUID();
  const user = await makeUser(t, p.programId, 'partner', undefined, partnerA);
  const key = await makeApiKey(
    t,
    p.programId,
    ['loyalty:read', 'purchases:write', 'program:read', 'coupons:redeem'],
    partnerA,
  );
  const unbound = await makeApiKey(t, p.programId, ['coupons:redeem']);
  let n = 0;
  const order = () => `o-${++n}-${crypto.randomBytes(4).toString('hex')}`;
  const world = (kind: PartnerWorld['kind'], asA: PartnerWorld['asA']): PartnerWorld => ({
    t,
    kind,
    unboundKey: unbound.key,
    programId: p.programId,
    memberId,
    partnerA,
    partnerB,
    asA,
    purchaseOfB: async () => {
      const orderId = order();
      const res = await p.purchase(memberId, 2000, { orderId, partnerId: partnerB });
      expect(res.statusCode, res.body).toBe(201);
      return orderId;
    },
    purchaseOfA: async () => {
      const orderId = order();
      const res = await asA({
        method: 'POST',
        url: `/api/programs/${p.programId}/purchases`,
        payload: { orderId, memberId, total: 3000, currency: 'ILS' },
      });
      expect(res.statusCode, res.body).toBe(201);
      return orderId;
    },
  });
  worlds = { user: world('user', user.request), key: world('key', key.request) };
});
afterAll(() => t.close());

describe('partners see and change only their own', () => {
  for (const [route, check] of Object.entries(PARTNER_CASES)) {
    it(`${route} — as a partner user and a partner key`, async () => {
      await check(worlds.user);
      await check(worlds.key);
    });
  }

  it('cannot list members or read their contact data', async () => {
    const member = await worlds.user.asA({ url: `/api/programs/${worlds.user.programId}/members` });
    expect(member.statusCode).toBe(403);
    const one = await worlds.key.asA({
      url: `/api/programs/${worlds.key.programId}/members/${worlds.key.memberId}`,
    });
    expect(one.statusCode).toBe(403);
  });

  it('binds partner roles to a partner when granted, and only partner roles', async () => {
    const { programId } = worlds.user;
    const owner = await makeUser(t, programId, 'owner');
    const grant = (body: Record<string, unknown>) =>
      owner.request({ method: 'PUT', url: `/api/programs/${programId}/users`, payload: body });
    const email = `p-${crypto.randomBytes(4).toString('hex')}@example.com`;
    const base = { email, password: 'a long enough password' };
    expect((await grant({ ...base, role: 'partner' })).json().error.code).toBe('partner_required');
    expect((await grant({ ...base, role: 'viewer', partnerId: crypto.randomUUID() })).json().error.code).toBe(
      'partner_not_allowed',
    );
    const partnerId = crypto.randomUUID();
    const granted = await grant({ ...base, role: 'partner', partnerId });
    expect(granted.statusCode, granted.body).toBe(200);
    expect(granted.json()).toMatchObject({ role: 'partner', partnerId });
    const row = await t.db
      .selectFrom('program_roles')
      .select('partner_id')
      .where('program_id', '=', programId)
      .where('admin_user_id', '=', granted.json().id)
      .executeTakeFirstOrThrow();
    expect(row.partner_id).toBe(partnerId);
    const key = await owner.request({
      method: 'POST',
      url: `/api/programs/${programId}/api-keys`,
      payload: { name: 'partner till', permissions: ['purchases:write'], partnerId },
    });
    expect(key.statusCode, key.body).toBe(201);
    expect(key.json().partnerId).toBe(partnerId);
  });

  it('a partner role bound to no partner can do nothing partner-scoped', async () => {
    const { programId } = worlds.user;
    const unbound = await makeUser(t, programId, 'partner');
    await t.db
      .updateTable('program_roles')
      .set({ partner_id: null })
      .where('admin_user_id', '=', unbound.userId)
      .execute();
    const res = await unbound.request({ url: `/api/programs/${programId}/purchases` });
    expect(res.statusCode).toBe(403);
  });
});
