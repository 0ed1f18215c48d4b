// Report SQL. Analytics is a read model: it reads the members and loyalty tables directly (read-only) because
// a report is one aggregate query, not a loop over services (docs/adr/0005-analytics-read-model.md).
// Every query filters by program_id and a time range that the *_time_idx indexes cover.
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { WEEK_SHIFT_DAYS, type BucketSize, type WeekStart } from '../../contracts/buckets.ts';

export interface ReportWindow {
  programId: string;
  timeZone: string;
  size: BucketSize;
  weekStart: WeekStart;
  /** First local day (inclusive) and the local day after the last (exclusive), 'YYYY-MM-DD'. */
  from: string;
  until: string;
}

/** The first local day of the bucket a timestamp falls in ('YYYY-MM-DD': dates are read as strings). */
function bucketOf(column: string, w: ReportWindow): RawBuilder<string> {
  const local = sql`(${sql.ref(column)} at time zone ${w.timeZone})`;
  if (w.size === 'day') return sql<string>`cast(${local} as date)`;
  if (w.size === 'month') return sql<string>`cast(date_trunc('month', ${local}) as date)`;
  const shift = WEEK_SHIFT_DAYS[w.weekStart];
  const days = sql`make_interval(days => ${shift})`;
  return sql<string>`cast(date_trunc('week', ${local} + ${days}) - ${days} as date)`;
}

/** The instant a local day starts in the program's zone. */
const startOfDay = (day: string, timeZone: string) =>
  sql<Date>`(cast(${day} as timestamp) at time zone ${timeZone})`;

// Grouping by position: the bucket expression carries parameters, and PostgreSQL does not match
// `group by <same expression>` when its parameters are different placeholders.
const byFirstColumn = sql`1`;

export async function membersJoinedAndLeft(db: Db, w: ReportWindow) {
  const start = startOfDay(w.from, w.timeZone);
  const end = startOfDay(w.until, w.timeZone);
  const [joined, left, before] = await Promise.all([
    db
      .selectFrom('members')
      .select([bucketOf('created_at', w).as('bucket'), sql<number>`count(*)`.as('n')])
      .where('program_id', '=', w.programId)
      .where('created_at', '>=', start)
      .where('created_at', '<', end)
      .groupBy(byFirstColumn)
      .execute(),
    db
      .selectFrom('members')
      .select([bucketOf('deleted_at', w).as('bucket'), sql<number>`count(*)`.as('n')])
      .where('program_id', '=', w.programId)
      .where('deleted_at', 'is not', null)
      .where('deleted_at', '>=', start)
      .where('deleted_at', '<', end)
      .groupBy(byFirstColumn)
      .execute(),
    db
      .selectFrom('members')
      .select(sql<number>`count(*)`.as('n'))
      .where('program_id', '=', w.programId)
      .where('created_at', '<', start)
      .where((eb) => eb.or([eb('deleted_at', 'is', null), eb('deleted_at', '>=', start)]))
      .executeTakeFirstOrThrow(),
  ]);
  return { joined, left, membersBefore: before.n };
}

export function revenueByBucket(db: Db, w: ReportWindow) {
  const start = startOfDay(w.from, w.timeZone);
  const end = startOfDay(w.until, w.timeZone);
  return Promise.all([
    db
      .selectFrom('loyalty_purchases')
      .select([
        bucketOf('occurred_at', w).as('bucket'),
        'currency',
        sql<number>`cast(sum(total) as bigint)`.as('amount'),
        sql<number>`count(*)`.as('count'),
      ])
      .where('program_id', '=', w.programId)
      .where('occurred_at', '>=', start)
      .where('occurred_at', '<', end)
      .groupBy([byFirstColumn, 'currency'])
      .execute(),
    db
      .selectFrom('loyalty_refunds as r')
      .innerJoin('loyalty_purchases as p', (j) =>
        j.onRef('p.program_id', '=', 'r.program_id').onRef('p.id', '=', 'r.purchase_id'),
      )
      .select([
        bucketOf('r.created_at', w).as('bucket'),
        'p.currency',
        sql<number>`cast(sum(r.amount) as bigint)`.as('amount'),
      ])
      .where('r.program_id', '=', w.programId)
      .where('r.created_at', '>=', start)
      .where('r.created_at', '<', end)
      .groupBy([byFirstColumn, 'p.currency'])
      .execute(),
  ]).then(([purchases, refunds]) => ({ purchases, refunds }));
}

