// Churn risk: how long a customer has been away compared with how often they usually come back. Pure, with
// its SQL twin built from the same constants, so the member page and the segment field cannot disagree.
//   expected gap = the member's average days between orders (two orders or more), else ONE_ORDER_GAP_DAYS,
//                  never less than MIN_GAP_DAYS (a daily regular who skips two days is not at risk);
//   away         = whole days since the last order;
//   low when away < 1.5 × expected gap, medium when < 3 ×, high otherwise.
import { sql } from 'kysely';
import type { RawBuilder } from 'kysely';

export const CHURN_RISKS = ['low', 'medium', 'high'] as const;
export type ChurnRisk = (typeof CHURN_RISKS)[number];

export const ONE_ORDER_GAP_DAYS = 90;
export const MIN_GAP_DAYS = 7;
const MEDIUM_AT = 1.5;
const HIGH_AT = 3;

export function expectedGapDays(orders: number, firstAt: Date, lastAt: Date): number {
  const gap =
    orders >= 2 ? (lastAt.getTime() - firstAt.getTime()) / 86_400_000 / (orders - 1) : ONE_ORDER_GAP_DAYS;
  return Math.max(gap, MIN_GAP_DAYS);
}

/** null for someone with no kept order: not a customer, so not a churn risk either. */
export function churnRisk(
  m: { orders: number; firstPurchaseAt: Date | null; lastPurchaseAt: Date | null },
  now: Date,
): ChurnRisk | null {
  if (m.orders < 1 || !m.firstPurchaseAt || !m.lastPurchaseAt) return null;
  const away = Math.floor((now.getTime() - m.lastPurchaseAt.getTime()) / 86_400_000);
  const ratio = away / expectedGapDays(m.orders, m.firstPurchaseAt, m.lastPurchaseAt);
  return ratio < MEDIUM_AT ? 'low' : ratio < HIGH_AT ? 'medium' : 'high';
}

type Sql = RawBuilder<unknown>;

/** The same decision over a value_member_metrics row aliased `alias`, at `now`. */
export function churnRiskSql(alias: string, now: Date): Sql {
  const col = (c: string) => sql.ref(`${alias}.${c}`);
  const days = (a: Sql, b: Sql) => sql`(extract(epoch from (${a} - ${b})) / 86400)`;
  const gap = sql`greatest(case when ${col('orders')} >= 2
      then ${days(col('last_purchase_at'), col('first_purchase_at'))} / (${col('orders')} - 1)
      else ${sql.lit(ONE_ORDER_GAP_DAYS)} end, ${sql.lit(MIN_GAP_DAYS)})`;
  const away = sql`floor(${days(sql`cast(${now} as timestamptz)`, col('last_purchase_at'))})`;
  return sql`(case when ${col('orders')} < 1 or ${col('last_purchase_at')} is null then null
    when ${away} < ${sql.lit(MEDIUM_AT)} * ${gap} then 'low'
    when ${away} < ${sql.lit(HIGH_AT)} * ${gap} then 'medium' else 'high' end)`;
}
