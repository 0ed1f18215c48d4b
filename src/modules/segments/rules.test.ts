// The rule language end to end: each rule compiled to one query and run on the hand-built club
// (test-fixtures.ts) selects exactly the expected members, on PGlite and on PostgreSQL.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { setupTest, type TestContext } from '../../../test/harness.ts';
import { compileSegmentRule, countMembers, segmentMembersQuery } from './evaluate.ts';
import { builtInFieldRegistry } from './fields/built-in.ts';
import { defineField } from './fields/field.ts';
import type { RuleNode } from './rules/types.ts';
import { makeShop } from './test-fixtures.ts';

let t: TestContext;
let shop: Awaited<ReturnType<typeof makeShop>>;
const registry = builtInFieldRegistry();
beforeAll(async () => {
  t = await setupTest();
  shop = await makeShop(t);
});
afterAll(() => t.close());

const c = (field: string, op: string, value?: unknown, params?: Record<string, unknown>): RuleNode =>
  ({
    type: 'condition',
    field,
    op,
    ...(value === undefined ? {} : { value }),
    ...(params ? { params } : {}),
  }) as RuleNode;

async function who(rule: RuleNode, fields = registry): Promise<string[]> {
  const segment = await compileSegmentRule(t.db, fields, shop.programId, t.clock.now(), rule);
  const rows = await segmentMembersQuery(t.db, segment).select('m.id').execute();
  const names = rows.map((r) => shop.names[r.id]!).sort();
  expect(await countMembers(t.db, segment)).toBe(names.length);
  return names;
}