export function pointsByBucket(db: Db, w: ReportWindow) {
  const sumWhere = (condition: RawBuilder<unknown>, sign: 1 | -1) =>
    sql<number>`cast(coalesce(sum(case when ${condition} then ${sql.raw(String(sign))} * points end), 0) as bigint)`;
  return db
    .selectFrom('loyalty_ledger')
    .select([
      bucketOf('occurred_at', w).as('bucket'),
      sumWhere(sql`kind = 'earn' or (kind = 'adjust' and points > 0)`, 1).as('issued'),
      sumWhere(sql`kind = 'redeem'`, -1).as('redeemed'),
      sumWhere(sql`kind = 'expire'`, -1).as('expired'),
      sumWhere(sql`kind = 'reverse' or (kind = 'adjust' and points < 0)`, -1).as('reversed'),
    ])
    .where('program_id', '=', w.programId)
    .where('occurred_at', '>=', startOfDay(w.from, w.timeZone))
    .where('occurred_at', '<', startOfDay(w.until, w.timeZone))
    .where('kind', '!=', 'transfer')
    .groupBy(byFirstColumn)
    .execute();
}

/**
 * The one definition of "a member counted in reports": a member of the program that is not deleted (an erased
 * member is deleted too). Every figure about members as they are now — counts, purchasers, points held — counts
 * only these; the time series count what happened, whoever it happened to.
 */
function countedMember(programId: string, memberId: string) {
  return sql<boolean>`exists (
    select 1 from members counted
    where counted.program_id = ${programId} and counted.id = ${sql.ref(memberId)} and counted.deleted_at is null
  )`;
}

export async function headlineFigures(db: Db, programId: string, now: Date, days90Ago: Date, in30Days: Date) {
  const [members, purchasers, liability, expiring] = await Promise.all([
    db
      .selectFrom('members')
      .select(sql<number>`count(*)`.as('n'))
      .where('program_id', '=', programId)
      .where('deleted_at', 'is', null)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('loyalty_purchases')
      .select(sql<number>`count(distinct member_id)`.as('n'))
      .where('program_id', '=', programId)
      .where('occurred_at', '>=', days90Ago)
      .where('occurred_at', '<=', now)
      .where(countedMember(programId, 'loyalty_purchases.member_id'))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('loyalty_accounts')
      .select([
        sql<number>`cast(coalesce(sum(greatest(available, 0)), 0) as bigint)`.as('available'),
        sql<number>`cast(coalesce(sum(pending), 0) as bigint)`.as('pending'),
      ])
      .where('program_id', '=', programId)
      .where(countedMember(programId, 'loyalty_accounts.member_id'))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('loyalty_lots')
      .select(sql<number>`cast(coalesce(sum(remaining), 0) as bigint)`.as('n'))
      .where('program_id', '=', programId)
      .where('remaining', '>', 0)
      .where('expires_at', '>', now)
      .where('expires_at', '<=', in30Days)
      .where(countedMember(programId, 'loyalty_lots.member_id'))
      .executeTakeFirstOrThrow(),
  ]);
  return {
    activeMembers: members.n,
    purchasers90Days: purchasers.n,
    availablePoints: liability.available,
    pendingPoints: liability.pending,
    expiringPoints30Days: expiring.n,
  };
}

/** Members (not deleted) per tier key; null is "no tier yet". */
export function membersPerTier(db: Db, programId: string) {
  return db
    .selectFrom('members as m')
    .leftJoin('loyalty_accounts as a', (j) =>
      j.onRef('a.program_id', '=', 'm.program_id').onRef('a.member_id', '=', 'm.id'),
    )
    .select(['a.tier_key', sql<number>`count(*)`.as('n')])
    .where('m.program_id', '=', programId)
    .where('m.deleted_at', 'is', null)
    .groupBy('a.tier_key')
    .execute();
}
