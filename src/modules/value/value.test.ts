// Customer value with exact figures on a hand-built club: ten customers whose recency, frequency and spend put
// ties on quintile edges, a customer whose only order was cancelled, a refund after the snapshot, and a
// purchase in a second currency. Snapshot: the end of 2026-06-15 in Jerusalem (2026-06-15T21:00Z).
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, setupTest, type Actor, type TestContext } from '../../../test/harness.ts';
import { makeLoyaltyProgram, makeMember } from '../../../test/fixtures/loyalty.ts';

let t: TestContext;
let owner: Actor;
let club: Awaited<ReturnType<typeof buildClub>>;

const ORDER_TIME = Date.parse('2026-06-15T09:00:00Z');
const daysBefore = (days: number) => new Date(ORDER_TIME - days * 86_400_000).toISOString();

/** name: [days before the snapshot of the last order, orders, total per order, sku, category] */
const CUSTOMERS = {
  A: [1, 5, 2_000, 'CROISSANT', 'pastries'],
  B: [1, 4, 3_000, 'ECLAIR', 'pastries'],
  C: [3, 3, 1_000, 'CROISSANT', 'pastries'],
  D: [3, 1, 50_000, 'CAKE', 'cakes'],
  E: [10, 2, 500, 'BAGUETTE', 'bread'],
  F: [10, 2, 500, 'BAGUETTE', 'bread'],
  G: [10, 1, 2_000, 'BAGUETTE', 'bread'],
  H: [100, 6, 1_000, 'BAGUETTE', 'bread'],
  I: [200, 1, 800, 'CAKE', 'cakes'],
  J: [300, 1, 10_000, 'CROISSANT', 'pastries'],
} as const;

async function buildClub() {
  t.clock.set('2026-06-15T10:00:00Z');
  const p = await makeLoyaltyProgram(t);
  const names: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const orders: Record<string, string[]> = {};
  for (const [name, [last, count, total, sku, category]] of Object.entries(CUSTOMERS)) {
    const id = await makeMember(t, p.programId);
    names[id] = name;
    ids[name] = id;
    orders[name] = [];
    for (let i = 0; i < count; i++) {
      const res = await p.purchase(id, total, {
        occurredAt: daysBefore(last + i),
        items: [{ sku, category, quantity: 1, price: total }],
      });
      expect(res.statusCode, res.body).toBe(201);
      orders[name].push(res.json().orderId);
    }
  }
  const refund = async (orderId: string, amount?: number) => {
    const res = await p.api.request({
      method: 'POST',
      url: p.url(`/purchases/${orderId}/refunds`),
      payload: amount ? { amount } : {},
    });
    expect(res.statusCode, res.body).toBeLessThan(300);
  };
  // X's only order is cancelled (refunded in full) before the snapshot: X is no customer.
  const x = await makeMember(t, p.programId);
  const xOrder = await p.purchase(x, 5_000, { occurredAt: daysBefore(5) });
  await refund(xOrder.json().orderId);
  // Z bought in dollars once (e.g. imported history): left out and reported, never converted.
  const z = await makeMember(t, p.programId);
  await t.db
    .insertInto('loyalty_purchases')
    .values({
      program_id: p.programId,
      order_id: 'usd-1',
      member_id: z,
      payload_hash: crypto.randomUUID(),
      total: 99_999,
      currency: 'USD',
      items: '[]',
      occurred_at: daysBefore(2),
      explanation: '{}',
      created_at: daysBefore(2),
    })
    .execute();
  // J returns part of the order three days after the snapshot: the snapshot still counts all 10,000.
  t.clock.set('2026-06-18T10:00:00Z');
  await refund(orders.J![0]!, 4_000);
  t.clock.set('2026-06-20T10:00:00Z');
  return { ...p, names, ids };
}

beforeAll(async () => {
  t = await setupTest();
  club = await buildClub();
  owner = await makeUser(t, club.programId, 'owner');
});
afterAll(() => t.close());

