import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, setupTest, type Actor, type TestContext } from '../../../test/harness.ts';
import { makeShop } from './test-fixtures.ts';

let t: TestContext;
let shop: Awaited<ReturnType<typeof makeShop>>;
let owner: Actor;
beforeAll(async () => {
  t = await setupTest();
  shop = await makeShop(t);
  owner = await makeUser(t, shop.programId);
});
afterAll(() => t.close());

interface Browsed {
  items: {
    id: string;
    firstName: string;
    points: number;
    tierKey: string | null;
    lastPurchaseAt: string | null;
  }[];
  total: number;
}

async function browse(params: Record<string, string>) {
  const res = await owner.request({
    method: 'GET',
    url: `/api/programs/${shop.programId}/segments/browse?${new URLSearchParams(params)}`,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Browsed;
}

describe('members list (browse)', () => {
  it('lists the active members with points, tier and last purchase, sorted, with the total', async () => {
    const all = await browse({ sort: 'points', direction: 'desc' });
    expect(all.total).toBe(4); // Dalia was deleted
    const points = all.items.map((m) => m.points);
    expect(points).toEqual([...points].sort((a, b) => b - a));
    const avi = all.items.find((m) => m.id === shop.ids.avi)!;
    expect(avi.points).toBeGreaterThan(0);
    expect(avi.tierKey).not.toBeNull();
    expect(avi.lastPurchaseAt?.slice(0, 10)).toBe('2026-06-10');
    expect(all.items.find((m) => m.id === shop.ids.carmel)).toMatchObject({
      points: 0,
      lastPurchaseAt: null,
    });

    const byName = await browse({ sort: 'name', direction: 'asc', limit: '2' });
    expect(byName.items.map((m) => m.firstName)).toEqual(['Avi', 'Beth']);
    expect(byName.total).toBe(4);
    const next = await browse({ sort: 'name', direction: 'asc', limit: '2', offset: '2' });
    expect(next.items.map((m) => m.firstName)).toEqual(['Carmel', 'Eli']);
  });

  it('filters by any segment rule: a tag, a list, the birthday month', async () => {
    const rule = (r: unknown) => ({ rule: JSON.stringify(r) });
    const tagged = await browse(
      rule({ type: 'condition', field: 'tag.has', op: 'includes_any', value: ['vip'] }),
    );
    expect(tagged.items.map((m) => m.id)).toEqual([shop.ids.beth]);
    expect(tagged.total).toBe(1);
    const listed = await browse(
      rule({ type: 'condition', field: 'list.subscribed', op: 'includes_any', value: [shop.list.id] }),
    );
    expect(listed.items.map((m) => m.id)).toEqual([shop.ids.avi]);
    const june = await browse(
      rule({ type: 'condition', field: 'member.birthday_month', op: 'eq', value: 6 }),
    );
    expect(june.items.map((m) => m.id)).toEqual([shop.ids.avi]);
  });

  it('refuses a rule that is not JSON or not valid, naming it', async () => {
    for (const rule of ['{', JSON.stringify({ type: 'condition', field: 'nope.nope', op: 'eq', value: 1 })]) {
      const res = await owner.request({
        method: 'GET',
        url: `/api/programs/${shop.programId}/segments/browse?rule=${encodeURIComponent(rule)}`,
      });
      expect(res.statusCode).toBe(400);
      expect(['invalid_rule', 'unknown_field']).toContain(res.json().error.code);
    }
  });

  it('exports what the list shows as CSV, in the same order', async () => {
    const res = await owner.request({
      method: 'GET',
      url: `/api/programs/${shop.programId}/segments/browse/export?sort=name&direction=desc`,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.body
      .replace(/^\ufeff/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toBe(
      'id,external_id,first_name,last_name,email,phone,locale,joined_at,points,tier,last_purchase_at',
    );
    expect(lines.slice(1).map((l) => l.split(',')[2])).toEqual(['Eli', 'Carmel', 'Beth', 'Avi']);
    const bad = await owner.request({
      method: 'GET',
      url: `/api/programs/${shop.programId}/segments/browse/export?rule=%7B`,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid_rule');
  });
});
