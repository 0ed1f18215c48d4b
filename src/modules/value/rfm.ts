// RFM report: scores, named segments with counts, revenue and averages, the recency × frequency grid, and
// movement between segments since the same day a month earlier.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { rfmScoresSql } from './customers.ts';
import { RFM_SEGMENTS, type RfmScale, type RfmSegment } from './rfm-grid.ts';
import { snapshotFor, type Snapshot } from './window.ts';

export interface RfmOptions {
  day?: string | undefined;
  months?: number | undefined;
  scale?: RfmScale | undefined;
}

export interface RfmSegmentFigures {
  segment: RfmSegment;
  customers: number;
  revenue: number;
  averageRecencyDays: number | null;
  averageFrequency: number | null;
  averageMonetary: number | null;
}

const round2 = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v) * 100) / 100);

export async function rfmReport(db: Db, programId: string, now: Date, options: RfmOptions) {
  const scale = options.scale ?? 5;
  const snap = await snapshotFor(db, programId, now, options);
  const previous = await snapshotFor(db, programId, now, { ...options, day: snap.day, monthsBack: 1 });
  const scores = rfmScoresSql(snap, scale);
  const [segments, grid, movement, excluded] = await Promise.all([
    sql<{ segment: RfmSegment; customers: number; revenue: number; r: string; f: string; m: string }>`
      select s.segment, count(*) as customers, cast(sum(s.monetary) as bigint) as revenue,
        avg(s.recency_days) as r, avg(s.frequency) as f, avg(s.monetary) as m
      from (${scores}) s group by s.segment`.execute(db),
    sql<{ r: number; f: number; customers: number }>`
      select s.r, s.f, count(*) as customers from (${scores}) s group by s.r, s.f order by s.r desc, s.f`.execute(
      db,
    ),
    sql<{ from: RfmSegment | null; to: RfmSegment | null; customers: number }>`
      select b.segment as "from", a.segment as "to", count(*) as customers
      from (${scores}) a full join (${rfmScoresSql(previous, scale)}) b on b.member_id = a.member_id
      group by b.segment, a.segment`.execute(db),
    otherCurrencies(db, snap),
  ]);
  const bySegment = new Map(segments.rows.map((r) => [r.segment, r]));
  return {
    day: snap.day,
    previousDay: previous.day,
    months: snap.months,
    scale,
    currency: snap.currency,
    customers: segments.rows.reduce((n, r) => n + Number(r.customers), 0),
    segments: RFM_SEGMENTS.map((segment): RfmSegmentFigures => {
      const r = bySegment.get(segment);
      return {
        segment,
        customers: Number(r?.customers ?? 0),
        revenue: Number(r?.revenue ?? 0),
        averageRecencyDays: round2(r?.r),
        averageFrequency: round2(r?.f),
        averageMonetary: round2(r?.m),
      };
    }),
    grid: grid.rows.map((g) => ({ r: g.r, f: g.f, customers: Number(g.customers) })),
    movement: movement.rows
      .map((m) => ({ from: m.from, to: m.to, customers: Number(m.customers) }))
      .sort((a, b) => `${a.from}>${a.to}`.localeCompare(`${b.from}>${b.to}`)),
    otherCurrencies: excluded,
  };
}

/** Purchases in the window in currencies other than the program's: reported, never converted or counted. */
export async function otherCurrencies(db: Db, snap: Snapshot) {
  const rows = await db
    .selectFrom('loyalty_purchases')
    .select(['currency', sql<number>`count(*)`.as('purchases')])
    .where('program_id', '=', snap.programId)
    .where('currency', '<>', snap.currency)
    .where('occurred_at', '>=', snap.since)
    .where('occurred_at', '<', snap.asOf)
    .groupBy('currency')
    .orderBy('currency')
    .execute();
  return rows.map((r) => ({ currency: r.currency, purchases: Number(r.purchases) }));
}

/** The scored customers, best first, filtered by segment or grid cell (the grid's click-through). */
export async function rfmMembers(
  db: Db,
  programId: string,
  now: Date,
  options: RfmOptions & {
    segment?: RfmSegment | undefined;
    r?: number | undefined;
    f?: number | undefined;
    limit: number;
    offset: number;
  },
) {
  const scale = options.scale ?? 5;
  const snap = await snapshotFor(db, programId, now, options);
  const filters = [
    options.segment ? sql`s.segment = ${options.segment}` : sql`true`,
    options.r ? sql`s.r = ${options.r}` : sql`true`,
    options.f ? sql`s.f = ${options.f}` : sql`true`,
  ];
  const rows = await sql<{
    member_id: string;
    first_name: string | null;
    last_name: string | null;
    email: string | null;
    r: number;
    f: number;
    m: number;
    segment: RfmSegment;
    recency_days: number;
    frequency: number;
    monetary: number;
  }>`select s.member_id, mm.first_name, mm.last_name, mm.email, s.r, s.f, s.m, s.segment, s.recency_days,
      s.frequency, s.monetary
    from (${rfmScoresSql(snap, scale)}) s join members mm on mm.id = s.member_id
    where ${sql.join(filters, sql` and `)}
    order by s.monetary desc, s.member_id limit ${options.limit + 1} offset ${options.offset}`.execute(db);
  return {
    items: rows.rows.slice(0, options.limit).map((r) => ({
      memberId: r.member_id,
      firstName: r.first_name,
      lastName: r.last_name,
      email: r.email,
      r: r.r,
      f: r.f,
      m: r.m,
      segment: r.segment,
      recencyDays: r.recency_days,
      frequency: Number(r.frequency),
      monetary: Number(r.monetary),
    })),
    more: rows.rows.length > options.limit,
  };
}
