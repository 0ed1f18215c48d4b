// Product affinity: which categories or SKUs a group of customers buys more than customers at large.
// support = customers in the group who bought it / customers in the group; lift = that support ÷ the same
// share among all customers. Lift 2 means the group is twice as likely to buy it.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { ordersSql, rfmScoresSql } from './customers.ts';
import type { RfmSegment } from './rfm-grid.ts';
import { snapshotFor } from './window.ts';

export async function affinityReport(
  db: Db,
  programId: string,
  now: Date,
  options: {
    segment: RfmSegment;
    by: 'category' | 'sku';
    minSupport: number;
    day?: string | undefined;
    months?: number | undefined;
  },
) {
  const snap = await snapshotFor(db, programId, now, options);
  const rows = await sql<{
    item: string;
    in_group: number;
    overall: number;
    group_size: number;
    customers: number;
  }>`
    with scored as (${rfmScoresSql(snap, 5)}),
    bought as (
      select distinct o.member_id, item ->> cast(${options.by} as text) as item
      from (${ordersSql(snap)}) o cross join lateral jsonb_array_elements(o.items) as item
      where item ->> cast(${options.by} as text) is not null
    ),
    sizes as (
      select count(*) as customers, count(*) filter (where s.segment = ${options.segment}) as group_size from scored s
    )
    select b.item, count(*) filter (where s.segment = ${options.segment}) as in_group, count(*) as overall,
      max(z.group_size) as group_size, max(z.customers) as customers
    from bought b join scored s on s.member_id = b.member_id cross join sizes z
    group by b.item
    having count(*) filter (where s.segment = ${options.segment}) >= ${options.minSupport}
  `.execute(db);
  const items = rows.rows
    .map((r) => {
      const [inGroup, overall, groupSize, customers] = [r.in_group, r.overall, r.group_size, r.customers].map(
        Number,
      ) as [number, number, number, number];
      const support = inGroup / groupSize;
      const lift = support / (overall / customers);
      return {
        item: r.item,
        customersInSegment: inGroup,
        customersOverall: overall,
        support: Math.round(support * 10_000) / 10_000,
        lift: Math.round(lift * 100) / 100,
      };
    })
    .sort(
      (a, b) =>
        b.lift - a.lift || b.customersInSegment - a.customersInSegment || a.item.localeCompare(b.item),
    );
  const sizes = rows.rows[0];
  return {
    day: snap.day,
    segment: options.segment,
    by: options.by,
    segmentCustomers: Number(sizes?.group_size ?? 0),
    customers: Number(sizes?.customers ?? 0),
    items,
  };
}
