// Reports for the admin dashboard: headline figures now, and time series over a range of local days.
import type { Db } from '../../platform/db/database.ts';
import { DAY_MS } from '../../platform/clock.ts';
import { AppError } from '../../platform/http/errors.ts';
import { loadLoyaltyConfig } from '../loyalty/index.ts';
import { getProgram } from '../programs/index.ts';
import {
  addCalendarDays,
  bucketRange,
  localDate,
  MAX_BUCKETS,
  type BucketSize,
  type WeekStart,
} from '../../contracts/buckets.ts';
import {
  headlineFigures,
  membersJoinedAndLeft,
  membersPerTier,
  pointsByBucket,
  revenueByBucket,
  type ReportWindow,
} from './queries.ts';

export interface TierShare {
  /** null: members who have no tier yet. */
  key: string | null;
  name: string | null;
  /** The tier's name per language (empty for the no-tier row). */
  names: Record<string, string>;
  rank: number | null;
  members: number;
}

export interface Headline {
  timeZone: string;
  currency: string;
  activeMembers: number;
  purchasers90Days: number;
  points: { available: number; pending: number; liability: number; expiringIn30Days: number };
  tiers: TierShare[];
}

export async function getHeadline(db: Db, programId: string, now: Date): Promise<Headline> {
  const program = await getProgram(db, programId);
  const [figures, perTier, config] = await Promise.all([
    headlineFigures(
      db,
      programId,
      now,
      new Date(now.getTime() - 90 * DAY_MS),
      new Date(now.getTime() + 30 * DAY_MS),
    ),
    membersPerTier(db, programId),
    loadLoyaltyConfig(db, programId),
  ]);
  const count = new Map(perTier.map((r) => [r.tier_key, Number(r.n)]));
  const ladder = [...config.tiers].sort((a, b) => a.rank - b.rank);
  // A member without a points account yet (imported, never bought) is on the lowest tier, as their profile
  // says (loyalty's getAccount): counted there, not as "no tier".
  const lowest = ladder[0]?.key;
  if (lowest !== undefined && count.has(null)) {
    count.set(lowest, (count.get(lowest) ?? 0) + count.get(null)!);
    count.delete(null);
  }
  const tiers: TierShare[] = ladder.map((t) => ({
    key: t.key,
    name: t.name,
    names: t.names ?? {},
    rank: t.rank,
    members: count.get(t.key) ?? 0,
  }));
  // Members on a tier key that no longer exists are shown under that key, so totals still add up.
  for (const [key, members] of count) {
    if (key !== null && !config.tiers.some((t) => t.key === key))
      tiers.push({ key, name: key, names: {}, rank: null, members });
  }
  tiers.unshift({ key: null, name: null, names: {}, rank: null, members: count.get(null) ?? 0 });
  return {
    timeZone: program.timeZone,
    currency: program.currency,
    activeMembers: figures.activeMembers,
    purchasers90Days: figures.purchasers90Days,
    points: {
      available: figures.availablePoints,
      pending: figures.pendingPoints,
      liability: figures.availablePoints + figures.pendingPoints,
      expiringIn30Days: figures.expiringPoints30Days,
    },
    tiers,
  };
}

export interface SeriesQuery {
  from?: string | undefined;
  to?: string | undefined;
  bucket?: BucketSize | undefined;
  weekStart?: WeekStart | undefined;
}

export interface SeriesBucket {
  /** First local day of the bucket, 'YYYY-MM-DD'. */
  start: string;
  joined: number;
  left: number;
  /** Members at the end of the bucket. */
  members: number;
  points: { issued: number; redeemed: number; expired: number; reversed: number };
}

export interface RevenueSeries {
  currency: string;
  buckets: { start: string; purchases: number; gross: number; refunded: number; net: number }[];
  total: { purchases: number; gross: number; refunded: number; net: number };
}

export interface TimeSeries {
  timeZone: string;
  bucket: BucketSize;
  weekStart: WeekStart;
  from: string;
  to: string;
  buckets: SeriesBucket[];
  revenue: RevenueSeries[];
}

export async function getTimeSeries(
  db: Db,
  programId: string,
  now: Date,
  q: SeriesQuery,
): Promise<TimeSeries> {
  const program = await getProgram(db, programId);
  const size = q.bucket ?? 'day';
  const weekStart = q.weekStart ?? 'monday';
  const to = q.to ?? localDate(now, program.timeZone);
  const from = q.from ?? addCalendarDays(to, -29);
  const range = bucketRange(from, to, size, weekStart);
  if (!range) {
    throw new AppError(
      'invalid_range',
      400,
      to < from
        ? `"to" (${to}) is before "from" (${from})`
        : `The range has more than ${MAX_BUCKETS} ${size}s`,
      { from, to, bucket: size, maxBuckets: MAX_BUCKETS },
    );
  }
  const w: ReportWindow = {
    programId,
    timeZone: program.timeZone,
    size,
    weekStart,
    from: range.from,
    until: range.until,
  };
  const [members, revenue, points] = await Promise.all([
    membersJoinedAndLeft(db, w),
    revenueByBucket(db, w),
    pointsByBucket(db, w),
  ]);

  const joined = new Map(members.joined.map((r) => [r.bucket, r.n]));
  const left = new Map(members.left.map((r) => [r.bucket, r.n]));
  const pointsAt = new Map(points.map((r) => [r.bucket, r]));
  let running = members.membersBefore;
  const buckets = range.starts.map((start): SeriesBucket => {
    const j = joined.get(start) ?? 0;
    const l = left.get(start) ?? 0;
    running += j - l;
    const p = pointsAt.get(start);
    return {
      start,
      joined: j,
      left: l,
      members: running,
      points: {
        issued: p?.issued ?? 0,
        redeemed: p?.redeemed ?? 0,
        expired: p?.expired ?? 0,
        reversed: p?.reversed ?? 0,
      },
    };
  });

  const currencies = [...new Set([...revenue.purchases, ...revenue.refunds].map((r) => r.currency))].sort();
  const revenueSeries = currencies.map((currency): RevenueSeries => {
    const sold = new Map(revenue.purchases.filter((r) => r.currency === currency).map((r) => [r.bucket, r]));
    const refunded = new Map(
      revenue.refunds.filter((r) => r.currency === currency).map((r) => [r.bucket, r.amount]),
    );
    const rows = range.starts.map((start) => {
      const gross = sold.get(start)?.amount ?? 0;
      const back = refunded.get(start) ?? 0;
      return { start, purchases: sold.get(start)?.count ?? 0, gross, refunded: back, net: gross - back };
    });
    const sum = (k: 'purchases' | 'gross' | 'refunded' | 'net') => rows.reduce((s, r) => s + r[k], 0);
    return {
      currency,
      buckets: rows,
      total: { purchases: sum('purchases'), gross: sum('gross'), refunded: sum('refunded'), net: sum('net') },
    };
  });

  return {
    timeZone: program.timeZone,
    bucket: size,
    weekStart,
    from: range.from,
    to: addCalendarDays(range.until, -1),
    buckets,
    revenue: revenueSeries,
  };
}
