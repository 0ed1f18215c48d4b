// One member's value figures, from their orders (the loyalty purchases and refunds, read-only). Reads only the
// member's own rows through the (program, member, time) index, so it is as cheap as a stored row would be.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { getMember } from '../members/index.ts';
import { getProgram } from '../programs/index.ts';
import { churnRisk } from './churn.ts';
import { ordersSql } from './customers.ts';

export async function memberValue(db: Db, programId: string, memberId: string, now: Date) {
  await getMember(db, programId, memberId);
  const program = await getProgram(db, programId);
  const orders = sql`select * from (${ordersSql({ programId, currency: program.currency, asOf: now, since: new Date(0) })}) o
    where o.member_id = ${memberId}`;
  const [summary, categories, skus] = await Promise.all([
    sql<{ orders: number; net: number; first_at: Date | null; last_at: Date | null }>`
      select count(*) as orders, cast(coalesce(sum(o.net), 0) as bigint) as net, min(o.occurred_at) as first_at,
        max(o.occurred_at) as last_at from (${orders}) o`.execute(db),
    sql<{ category: string; spend: number }>`
      select item ->> 'category' as category,
        cast(sum((item ->> 'price')::bigint * (item ->> 'quantity')::bigint) as bigint) as spend
      from (${orders}) o cross join lateral jsonb_array_elements(o.items) as item
      where item ->> 'category' is not null group by 1 order by 2 desc, 1`.execute(db),
    sql<{ sku: string; quantity: number }>`
      select item ->> 'sku' as sku, cast(sum((item ->> 'quantity')::bigint) as bigint) as quantity
      from (${orders}) o cross join lateral jsonb_array_elements(o.items) as item
      where item ->> 'sku' is not null group by 1 order by 2 desc, 1 limit 5`.execute(db),
  ]);
  const s = summary.rows[0]!;
  const count = Number(s.orders);
  const net = Number(s.net);
  const first = s.first_at ? new Date(s.first_at) : null;
  const last = s.last_at ? new Date(s.last_at) : null;
  return {
    memberId,
    currency: program.currency,
    orders: count,
    netSpend: net,
    averageOrder: count ? Math.round(net / count) : null,
    firstPurchaseAt: first,
    lastPurchaseAt: last,
    daysBetweenOrders:
      count > 1 && first && last
        ? Math.round(((last.getTime() - first.getTime()) / 86_400_000 / (count - 1)) * 10) / 10
        : null,
    distinctCategories: categories.rows.length,
    topCategories: categories.rows.slice(0, 5).map((c) => ({ category: c.category, spend: Number(c.spend) })),
    topSkus: skus.rows.map((k) => ({ sku: k.sku, quantity: Number(k.quantity) })),
    churnRisk: churnRisk({ orders: count, firstPurchaseAt: first, lastPurchaseAt: last }, now),
  };
}
