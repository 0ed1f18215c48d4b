// Purchase aggregates in a window, and what a member bought, from the loyalty module's purchases (read-only).
// Money is net of refunds, in the program currency only (history in other currencies is not converted).
// A purchase refunded in full counts as cancelled: it is not an order and nothing in it was bought.
import { sql } from 'kysely';
import { Type } from 'typebox';
import { daysBefore } from '../rules/operators.ts';
import type { CompileContext, Sql } from '../rules/types.ts';
import { defineField, type SegmentField } from './field.ts';
import { jsonText } from './sql.ts';

const Window = Type.Object(
  {
    days: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 36_500, description: 'Only the last N days; absent: all time' }),
    ),
  },
  { additionalProperties: false },
);
type WindowParams = { days?: number };

/** Which of `p` (loyalty_purchases) count: kept (not refunded in full), in the program currency, in the window. */
function keptPurchases(ctx: CompileContext, w: WindowParams): Sql {
  const since = w.days === undefined ? sql`` : sql` and p.occurred_at >= ${daysBefore(ctx, w.days)}`;
  return sql`p.program_id = ${ctx.programId} and p.currency = ${ctx.currency}
    and (p.refunded_total < p.total or p.total = 0)${since}`;
}

const aggregate = (
  key: string,
  label: string,
  type: 'number' | 'timestamp',
  value: Sql,
  extra: Partial<SegmentField> = {},
): SegmentField =>
  defineField<WindowParams>({
    key,
    group: 'purchases',
    label,
    type,
    params: Window,
    ...(type === 'number' ? { integer: true } : {}),
    ...extra,
    source: (ctx, w) => ({
      kind: 'aggregate',
      absent: type === 'number' ? 0 : null,
      rows: sql`select p.member_id, ${value} as v from loyalty_purchases p
        where ${keptPurchases(ctx, w)} group by p.member_id`,
    }),
  });

const bought = (key: string, label: string, property: 'sku' | 'category'): SegmentField =>
  defineField<WindowParams>({
    key,
    group: 'purchases',
    label,
    type: 'set',
    params: Window,
    source: (ctx, w) => ({
      kind: 'set',
      rows: sql`select p.member_id, ${jsonText(sql`item`, property)} as element
        from loyalty_purchases p cross join lateral jsonb_array_elements(p.items) as item
        where ${keptPurchases(ctx, w)}`,
    }),
  });

const ItemWindow = (property: 'sku' | 'category') =>
  Type.Object(
    {
      [property]: Type.String({ minLength: 1, maxLength: 200, description: `The ${property} bought` }),
      days: Window.properties.days,
    },
    { additionalProperties: false },
  );
type ItemWindowParams = WindowParams & { sku?: string; category?: string };

/** Orders (not lines) holding at least one item of the SKU or category: "bought pastries 3 times in 60 days". */
const boughtTimes = (key: string, label: string, property: 'sku' | 'category'): SegmentField =>
  defineField<ItemWindowParams>({
    key,
    group: 'purchases',
    label,
    type: 'number',
    integer: true,
    minimum: 0,
    unit: 'count',
    params: ItemWindow(property),
    source: (ctx, p) => ({
      kind: 'aggregate',
      absent: 0,
      rows: sql`select p.member_id, count(*) as v from loyalty_purchases p
        where ${keptPurchases(ctx, p)} and exists (select 1 from jsonb_array_elements(p.items) as item
          where ${jsonText(sql`item`, property)} = ${p[property]!})
        group by p.member_id`,
    }),
  });

export const purchaseFields: SegmentField[] = [
  aggregate('purchase.count', 'Orders (in the last N days)', 'number', sql`count(*)`, {
    minimum: 0,
    unit: 'count',
  }),
  aggregate(
    'purchase.spend',
    'Spend net of refunds (minor units, in the last N days)',
    'number',
    sql`sum(p.total - p.refunded_total)`,
    { unit: 'minor_units' },
  ),
  aggregate('purchase.last_at', 'Last purchase', 'timestamp', sql`max(p.occurred_at)`),
  aggregate('purchase.first_at', 'First purchase', 'timestamp', sql`min(p.occurred_at)`),
  bought('purchase.sku', 'Bought SKU (in the last N days)', 'sku'),
  bought('purchase.category', 'Bought in category (in the last N days)', 'category'),
  boughtTimes('purchase.category_orders', 'Orders with the category (in the last N days)', 'category'),
  boughtTimes('purchase.sku_orders', 'Orders with the SKU (in the last N days)', 'sku'),
];
