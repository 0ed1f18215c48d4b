// The customer base behind every value figure, as SQL: a program's active members with at least one kept
// order in the window, with recency, frequency and monetary value at a snapshot instant. Customer value is a
// read model over the loyalty purchases and refunds (docs/adr/segments-read-model.md).
//
// Definitions (docs/segments.md): an order is a purchase in the program currency whose refunds before the
// snapshot do not cover its total; frequency = distinct orders, monetary = total minus refunds made before
// the snapshot (a refund after the snapshot does not change it), recency = whole days from the last order to
// the snapshot. Purchases in other currencies are left out, never converted.
import { sql, type RawBuilder } from 'kysely';
import { rfmSegmentSql, type RfmScale } from './rfm-grid.ts';

export interface ValueWindow {
  programId: string;
  currency: string;
  /** The snapshot instant: figures are as they stood just before it. */
  asOf: Date;
  /** Orders from this instant on count. */
  since: Date;
}

type Sql = RawBuilder<unknown>;

/** One row per kept order: member_id, order_id, occurred_at, net, items. */
export function ordersSql(w: ValueWindow): Sql {
  return sql`select p.member_id, p.id as order_id, p.occurred_at, p.items,
      p.total - coalesce(r.refunded, 0) as net
    from loyalty_purchases p
    join members m on m.id = p.member_id and m.program_id = p.program_id and m.status = 'active'
    left join (
      select r.purchase_id, sum(r.amount) as refunded from loyalty_refunds r
      where r.program_id = ${w.programId} and r.created_at < ${w.asOf} group by r.purchase_id
    ) r on r.purchase_id = p.id
    where p.program_id = ${w.programId} and p.currency = ${w.currency}
      and p.occurred_at >= ${w.since} and p.occurred_at < ${w.asOf}
      and (p.total = 0 or coalesce(r.refunded, 0) < p.total)`;
}

/** One row per customer: member_id, recency_days, frequency, monetary, last_at. */
export function customersSql(w: ValueWindow): Sql {
  return sql`select o.member_id, count(*) as frequency, cast(sum(o.net) as bigint) as monetary,
      max(o.occurred_at) as last_at,
      cast(floor(extract(epoch from (cast(${w.asOf} as timestamptz) - max(o.occurred_at))) / 86400) as integer)
        as recency_days
    from (${ordersSql(w)}) o group by o.member_id`;
}

/**
 * Scores 1…scale by rank: score = 1 + floor(scale × (rank − 1) / customers), where rank() gives ties the same
 * (lowest) rank — customers with equal values always share a score, so results do not depend on row order.
 * Recency ranks the longest-ago first (score 1), frequency and monetary the smallest first.
 */
export function rfmScoresSql(w: ValueWindow, scale: RfmScale): Sql {
  const score = (order: Sql) =>
    sql`cast(1 + floor(${sql.lit(scale)} * (rank() over (order by ${order}) - 1) / count(*) over ()) as integer)`;
  const scored = sql`select c.*, ${score(sql`c.recency_days desc`)} as r, ${score(sql`c.frequency`)} as f,
      ${score(sql`c.monetary`)} as m
    from (${customersSql(w)}) c`;
  return sql`select s.*, ${rfmSegmentSql(sql.ref('s.r'), sql.ref('s.f'), scale)} as segment from (${scored}) s`;
}
