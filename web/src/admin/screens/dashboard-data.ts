// The dashboard's API answers (src/modules/analytics/routes.ts) and the periods it offers.
import {
  addCalendarDays,
  localDate,
  type BucketSize,
  type WeekStart,
} from '../../../../src/contracts/buckets.ts';
import type { Locale } from '../../shared/format.ts';

export interface Headline {
  timeZone: string;
  currency: string;
  activeMembers: number;
  purchasers90Days: number;
  points: { available: number; pending: number; liability: number; expiringIn30Days: number };
  tiers: {
    key: string | null;
    name: string | null;
    names: Record<string, string>;
    rank: number | null;
    members: number;
  }[];
}

export interface TimeSeries {
  bucket: BucketSize;
  from: string;
  to: string;
  buckets: {
    start: string;
    joined: number;
    left: number;
    members: number;
    points: { issued: number; redeemed: number; expired: number; reversed: number };
  }[];
  revenue: {
    currency: string;
    buckets: { start: string; purchases: number; gross: number; refunded: number; net: number }[];
    total: { purchases: number; gross: number; refunded: number; net: number };
  }[];
}

export const PERIODS = ['days', 'weeks', 'months'] as const;
export type Period = (typeof PERIODS)[number];

/** Weeks start where the viewer's calendar starts them: Sunday in Israel, Saturday in Iran. */
export const WEEK_START: Record<Locale, WeekStart> = { he: 'sunday', fa: 'saturday', en: 'monday' };

/** The query for a period ending today in the program's time zone. */
export function periodQuery(period: Period, timeZone: string, now: Date, locale: Locale) {
  const to = localDate(now, timeZone);
  if (period === 'days') return { bucket: 'day' as const, from: addCalendarDays(to, -29), to };
  if (period === 'weeks') {
    return { bucket: 'week' as const, from: addCalendarDays(to, -7 * 11), to, weekStart: WEEK_START[locale] };
  }
  const [year, month] = to.split('-').map(Number) as [number, number];
  const first = new Date(Date.UTC(year, month - 12, 1)).toISOString().slice(0, 10);
  return { bucket: 'month' as const, from: first, to };
}