describe('segment rules', () => {
  it('member fields, join source and date, birthday month; deleted members never match', async () => {
    expect(await who(c('member.locale', 'eq', 'he'))).toEqual(['Avi']);
    expect(await who(c('member.locale', 'neq', 'he'))).toEqual(['Beth', 'Carmel', 'Eli']);
    expect(await who(c('member.locale', 'is_not_set'))).toEqual(['Carmel']);
    expect(await who(c('member.locale', 'not_in', ['he', 'en']))).toEqual(['Carmel', 'Eli']);
    expect(await who(c('member.first_name', 'starts_with', 'c'))).toEqual(['Carmel']);
    expect(await who(c('member.source', 'eq', 'import'))).toEqual(['Carmel']);
    expect(await who(c('member.birthday_month', 'in', [6, 12]))).toEqual(['Avi', 'Beth']);
    expect(await who(c('member.birthday', 'before', '1989-01-01'))).toEqual(['Beth']);
    expect(await who(c('member.joined_at', 'between', ['2026-01-01', '2026-01-01']))).toEqual([
      'Avi',
      'Beth',
      'Carmel',
      'Eli',
    ]);
    expect(await who(c('member.joined_at', 'within_last_days', 30))).toEqual([]);
    expect(await who(c('member.referrals', 'gte', 1))).toEqual(['Avi']);
  });

  it('custom attributes by their declared type', async () => {
    expect(await who(c('attribute.city', 'in', ['Haifa', 'Tel Aviv']))).toEqual(['Avi', 'Beth']);
    expect(await who(c('attribute.city', 'contains', 'tel'))).toEqual(['Beth']);
    expect(await who(c('attribute.visits', 'gte', 5))).toEqual(['Avi', 'Eli']);
    expect(await who(c('attribute.visits', 'between', [1, 5]))).toEqual(['Avi', 'Beth']);
    expect(await who(c('attribute.vip', 'is', true))).toEqual(['Avi']);
    expect(await who(c('attribute.vip', 'is', false))).toEqual(['Beth', 'Carmel', 'Eli']);
    expect(await who(c('attribute.renewal', 'after', '2026-08-31'))).toEqual(['Avi']);
  });

  it('consent per channel and purpose (the newest record counts), lists and tags', async () => {
    expect(await who(c('consent.granted', 'is', true, { channel: 'email' }))).toEqual(['Avi']);
    expect(await who(c('consent.granted', 'is', false, { channel: 'email', purpose: 'marketing' }))).toEqual([
      'Beth',
      'Carmel',
      'Eli',
    ]);
    expect(await who(c('consent.granted', 'is', true, { channel: 'sms' }))).toEqual(['Carmel']);
    expect(await who(c('tag.has', 'includes_any', ['vip', 'pastry-lover']))).toEqual(['Avi', 'Beth']);
    expect(await who(c('tag.has', 'includes_all', ['vip', 'pastry-lover']))).toEqual([]);
    expect(await who(c('tag.has', 'includes_none', ['vip']))).toEqual(['Avi', 'Carmel', 'Eli']);
    expect(await who(c('list.subscribed', 'includes_any', [shop.list.id]))).toEqual(['Avi']);
  });

  it('tier and points', async () => {
    // Avi earned 36 + 50 points; Beth 200 (her refunded order's 70 were reversed); Eli's only order was refunded.
    expect(await who(c('loyalty.points_available', 'gte', 50))).toEqual(['Avi', 'Beth']);
    expect(await who(c('loyalty.points_available', 'eq', 0))).toEqual(['Carmel', 'Eli']);
    expect(await who(c('loyalty.points_lifetime', 'gt', 100))).toEqual(['Beth']);
    // Accounts open on the first purchase in the lowest tier; Carmel never bought, so has no account and no tier.
    expect(await who(c('loyalty.tier', 'eq', 'regular'))).toEqual(['Avi', 'Beth', 'Eli']);
    expect(await who(c('loyalty.tier', 'is_not_set'))).toEqual(['Carmel']);
    expect(await who(c('loyalty.tier', 'neq', 'loyal'))).toEqual(['Avi', 'Beth', 'Carmel', 'Eli']);
  });

  it('purchase aggregates in a window, bought SKU and category, did not buy in N days', async () => {
    expect(await who(c('purchase.count', 'gte', 2, { days: 30 }))).toEqual(['Avi']);
    // Did not buy in the last 30 days: no kept purchase in the window (a refunded order is no purchase).
    expect(await who(c('purchase.count', 'eq', 0, { days: 30 }))).toEqual(['Beth', 'Carmel', 'Eli']);
    expect(await who(c('purchase.count', 'gte', 1))).toEqual(['Avi', 'Beth']);
    expect(await who(c('purchase.spend', 'gte', 10_000))).toEqual(['Beth']);
    expect(await who(c('purchase.spend', 'between', [8_600, 8_600]))).toEqual(['Avi']);
    expect(await who(c('purchase.last_at', 'more_than_days_ago', 30))).toEqual(['Beth']);
    expect(await who(c('purchase.last_at', 'is_not_set'))).toEqual(['Carmel', 'Eli']);
    expect(await who(c('purchase.category', 'includes_any', ['pastries']))).toEqual(['Avi']);
    expect(await who(c('purchase.category', 'includes_any', ['pastries'], { days: 10 }))).toEqual([]);
    expect(await who(c('purchase.sku', 'includes_none', ['CAKE-1']))).toEqual(['Avi', 'Carmel', 'Eli']);
  });

  it('orders with a category or SKU, at least N times in the last D days', async () => {
    // Avi's one pastries order has three croissants: one order, not three.
    expect(await who(c('purchase.category_orders', 'gte', 1, { category: 'pastries' }))).toEqual(['Avi']);
    expect(await who(c('purchase.category_orders', 'gte', 2, { category: 'pastries' }))).toEqual([]);
    expect(await who(c('purchase.category_orders', 'gte', 1, { category: 'pastries', days: 10 }))).toEqual(
      [],
    );
    expect(await who(c('purchase.category_orders', 'eq', 0, { category: 'pastries', days: 30 }))).toEqual([
      'Beth',
      'Carmel',
      'Eli',
    ]);
    expect(await who(c('purchase.sku_orders', 'gte', 1, { sku: 'CAKE-1', days: 365 }))).toEqual(['Beth']);
    await expect(who(c('purchase.category_orders', 'gte', 1, { days: 10 }))).rejects.toMatchObject({
      code: 'invalid_params',
    });
  });

  it("did / did not receive and open a campaign (a scanner's open is no open)", async () => {
    const [spring, autumn] = [crypto.randomUUID(), crypto.randomUUID()];
    const sent = async (
      memberId: string,
      campaignId: string,
      status: 'sent' | 'skipped',
      daysAgo: number,
    ) => {
      const at = new Date(t.clock.now().getTime() - daysAgo * 86_400_000);
      const row = await t.db
        .insertInto('messages')
        .values({
          program_id: shop.programId,
          member_id: memberId,
          channel: 'email',
          kind: 'campaign',
          purpose: 'marketing',
          to_address: 'x@example.com',
          status,
          campaign_id: campaignId,
          created_at: at,
          updated_at: at,
          sent_at: status === 'sent' ? at : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { id: row.id, at };
    };
    const opened = (message: { id: string; at: Date }, machine: boolean) =>
      t.db
        .insertInto('message_opens')
        .values({
          program_id: shop.programId,
          message_id: message.id,
          at: message.at,
          machine,
          machine_reason: null,
        })
        .execute();
    await opened(await sent(shop.ids.avi, spring, 'sent', 40), false);
    await opened(await sent(shop.ids.beth, spring, 'sent', 40), true);
    await sent(shop.ids.carmel, spring, 'skipped', 40);
    await sent(shop.ids.beth, autumn, 'sent', 2);
    const spr = { campaignId: spring };
    expect(await who(c('campaign.received', 'is', true, spr))).toEqual(['Avi', 'Beth']);
    expect(await who(c('campaign.received', 'is', false, spr))).toEqual(['Carmel', 'Eli']);
    expect(await who(c('campaign.opened', 'is', true, spr))).toEqual(['Avi']);
    expect(await who(c('campaign.opened', 'is', false, spr))).toEqual(['Beth', 'Carmel', 'Eli']);
    expect(await who(c('campaign.received', 'is', true, { days: 7 }))).toEqual(['Beth']);
    expect(await who(c('campaign.received', 'is', true))).toEqual(['Avi', 'Beth']);
    await expect(who(c('campaign.opened', 'is', true, { campaignId: 'spring' }))).rejects.toMatchObject({
      code: 'invalid_params',
    });
  });

  it('track events with counts, windows and property filters', async () => {
    const viewed = (extra: Record<string, unknown> = {}) => ({ name: 'Product Viewed', ...extra });
    expect(await who(c('event.count', 'gte', 1, viewed()))).toEqual(['Avi', 'Carmel']);
    expect(await who(c('event.count', 'gte', 4, viewed()))).toEqual(['Avi']);
    expect(await who(c('event.count', 'gte', 4, viewed({ days: 30 })))).toEqual([]);
    const pastries = viewed({ where: [{ property: 'category', op: 'eq', value: 'pastries' }] });
    expect(await who(c('event.count', 'gte', 2, pastries))).toEqual(['Avi']);
    expect(await who(c('event.count', 'eq', 0, pastries))).toEqual(['Beth', 'Carmel', 'Eli']);
    // Carmel's price is the text "900": a numeric filter does not match text.
    const cheap = viewed({ where: [{ property: 'price', op: 'lt', value: 1000 }] });
    expect(await who(c('event.count', 'gte', 1, cheap))).toEqual(['Avi']);
    expect(await who(c('event.last_at', 'within_last_days', 7, viewed()))).toEqual(['Avi', 'Carmel']);
  });

  it('nests and / or / not', async () => {
    const rule: RuleNode = {
      type: 'and',
      rules: [
        c('member.locale', 'in', ['he', 'en', 'fa']),
        { type: 'not', rule: c('tag.has', 'includes_any', ['vip']) },
        {
          type: 'or',
          rules: [c('purchase.count', 'gte', 1), c('event.count', 'gte', 1, { name: 'Product Viewed' })],
        },
      ],
    };
    expect(await who(rule)).toEqual(['Avi']);
    // not over a comparison with a missing value: members without a locale are "not he".
    expect(await who({ type: 'not', rule: c('member.locale', 'eq', 'he') })).toEqual([
      'Beth',
      'Carmel',
      'Eli',
    ]);
    expect(
      await who({ type: 'or', rules: [c('member.locale', 'eq', 'fa'), c('attribute.city', 'eq', 'Haifa')] }),
    ).toEqual(['Avi', 'Eli']);
  });

  it('takes fields another module contributes, without touching the compiler', async () => {
    // e.g. a surveys module's "last score": here, the length of the first name, as an aggregate with a default.
    const contributed = registry.with([
      defineField({
        key: 'survey.score',
        group: 'surveys',
        label: 'Survey score',
        type: 'number',
        integer: true,
        source: (ctx) => ({
          kind: 'aggregate',
          absent: 0,
          rows: sql`select s.id as member_id, length(s.first_name) as v from members s
            where s.program_id = ${ctx.programId} and s.first_name <> 'Eli'`,
        }),
      }),
    ]);
    expect(await who(c('survey.score', 'gte', 4), contributed)).toEqual(['Beth', 'Carmel']);
    expect(await who(c('survey.score', 'lt', 4), contributed)).toEqual(['Avi', 'Eli']);
    expect(() => contributed.with([registry.get('member.locale', { attributeSchema: {} })])).toThrow(
      /registered twice/,
    );
  });
});
