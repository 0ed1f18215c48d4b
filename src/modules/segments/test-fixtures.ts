// A small hand-built club for segment tests: five members whose fields, consents, tags, lists, purchases and
// tracked events are chosen so each rule selects a known set. Clock: 2026-06-15 10:00 UTC.
import crypto from 'node:crypto';
import { expect } from 'vitest';
import type { TestContext } from '../../../test/harness.ts';
import { makeApiKey } from '../../../test/harness.ts';
import { SYSTEM_ACTOR } from '../audit/index.ts';
import { makeLoyaltyProgram } from '../../../test/fixtures/loyalty.ts';
import { createMember, deleteMember } from '../members/index.ts';
import { addMemberTags, createList, recordConsent, subscribeToLists } from '../membership/index.ts';
import { updateProgram } from '../programs/index.ts';

export const NOW = '2026-06-15T10:00:00Z';
const daysAgo = (days: number) => new Date(Date.parse(NOW) - days * 86_400_000).toISOString();

export async function makeShop(t: TestContext) {
  t.clock.set('2026-01-01T08:00:00Z');
  const p = await makeLoyaltyProgram(t);
  await updateProgram(t.db, t.clock, SYSTEM_ACTOR, p.programId, {
    memberAttributeSchema: {
      city: { type: 'string' },
      visits: { type: 'integer' },
      vip: { type: 'boolean' },
      renewal: { type: 'date' },
    },
  });
  const ingest = await makeApiKey(t, p.programId, ['ingest:write']);
  const member = async (input: Record<string, unknown>) =>
    (
      await createMember(t.db, t.clock, SYSTEM_ACTOR, p.programId, {
        externalId: `x-${crypto.randomUUID()}`,
        ...input,
      })
    ).id;
  const buy = async (memberId: string, total: number, at: string, items: unknown[] = []) => {
    t.clock.set(at);
    const res = await p.purchase(memberId, total, { occurredAt: at, items });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { orderId: string };
  };
  const track = async (
    externalId: string,
    event: string,
    properties: Record<string, unknown>,
    at: string,
  ) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/track',
      headers: { authorization: `Basic ${Buffer.from(`${ingest.key}:`).toString('base64')}` },
      payload: { userId: externalId, event, properties, timestamp: at, messageId: crypto.randomUUID() },
    });
    expect(res.statusCode, res.body).toBe(200);
  };
  const consent = (memberId: string, channel: 'email' | 'sms', status: 'granted' | 'withdrawn') =>
    recordConsent(t.db, t.clock, {
      programId: p.programId,
      memberId,
      channel,
      purpose: 'marketing',
      status,
      source: 'admin',
    });

  const list = await createList(t.db, t.clock, p.programId, { name: 'Newsletter' });
  const avi = await member({
    externalId: 'avi',
    firstName: 'Avi',
    locale: 'he',
    birthday: '1990-06-20',
    attributes: { city: 'Haifa', visits: 5, vip: true, renewal: '2026-09-01' },
  });
  const beth = await member({
    externalId: 'beth',
    firstName: 'Beth',
    locale: 'en',
    birthday: '1985-12-01',
    attributes: { city: 'Tel Aviv', visits: 1 },
  });
  const carmel = await member({ externalId: 'carmel', firstName: 'Carmel', source: 'import' });
  const dalia = await member({ externalId: 'dalia', firstName: 'Dalia', locale: 'he' });
  const eli = await member({
    externalId: 'eli',
    firstName: 'Eli',
    locale: 'fa',
    attributes: { visits: 10, vip: false },
    referredBy: avi,
  });

  await consent(avi, 'email', 'granted');
  await consent(beth, 'email', 'granted');
  t.clock.advance(1000);
  await consent(beth, 'email', 'withdrawn');
  await consent(carmel, 'sms', 'granted');
  await addMemberTags(t.db, t.clock, p.programId, avi, ['pastry-lover']);
  await addMemberTags(t.db, t.clock, p.programId, beth, ['vip']);
  await subscribeToLists(t.db, t.clock, {
    programId: p.programId,
    memberId: avi,
    listIds: [list.id],
    source: 'admin',
  });

  await buy(beth, 20_000, daysAgo(100), [{ sku: 'CAKE-1', category: 'cakes', quantity: 1, price: 20_000 }]);
  const cancelledBeth = await buy(beth, 7_000, daysAgo(90));
  await buy(avi, 3_600, daysAgo(20), [{ sku: 'CROISSANT', category: 'pastries', quantity: 3, price: 1_200 }]);
  await buy(avi, 5_000, daysAgo(5), [{ sku: 'COFFEE', category: 'drinks', quantity: 1, price: 5_000 }]);
  const cancelledEli = await buy(eli, 4_000, daysAgo(10));
  t.clock.set(daysAgo(3));
  for (const orderId of [cancelledBeth.orderId, cancelledEli.orderId]) {
    const res = await p.api.request({
      method: 'POST',
      url: p.url(`/purchases/${orderId}/refunds`),
      payload: {},
    });
    expect(res.statusCode, res.body).toBeLessThan(300);
  }
  t.clock.set(NOW);
  for (const days of [12, 8, 2])
    await track('avi', 'Product Viewed', { category: 'pastries', price: 1200 }, daysAgo(days));
  await track('avi', 'Product Viewed', { category: 'drinks', price: 900 }, daysAgo(40));
  await track('carmel', 'Product Viewed', { category: 'drinks', price: '900' }, daysAgo(1));

  await deleteMember(t.db, t.clock, SYSTEM_ACTOR, p.programId, dalia);
  const names = { [avi]: 'Avi', [beth]: 'Beth', [carmel]: 'Carmel', [dalia]: 'Dalia', [eli]: 'Eli' };
  return { ...p, ids: { avi, beth, carmel, dalia, eli }, names, list };
}
