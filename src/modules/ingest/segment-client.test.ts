// The official Segment Node client, unchanged, pointed at a real listening Moadon server.
import type { AddressInfo } from 'node:net';
import { Analytics } from '@segment/analytics-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApiKey, makeProgram, makeUser, setupTest, type TestContext } from '../../../test/harness.ts';

let t: TestContext;
let host: string;
beforeAll(async () => {
  t = await setupTest();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  host = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(() => t.close());

function client(writeKey: string) {
  const analytics = new Analytics({ writeKey, host, flushAt: 50, maxRetries: 0 });
  const statuses: number[] = [];
  const errors: unknown[] = [];
  analytics.on('http_response', (r) => statuses.push(r.status));
  analytics.on('error', (e) => errors.push(e));
  return { analytics, statuses, errors };
}

describe('@segment/analytics-node against Moadon', () => {
  it('identifies a visitor, tracks events and pages, flushes in one batch', async () => {
    const program = await makeProgram(t.db, { currency: 'ILS' });
    const { key } = await makeApiKey(t, program.id, ['ingest:write']);
    const { analytics, statuses, errors } = client(key);

    analytics.track({ anonymousId: 'browser-1', event: 'Product Viewed', properties: { sku: 'latte' } });
    analytics.identify({
      userId: 'crm-1001',
      anonymousId: 'browser-1',
      traits: { email: 'noa@example.com', firstName: 'נועה', phone: '+972 52-555-0101' },
    });
    analytics.track({ userId: 'crm-1001', event: 'Coupon Applied', properties: { code: 'WELCOME' } });
    analytics.page({ userId: 'crm-1001', name: 'Checkout', properties: { path: '/checkout' } });
    await analytics.closeAndFlush();

    expect(errors).toEqual([]);
    expect(statuses).toEqual([200]);
    const member = await t.db
      .selectFrom('members')
      .selectAll()
      .where('program_id', '=', program.id)
      .where('external_id', '=', 'crm-1001')
      .executeTakeFirstOrThrow();
    expect(member).toMatchObject({ email: 'noa@example.com', first_name: 'נועה', phone: '+972525550101' });
    const events = await t.db
      .selectFrom('events')
      .selectAll()
      .where('program_id', '=', program.id)
      .orderBy('occurred_at')
      .orderBy('id')
      .execute();
    expect(events.map((e) => [e.type, e.name, e.member_id])).toEqual([
      ['track', 'Product Viewed', member.id],
      ['identify', null, member.id],
      ['track', 'Coupon Applied', member.id],
      ['page', 'Checkout', member.id],
    ]);
    expect(events.every((e) => e.message_id.length > 10)).toBe(true);
    expect(events[0]!.context).toMatchObject({ library: { name: '@segment/analytics-node' } });
  });

  it('earns points for Order Completed sent by the client', async () => {
    const program = await makeProgram(t.db, { currency: 'ILS' });
    const owner = await makeUser(t, program.id);
    const api = `/api/programs/${program.id}`;
    await owner.request({ method: 'PATCH', url: `${api}/loyalty-settings`, payload: { pendingDays: 0 } });
    const rule = await owner.request({
      method: 'POST',
      url: `${api}/earning-rules`,
      payload: {
        name: '1 point per ₪1',
        trigger: 'purchase',
        effect: { type: 'per_spend', points: 1, per: 100 },
      },
    });
    expect(rule.statusCode).toBe(201);
    const { key } = await makeApiKey(t, program.id, ['ingest:write']);
    const { analytics, statuses, errors } = client(key);

    analytics.identify({ userId: 'shop-77', traits: { email: 'buyer@example.com' } });
    analytics.track({
      userId: 'shop-77',
      event: 'Order Completed',
      properties: {
        order_id: 'A-1009',
        total: 59.9,
        currency: 'ILS',
        products: [{ product_id: 'latte', sku: 'LATTE-L', category: 'Coffee', price: 29.95, quantity: 2 }],
      },
    });
    await analytics.closeAndFlush();

    expect(errors).toEqual([]);
    expect(statuses).toEqual([200]);
    const member = await t.db
      .selectFrom('members')
      .select('id')
      .where('program_id', '=', program.id)
      .where('external_id', '=', 'shop-77')
      .executeTakeFirstOrThrow();
    const account = await owner.request({ method: 'GET', url: `${api}/members/${member.id}/account` });
    expect(account.json()).toMatchObject({ available: 59 });
    const purchase = await t.db
      .selectFrom('loyalty_purchases')
      .selectAll()
      .where('program_id', '=', program.id)
      .where('order_id', '=', 'A-1009')
      .executeTakeFirstOrThrow();
    expect(purchase).toMatchObject({ member_id: member.id, total: 5990, currency: 'ILS', points_earned: 59 });
  });

  it('gets no delivery with a wrong write key', async () => {
    const { analytics, statuses } = client('mk_wrong');
    analytics.track({ userId: 'x', event: 'Nope' });
    await analytics.closeAndFlush();
    expect(statuses).toEqual([401]);
  });
});
