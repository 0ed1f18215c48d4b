// Segment fields over the stored lifetime figures (metrics.ts, kept from the event bus): cheap to evaluate,
// because they read one row per customer instead of aggregating every purchase.
import { sql } from 'kysely';
import { Type } from 'typebox';
import { defineField, type CompileContext, type SegmentField } from '../segments/index.ts';
import { CHURN_RISKS, churnRiskSql } from './churn.ts';

/** The program's customers' rows (active members, at least one kept order, program currency), as `v`. */
const customers = (ctx: CompileContext) =>
  sql`select v.* from value_member_metrics v
    join members mm on mm.id = v.member_id and mm.program_id = v.program_id and mm.status = 'active'
    where v.program_id = ${ctx.programId} and v.currency = ${ctx.currency} and v.orders > 0`;

const TopParams = Type.Object(
  { percent: Type.Integer({ minimum: 1, maximum: 100, default: 20 }) },
  { additionalProperties: false },
);

const lifetime = (key: string, label: string, column: 'orders' | 'net_spend', unit: SegmentField['unit']) =>
  defineField({
    key,
    group: 'value',
    label,
    type: 'number',
    integer: true,
    unit,
    source: (ctx) => ({
      kind: 'aggregate',
      absent: 0,
      rows: sql`select c.member_id, ${sql.ref(`c.${column}`)} as v from (${customers(ctx)}) c`,
    }),
  });

export const metricSegmentFields: SegmentField[] = [
  lifetime('value.lifetime_orders', 'Orders (all time)', 'orders', 'count'),
  lifetime('value.lifetime_spend', 'Net spend (all time, minor units)', 'net_spend', 'minor_units'),
  defineField({
    key: 'value.churn_risk',
    group: 'value',
    label: 'Churn risk',
    type: 'enum',
    options: CHURN_RISKS,
    source: (ctx) => ({
      kind: 'aggregate',
      absent: null,
      rows: sql`select c.member_id, ${churnRiskSql('c', ctx.now)} as v from (${customers(ctx)}) c`,
    }),
  }),
  // Ranked as the Pareto report ranks: net spend, ties by member id; the top p % is the first ceil(p × n / 100).
  defineField<{ percent: number }>({
    key: 'value.top_customers',
    group: 'value',
    label: 'Among the top customers by net spend (all time)',
    type: 'boolean',
    params: TopParams,
    source: (ctx, p) => ({
      kind: 'aggregate',
      absent: false,
      rows: sql`select r.member_id, true as v from (
          select c.member_id, row_number() over (order by c.net_spend desc, c.member_id) as position,
            count(*) over () as n
          from (${customers(ctx)}) c) r
        where r.position <= ceil(${p.percent} * r.n / 100.0)`,
    }),
  }),
];
