// Member value kept from the event bus: purchase.recorded and purchase.refunded, delivered by the dispatcher,
// update the member's stored figures; handling the same events again (a replay, in any order) changes
// nothing; churn risk and the top-customers field read those figures.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, setupTest, type TestContext } from '../../../test/harness.ts';
import { dispatchEvents, listEvents, type OutboxSubscription } from '../../platform/events/index.ts';
import { makeLoyaltyProgram, makeMember } from '../../../test/fixtures/loyalty.ts';
import { churnRisk } from './churn.ts';
import { memberMetrics, memberMetricsSubscription } from './metrics.ts';

let t: TestContext;
let club: Awaited<ReturnType<typeof makeLoyaltyProgram>>;
const subscriber = memberMetricsSubscription as unknown as OutboxSubscription;

beforeAll(async () => {
  t = await setupTest();
  t.clock.set('2026-03-01T10:00:00Z');
  club = await makeLoyaltyProgram(t);
});
afterAll(() => t.close());

const purchaseEvents = (memberId: string, programId = club.programId) =>
  listEvents(t.db, programId, { types: ['purchase.recorded', 'purchase.refunded'], memberId, limit: 1000 });

/**
 * Dispatches the subscriber until it has handled the member's newest purchase event. On PostgreSQL other test
 * files share the outbox and may hold the subscriber or a transaction below the dispatch horizon for a moment.
 */
async function settle(memberId: string, programId = club.programId) {
  const latest = Math.max(...(await purchaseEvents(memberId, programId)).map((e) => e.id));
  for (let attempt = 0; attempt < 2_000; attempt++) {
    await dispatchEvents(t.db, t.clock, [subscriber]);
    const m = await memberMetrics(t.db, programId, memberId, t.clock.now());
    if (m && m.lastEventId >= latest) return m;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`value.member-metrics did not reach event ${latest}`);
}

const item = (sku: string, category: string, price: number, quantity = 1) => ({
  sku,
  category,
  price,
  quantity,
});

async function refund(orderId: string, amount?: number) {
  const res = await club.api.request({
    method: 'POST',
    url: club.url(`/purchases/${orderId}/refunds`),
    payload: amount ? { amount } : {},
  });
  expect(res.statusCode, res.body).toBeLessThan(300);
}

describe('member value from the event bus', () => {
  it('follows purchases and refunds, and is the same after the events are handled again', async () => {
    const member = await makeMember(t, club.programId);
    const buy = async (total: number, occurredAt: string, items: ReturnType<typeof item>[]) => {
      const res = await club.purchase(member, total, { occurredAt, items });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().orderId as string;
    };
    await buy(10_000, '2026-01-01T09:00:00Z', [item('CROISSANT', 'pastries', 2_000, 5)]);
    expect(await settle(member)).toMatchObject({ orders: 1, netSpend: 10_000, topCategory: 'pastries' });

    await buy(30_000, '2026-01-21T09:00:00Z', [item('CAKE', 'cakes', 30_000)]);
    const cancelled = await buy(5_000, '2026-02-10T09:00:00Z', [item('BREAD', 'bread', 5_000)]);
    await refund(cancelled);
    const partly = await buy(8_000, '2026-02-10T10:00:00Z', [item('ECLAIR', 'pastries', 8_000)]);
    await refund(partly, 3_000);

    const figures = await settle(member);
    // Three kept orders (the bread order was refunded in full: a cancellation, not an order); 10,000 + 30,000 +
    // 5,000 left of the éclair; cakes sold for the most; 40 days from the first to the last order over 2 gaps.
    expect(figures).toMatchObject({
      orders: 3,
      netSpend: 45_000,
      averageOrder: 15_000,
      firstPurchaseAt: new Date('2026-01-01T09:00:00Z'),
      lastPurchaseAt: new Date('2026-02-10T10:00:00Z'),
      daysBetweenOrders: 20,
      distinctCategories: 2,
      topCategory: 'cakes',
    });

    // A replay hands every event to the handler again — once more in order, then backwards: nothing moves.
    const events = await purchaseEvents(member);
    expect(events.map((e) => e.type)).toEqual([
      'purchase.recorded',
      'purchase.recorded',
      'purchase.recorded',
      'purchase.refunded',
      'purchase.recorded',
      'purchase.refunded',
    ]);
    for (const order of [events, [...events].reverse()]) {
      await t.db.transaction().execute(async (trx) => {
        for (const e of order) await subscriber.handle(trx, e, { clock: t.clock });
      });
      const again = await memberMetrics(t.db, club.programId, member, t.clock.now());
      expect({ ...again, updatedAt: null }).toEqual({ ...figures, updatedAt: null });
    }
  });

  it('keeps a member whose only order was cancelled at zero orders, with no churn risk', async () => {
    const member = await makeMember(t, club.programId);
    const res = await club.purchase(member, 4_000, { occurredAt: '2026-02-01T09:00:00Z' });
    await refund(res.json().orderId);
    expect(await settle(member)).toMatchObject({
      orders: 0,
      netSpend: 0,
      lastPurchaseAt: null,
      churnRisk: null,
    });
  });

  it('leaves purchases in another currency out', async () => {
    const member = await makeMember(t, club.programId);
    await club.purchase(member, 2_000, { occurredAt: '2026-02-01T09:00:00Z' });
    const usd = await club.purchase(member, 9_999, { occurredAt: '2026-02-02T09:00:00Z', currency: 'USD' });
    expect([200, 201, 400, 422]).toContain(usd.statusCode);
    expect(await settle(member)).toMatchObject({ orders: 1, netSpend: 2_000, currency: 'ILS' });
  });
});

