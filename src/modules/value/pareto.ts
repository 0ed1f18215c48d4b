// Pareto: how much of the revenue the best customers bring. Customers are ranked by net spend (ties by member
// id, so runs are reproducible); the top p % is the first ceil(p × customers / 100) of them.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { customersSql } from './customers.ts';
import { snapshotFor } from './window.ts';

export const PARETO_SHARES = [1, 5, 10, 20] as const;
const CURVE_POINTS = 100;

const rankedSql = (snap: Parameters<typeof customersSql>[0]) =>
  sql`select c.member_id, c.monetary, c.frequency,
      row_number() over (order by c.monetary desc, c.member_id) as position,
      count(*) over () as customers,
      sum(c.monetary) over (order by c.monetary desc, c.member_id) as cumulative,
      sum(c.monetary) over () as revenue
    from (${customersSql(snap)}) c`;

export async function paretoReport(
  db: Db,
  programId: string,
  now: Date,
  options: { day?: string | undefined; months?: number | undefined },
) {
  const snap = await snapshotFor(db, programId, now, options);
  const rows = await sql<{ position: number; customers: number; cumulative: string; revenue: string }>`
    select r.position, r.customers, r.cumulative, r.revenue from (${rankedSql(snap)}) r order by r.position`.execute(
    db,
  );
  const customers = rows.rows.length;
  const revenue = customers ? Number(rows.rows[0]!.revenue) : 0;
  const cumulativeAt = (n: number) => (n === 0 ? 0 : Number(rows.rows[n - 1]!.cumulative));
  const share = (part: number) => (revenue > 0 ? Math.round((part / revenue) * 10_000) / 100 : 0);
  const top = PARETO_SHARES.map((percent) => {
    const n = Math.ceil((percent * customers) / 100);
    return { percent, customers: n, revenue: cumulativeAt(n), revenueShare: share(cumulativeAt(n)) };
  });
  const points = Math.min(CURVE_POINTS, customers);
  const curve = [{ customerShare: 0, revenueShare: 0 }];
  for (let i = 1; i <= points; i++) {
    const n = Math.round((i * customers) / points);
    curve.push({
      customerShare: Math.round((n / customers) * 10_000) / 100,
      revenueShare: share(cumulativeAt(n)),
    });
  }
  return { day: snap.day, months: snap.months, currency: snap.currency, customers, revenue, top, curve };
}

/** The top `percent` % of customers with their spend, best first (for the export). */
export async function paretoCustomers(
  db: Db,
  programId: string,
  now: Date,
  options: { day?: string | undefined; months?: number | undefined; percent: number },
) {
  const snap = await snapshotFor(db, programId, now, options);
  const rows = await sql<{
    member_id: string;
    external_id: string | null;
    first_name: string | null;
    last_name: string | null;
    email: string | null;
    monetary: number;
    frequency: number;
    position: number;
  }>`select r.member_id, m.external_id, m.first_name, m.last_name, m.email, r.monetary, r.frequency, r.position
    from (${rankedSql(snap)}) r join members m on m.id = r.member_id
    where r.position <= ceil(${options.percent} * r.customers / 100.0)
    order by r.position`.execute(db);
  return rows.rows;
}
