import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, setupTest, type TestContext } from '../../../test/harness.ts';
import { makeLoyaltyProgram, makeMember } from '../../../test/fixtures/loyalty.ts';

let t: TestContext;
beforeAll(async () => {
  t = await setupTest();
});
afterAll(() => t.close());

describe('listing purchases', () => {
  it('pages through a member’s purchases newest first, with refund state and refunds', async () => {
    const p = await makeLoyaltyProgram(t);
    const member = await makeMember(t, p.programId);
    const other = await makeMember(t, p.programId);
    const at = (minutes: number) => new Date(t.clock.now().getTime() - minutes * 60_000).toISOString();
    // Two purchases at the same instant: the id breaks the tie, so none is skipped or repeated.
    await p.purchase(member, 1_000, { orderId: 'P-1', occurredAt: at(30) });
    await p.purchase(member, 2_000, { orderId: 'P-2', occurredAt: at(20) });
    await p.purchase(member, 3_000, { orderId: 'P-3', occurredAt: at(20) });
    await p.purchase(member, 4_000, { orderId: 'P-4', occurredAt: at(10) });
    await p.purchase(other, 9_000, { orderId: 'Q-1', occurredAt: at(5) });
    const refund = (orderId: string, amount?: number) =>
      p.api.request({ method: 'POST', url: p.url(`/purchases/${orderId}/refunds`), payload: { amount } });
    expect((await refund('P-4', 1_000)).statusCode).toBe(201);
    expect((await refund('P-1')).statusCode).toBe(201);

    const seen: { orderId: string; refundState: string }[] = [];
    let cursor: string | null = null;
    do {
      const res = await p.api.request({
        url: p.url(`/members/${member}/purchases?limit=2${cursor ? `&cursor=${cursor}` : ''}`),
      });
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json();
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.map((s) => s.orderId)).toHaveLength(4);
    expect(seen[0]).toMatchObject({
      orderId: 'P-4',
      total: 4_000,
      refundedTotal: 1_000,
      refundState: 'partial',
    });
    expect(seen[0]).toMatchObject({ refunds: [{ amount: 1_000, pointsReversed: 10 }] });
    expect(new Set(seen.slice(1, 3).map((s) => s.orderId))).toEqual(new Set(['P-2', 'P-3']));
    expect(seen[3]).toMatchObject({ orderId: 'P-1', refundState: 'full', refunds: [{ amount: 1_000 }] });
    expect(seen[1]).toMatchObject({ refundState: 'none', refunds: [] });

    const all = (await p.api.request({ url: p.url('/purchases') })).json();
    expect(all.items.map((i: { orderId: string }) => i.orderId)[0]).toBe('Q-1');
    expect(all.items).toHaveLength(5);
    const filtered = (await p.api.request({ url: p.url(`/purchases?memberId=${other}`) })).json();
    expect(filtered.items.map((i: { orderId: string }) => i.orderId)).toEqual(['Q-1']);
  });

  it('refuses bad cursors, unknown members and shows an empty list', async () => {
    const p = await makeLoyaltyProgram(t);
    const bad = await p.api.request({ url: p.url('/purchases?cursor=nonsense') });
    expect([bad.statusCode, bad.json().error.code]).toEqual([400, 'invalid_cursor']);
    const missing = await p.api.request({
      url: p.url('/members/00000000-0000-4000-8000-000000000000/purchases'),
    });
    expect([missing.statusCode, missing.json().error.code]).toEqual([404, 'member_not_found']);
    const viewer = await makeUser(t, p.programId, 'viewer');
    expect((await viewer.request({ url: p.url('/purchases') })).statusCode).toBe(200);
    const empty = (await p.api.request({ url: p.url('/purchases') })).json();
    expect(empty).toEqual({ items: [], nextCursor: null });
  });
});