describe('churn risk', () => {
  const at = (iso: string) => new Date(iso);
  it('compares the days away with the member’s usual gap (at least a week; 90 days after one order)', () => {
    const regular = { orders: 5, firstPurchaseAt: at('2026-01-01'), lastPurchaseAt: at('2026-02-10') };
    // 40 days over 4 gaps = 10 days usual; 14 days away → low, 15 → medium (1.5×), 30 → high (3×).
    expect(churnRisk(regular, at('2026-02-24'))).toBe('low');
    expect(churnRisk(regular, at('2026-02-25'))).toBe('medium');
    expect(churnRisk(regular, at('2026-03-12'))).toBe('high');
    const daily = { orders: 30, firstPurchaseAt: at('2026-01-01'), lastPurchaseAt: at('2026-01-30') };
    expect(churnRisk(daily, at('2026-02-09'))).toBe('low'); // 10 days < 1.5 × 7
    expect(churnRisk(daily, at('2026-02-10'))).toBe('medium');
    const once = { orders: 1, firstPurchaseAt: at('2026-01-01'), lastPurchaseAt: at('2026-01-01') };
    expect(churnRisk(once, at('2026-05-15'))).toBe('low'); // 134 < 135
    expect(churnRisk(once, at('2026-05-16'))).toBe('medium');
    expect(churnRisk(once, at('2026-09-28'))).toBe('high'); // 270 days
    expect(
      churnRisk({ orders: 0, firstPurchaseAt: null, lastPurchaseAt: null }, at('2026-01-01')),
    ).toBeNull();
  });
});

describe('segment fields over the stored figures', () => {
  it('selects by churn risk, lifetime figures and the top customers, as the pure rule says', async () => {
    const p = await makeLoyaltyProgram(t);
    const spend = [50_000, 20_000, 10_000, 5_000, 1_000];
    const ids: string[] = [];
    for (const [i, total] of spend.entries()) {
      const id = await makeMember(t, p.programId);
      ids.push(id);
      // The biggest spender's one order was 300 days before "now" (high: 3 × 90 days); the others 9 days.
      const when = i === 0 ? '2025-05-05T09:00:00Z' : '2026-02-20T09:00:00Z';
      expect((await p.purchase(id, total, { occurredAt: when })).statusCode).toBe(201);
    }
    for (const id of ids) await settle(id, p.programId);
    const admin = await makeUser(t, p.programId, 'owner');
    const count = async (rule: unknown) => {
      const res = await admin.request({
        method: 'POST',
        url: p.url('/segments/preview'),
        payload: { rule },
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().count as number;
    };
    const cond = (field: string, op: string, value: unknown, params?: unknown) => ({
      type: 'condition',
      field,
      op,
      value,
      ...(params ? { params } : {}),
    });
    expect(await count(cond('value.top_customers', 'is', true, { percent: 20 }))).toBe(1);
    expect(await count(cond('value.top_customers', 'is', true, { percent: 40 }))).toBe(2);
    expect(await count(cond('value.top_customers', 'is', false))).toBe(4);
    expect(await count(cond('value.churn_risk', 'eq', 'high'))).toBe(1);
    expect(await count(cond('value.churn_risk', 'eq', 'low'))).toBe(4);
    expect(await count(cond('value.lifetime_spend', 'gte', 10_000))).toBe(3);
    expect(await count(cond('value.lifetime_orders', 'eq', 0))).toBe(0);
  });
});

it('stores nothing for members who never bought', async () => {
  const member = await makeMember(t, club.programId);
  const row = await sql`select 1 from value_member_metrics where member_id = ${member}`.execute(t.db);
  expect(row.rows).toHaveLength(0);
});
