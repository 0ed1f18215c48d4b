// Calendar buckets (day, week, month) for reports. Pure date arithmetic on local calendar days ('YYYY-MM-DD'):
// the time zone matters only for "today" and, in SQL, for which local day a timestamp falls on.
export type BucketSize = 'day' | 'week' | 'month';
export type WeekStart = 'monday' | 'sunday' | 'saturday';

export const BUCKET_SIZES = ['day', 'week', 'month'] as const satisfies readonly BucketSize[];
export const WEEK_STARTS = ['monday', 'sunday', 'saturday'] as const satisfies readonly WeekStart[];
/** More buckets than this is a range too large for one chart. */
export const MAX_BUCKETS = 400;

/** Days to add so that date_trunc('week', …), which starts weeks on Monday, starts them on `weekStart`. */
export const WEEK_SHIFT_DAYS: Record<WeekStart, number> = { monday: 0, sunday: 1, saturday: 2 };

const toUtc = (day: string) => new Date(`${day}T00:00:00Z`);
const fromUtc = (d: Date) => d.toISOString().slice(0, 10);

export function addCalendarDays(day: string, days: number): string {
  const d = toUtc(day);
  d.setUTCDate(d.getUTCDate() + days);
  return fromUtc(d);
}

/** The local calendar day of an instant in a time zone. */
export function localDate(at: Date, timeZone: string): string {
  // en-CA formats as YYYY-MM-DD
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

/** The first day of the bucket that contains `day`. */
export function bucketStart(day: string, size: BucketSize, weekStart: WeekStart = 'monday'): string {
  if (size === 'day') return day;
  if (size === 'month') return `${day.slice(0, 8)}01`;
  const weekday = toUtc(day).getUTCDay(); // 0 = Sunday
  const first = { sunday: 0, monday: 1, saturday: 6 }[weekStart];
  return addCalendarDays(day, -((weekday - first + 7) % 7));
}

export function nextBucket(start: string, size: BucketSize): string {
  if (size === 'day') return addCalendarDays(start, 1);
  if (size === 'week') return addCalendarDays(start, 7);
  const d = toUtc(start);
  d.setUTCMonth(d.getUTCMonth() + 1);
  return fromUtc(d);
}

export interface BucketRange {
  /** First day of the first bucket. */
  from: string;
  /** The day after the last bucket ends (exclusive). */
  until: string;
  starts: string[];
}

/**
 * The buckets covering from..to (inclusive local days), widened to whole buckets.
 * Returns undefined when the range is backwards or has more than MAX_BUCKETS buckets.
 */
export function bucketRange(
  from: string,
  to: string,
  size: BucketSize,
  weekStart: WeekStart = 'monday',
): BucketRange | undefined {
  if (to < from) return undefined;
  const starts: string[] = [];
  let start = bucketStart(from, size, weekStart);
  while (start <= to) {
    starts.push(start);
    if (starts.length > MAX_BUCKETS) return undefined;
    start = nextBucket(start, size);
  }
  return { from: starts[0]!, until: start, starts };
}