const get = async (path: string) => {
  const res = await owner.request({ url: club.url(path) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

describe('RFM', () => {
  it('scores by rank with ties sharing a score, and names the segments', async () => {
    const body = await get('/value/rfm/members?day=2026-06-15&limit=200');
    const scores = Object.fromEntries(
      body.items.map((m: { memberId: string; r: number; f: number; m: number; segment: string }) => [
        club.names[m.memberId],
        `${m.r}${m.f}${m.m} ${m.segment}`,
      ]),
    );
    expect(scores).toEqual({
      A: '554 champions',
      B: '545 champions',
      C: '443 loyal',
      D: '415 promising',
      E: '231 at_risk',
      F: '231 at_risk',
      G: '212 hibernating',
      H: '253 cant_lose',
      I: '111 lost',
      J: '114 lost',
    });
  });

  it('counts, revenue and averages per segment, the grid, movement and other currencies', async () => {
    const body = await get('/value/rfm?day=2026-06-15');
    expect(body).toMatchObject({
      day: '2026-06-15',
      previousDay: '2026-05-15',
      months: 24,
      scale: 5,
      customers: 10,
    });
    const seg = Object.fromEntries(
      body.segments
        .filter((s: { customers: number }) => s.customers > 0)
        .map((s: Record<string, unknown>) => [
          s.segment,
          [s.customers, s.revenue, s.averageRecencyDays, s.averageFrequency, s.averageMonetary],
        ]),
    );
    expect(seg).toEqual({
      champions: [2, 22_000, 1, 4.5, 11_000],
      loyal: [1, 3_000, 3, 3, 3_000],
      promising: [1, 50_000, 3, 1, 50_000],
      at_risk: [2, 2_000, 10, 2, 1_000],
      hibernating: [1, 2_000, 10, 1, 2_000],
      cant_lose: [1, 6_000, 100, 6, 6_000],
      lost: [2, 10_800, 250, 1, 5_400],
    });
    expect(body.segments).toHaveLength(11);
    expect(body.grid).toContainEqual({ r: 2, f: 3, customers: 2 });
    expect(body.grid.reduce((n: number, g: { customers: number }) => n + g.customers, 0)).toBe(10);
    // A month earlier only H, I and J had bought: H was loyal, I hibernating, J lost.
    expect(body.movement).toEqual(
      [
        { from: 'hibernating', to: 'lost', customers: 1 },
        { from: 'lost', to: 'lost', customers: 1 },
        { from: 'loyal', to: 'cant_lose', customers: 1 },
        { from: null, to: 'at_risk', customers: 2 },
        { from: null, to: 'champions', customers: 2 },
        { from: null, to: 'hibernating', customers: 1 },
        { from: null, to: 'loyal', customers: 1 },
        { from: null, to: 'promising', customers: 1 },
      ].sort((a, b) => `${a.from}>${a.to}`.localeCompare(`${b.from}>${b.to}`)),
    );
    expect(body.otherCurrencies).toEqual([{ currency: 'USD', purchases: 1 }]);
  });

  it('scores quartiles on request', async () => {
    const body = await get('/value/rfm/members?day=2026-06-15&scale=4&segment=champions');
    // Quartiles: A r=4 f=4, B r=4 f=3 (f rank 8 of 10 → 1 + floor(4 × 7 / 10) = 3) — both champions.
    expect(body.items.map((m: { memberId: string }) => club.names[m.memberId]).sort()).toEqual(['A', 'B']);
  });
});

describe('Pareto', () => {
  it('shares of revenue from the top customers, the curve, and the list', async () => {
    const body = await get('/value/pareto?day=2026-06-15');
    expect(body.customers).toBe(10);
    expect(body.revenue).toBe(95_800);
    expect(body.top).toEqual([
      { percent: 1, customers: 1, revenue: 50_000, revenueShare: 52.19 },
      { percent: 5, customers: 1, revenue: 50_000, revenueShare: 52.19 },
      { percent: 10, customers: 1, revenue: 50_000, revenueShare: 52.19 },
      { percent: 20, customers: 2, revenue: 62_000, revenueShare: 64.72 },
    ]);
    expect(body.curve[0]).toEqual({ customerShare: 0, revenueShare: 0 });
    expect(body.curve.at(-1)).toEqual({ customerShare: 100, revenueShare: 100 });
    expect(body.curve).toHaveLength(11);
    const csv = await owner.request({ url: club.url('/value/pareto/export?day=2026-06-15&percent=20') });
    const lines = csv.body
      .replace(/^\ufeff/, '')
      .trim()
      .split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(`1,${club.ids.D}`);
    expect(lines[2]).toMatch(/,4,12000$/);
  });
});

describe('product affinity', () => {
  it('lift with support counts for a segment against everyone', async () => {
    const byCategory = await get('/value/affinity?day=2026-06-15&segment=champions');
    expect(byCategory).toMatchObject({ segment: 'champions', segmentCustomers: 2, customers: 10 });
    expect(byCategory.items).toEqual([
      { item: 'pastries', customersInSegment: 2, customersOverall: 4, support: 1, lift: 2.5 },
    ]);
    const bySku = await get('/value/affinity?day=2026-06-15&segment=champions&by=sku&minSupport=1');
    expect(bySku.items).toEqual([
      { item: 'ECLAIR', customersInSegment: 1, customersOverall: 1, support: 0.5, lift: 5 },
      { item: 'CROISSANT', customersInSegment: 1, customersOverall: 3, support: 0.5, lift: 1.67 },
    ]);
  });
});

describe('member value and segment fields', () => {
  it("one member's figures", async () => {
    const a = await get(`/members/${club.ids.A}/value`);
    expect(a).toMatchObject({
      orders: 5,
      netSpend: 10_000,
      averageOrder: 2_000,
      daysBetweenOrders: 1,
      distinctCategories: 1,
      topCategories: [{ category: 'pastries', spend: 10_000 }],
      topSkus: [{ sku: 'CROISSANT', quantity: 5 }],
      lastPurchaseAt: daysBefore(1),
      firstPurchaseAt: daysBefore(5),
    });
    const j = await get(`/members/${club.ids.J}/value`);
    expect(j).toMatchObject({ orders: 1, netSpend: 6_000 }); // today, J's later refund counts
  });

  it('segments on RFM segment and scores', async () => {
    const res = await owner.request({
      method: 'POST',
      url: club.url('/segments/preview'),
      payload: {
        sample: 50,
        rule: {
          type: 'and',
          rules: [
            { type: 'condition', field: 'rfm.segment', op: 'in', value: ['champions', 'loyal'] },
            { type: 'condition', field: 'purchase.category', op: 'includes_any', value: ['pastries'] },
          ],
        },
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(
      res
        .json()
        .sample.map((m: { id: string }) => club.names[m.id])
        .sort(),
    ).toEqual(['A', 'B', 'C']);
  });
});
