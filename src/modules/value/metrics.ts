// Each member's lifetime value figures, kept up to date from the event bus: purchase.recorded,
// purchase.refunded and purchase.history_imported (a batch of past sales) recompute the one member's row from their own purchases (the (program, member, time)
// index), so the cost of an event does not grow with the club, and handling an event twice — a replay of the
// subscriber, a rebuilt read model — gives the same row: exactly once in effect, whatever the delivery.
//
// Definitions as in customers.ts, over all time: an order is a purchase in the program currency not refunded
// in full (a zero-total purchase is kept); spend = totals minus refunds; categories from the order lines.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { subscribe } from '../../platform/events/index.ts';
import { churnRisk, type ChurnRisk } from './churn.ts';

const num = (key: 'price' | 'quantity') =>
  sql`(case when jsonb_typeof(item -> ${sql.lit(key)}) = 'number' then (item ->> ${sql.lit(key)})::numeric end)`;

/** Recomputes one member's row; `eventId` is the event that asked for it (kept as the high-water mark). */
export async function refreshMemberMetrics(
  trx: Db,
  input: { programId: string; memberId: string; eventId: number; at: Date },
): Promise<void> {
  const { programId, memberId, eventId, at } = input;
  await sql`
    with program as (select currency from programs where id = ${programId}),
    kept as (
      select p.occurred_at, p.items, p.total - p.refunded_total as net
      from loyalty_purchases p
      where p.program_id = ${programId} and p.member_id = ${memberId}
        and p.currency = (select currency from program)
        and (p.refunded_total < p.total or p.total = 0)
    ),
    categories as (
      select item ->> 'category' as category, sum(coalesce(${num('price')}, 0) * coalesce(${num('quantity')}, 1)) as spend
      from kept cross join lateral jsonb_array_elements(
        case when jsonb_typeof(kept.items) = 'array' then kept.items else '[]'::jsonb end) as item
      where item ->> 'category' is not null
      group by 1
    )
    insert into value_member_metrics (program_id, member_id, currency, orders, net_spend, first_purchase_at,
      last_purchase_at, distinct_categories, top_category, last_event_id, updated_at)
    select ${programId}, ${memberId}, (select currency from program), count(*), coalesce(sum(k.net), 0),
      min(k.occurred_at), max(k.occurred_at), (select count(*) from categories),
      (select c.category from categories c order by c.spend desc, c.category limit 1),
      ${eventId}, ${at}
    from kept k
    on conflict (member_id) do update set currency = excluded.currency, orders = excluded.orders,
      net_spend = excluded.net_spend, first_purchase_at = excluded.first_purchase_at,
      last_purchase_at = excluded.last_purchase_at, distinct_categories = excluded.distinct_categories,
      top_category = excluded.top_category, updated_at = excluded.updated_at,
      last_event_id = greatest(value_member_metrics.last_event_id, excluded.last_event_id)
  `.execute(trx);
}

export const MEMBER_METRICS_SUBSCRIBER = 'value.member-metrics';

/** From the beginning: a new install (or a replay) builds every member's row from the recorded purchases. */
export const memberMetricsSubscription = subscribe({
  name: MEMBER_METRICS_SUBSCRIBER,
  types: ['purchase.recorded', 'purchase.refunded', 'purchase.history_imported'],
  from: 'beginning',
  async handle(trx, event, { clock }) {
    if (!event.memberId) return;
    await refreshMemberMetrics(trx, {
      programId: event.programId,
      memberId: event.memberId,
      eventId: event.id,
      at: clock.now(),
    });
  },
});

export interface MemberMetrics {
  memberId: string;
  currency: string;
  orders: number;
  netSpend: number;
  averageOrder: number | null;
  firstPurchaseAt: Date | null;
  lastPurchaseAt: Date | null;
  daysBetweenOrders: number | null;
  distinctCategories: number;
  topCategory: string | null;
  churnRisk: ChurnRisk | null;
  /** The newest purchase event included. */
  lastEventId: number;
  updatedAt: Date;
}

/** The stored figures of one member (null until their first purchase event has been handled). */
export async function memberMetrics(
  db: Db,
  programId: string,
  memberId: string,
  now: Date,
): Promise<MemberMetrics | null> {
  const r = await db
    .selectFrom('value_member_metrics')
    .selectAll()
    .where('program_id', '=', programId)
    .where('member_id', '=', memberId)
    .executeTakeFirst();
  if (!r) return null;
  const first = r.first_purchase_at;
  const last = r.last_purchase_at;
  return {
    memberId,
    currency: r.currency,
    orders: r.orders,
    netSpend: Number(r.net_spend),
    averageOrder: r.orders ? Math.round(Number(r.net_spend) / r.orders) : null,
    firstPurchaseAt: first,
    lastPurchaseAt: last,
    daysBetweenOrders:
      r.orders > 1 && first && last
        ? Math.round(((last.getTime() - first.getTime()) / 86_400_000 / (r.orders - 1)) * 10) / 10
        : null,
    distinctCategories: r.distinct_categories,
    topCategory: r.top_category,
    churnRisk: churnRisk({ orders: r.orders, firstPurchaseAt: first, lastPurchaseAt: last }, now),
    lastEventId: Number(r.last_event_id),
    updatedAt: r.updated_at,
  };
}
