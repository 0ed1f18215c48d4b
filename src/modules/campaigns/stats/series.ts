// Time buckets for a campaign's charts: local hours for the first days of a campaign, local days after.
// Labels are what the SQL writes ('YYYY-MM-DDTHH:00' or 'YYYY-MM-DD' in the program's zone), so a dense series
// is the labels of every hour or day the window touches, formatted with Intl (a DST change gives one hour
// twice or not at all: the labels say so, as the SQL's do).
export type BucketSize = 'hour' | 'day';
export const BUCKET_SIZES = ['hour', 'day'] as const satisfies readonly BucketSize[];

/** Hourly buckets up to this span, daily after. */
export const HOURLY_SPAN_HOURS = 72;
/** A chart never has more buckets than this (the window is cut at its end). */
export const MAX_SERIES_BUCKETS = 400;

const HOUR = 3_600_000;

export function defaultBucketSize(from: Date, to: Date): BucketSize {
  return to.getTime() - from.getTime() <= HOURLY_SPAN_HOURS * HOUR ? 'hour' : 'day';
}

export function bucketLabel(at: Date, size: BucketSize, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const day = `${parts.year}-${parts.month}-${parts.day}`;
  return size === 'hour' ? `${day}T${parts.hour}:00` : day;
}

/** Every bucket label from `from` to `to` (both included), in order, at most MAX_SERIES_BUCKETS. */
export function bucketLabels(from: Date, to: Date, size: BucketSize, timeZone: string): string[] {
  const labels: string[] = [];
  // Walking by the hour reaches every local hour and day, whatever the zone's offsets do.
  for (let t = Math.floor(from.getTime() / HOUR) * HOUR; t <= to.getTime(); t += HOUR) {
    const label = bucketLabel(new Date(t), size, timeZone);
    if (labels.at(-1) !== label) labels.push(label);
    if (labels.length >= MAX_SERIES_BUCKETS) return labels;
  }
  // Zones with half-hour offsets (Tehran, +3:30) start a local hour or day between two UTC hours.
  const last = bucketLabel(to, size, timeZone);
  if (labels.at(-1) !== last) labels.push(last);
  return labels;
}

export interface SeriesPoint {
  sent: number;
  opened: number;
  clicked: number;
  unsubscribed: number;
  revenue: number;
}

export const EMPTY_POINT: SeriesPoint = { sent: 0, opened: 0, clicked: 0, unsubscribed: 0, revenue: 0 };

/**
 * One series per group (variant), each with a value for every label (zeros where nothing happened); rows for
 * labels outside the window are dropped.
 */
export function denseSeries(
  labels: readonly string[],
  groups: readonly string[],
  rows: readonly (SeriesPoint & { bucket: string; group: string })[],
): { group: string; points: (SeriesPoint & { bucket: string })[] }[] {
  const index = new Map(labels.map((l, i) => [l, i]));
  return groups.map((group) => {
    const points = labels.map((bucket) => ({ bucket, ...EMPTY_POINT }));
    for (const r of rows) {
      const i = index.get(r.bucket);
      if (r.group !== group || i === undefined) continue;
      const p = points[i]!;
      p.sent += r.sent;
      p.opened += r.opened;
      p.clicked += r.clicked;
      p.unsubscribed += r.unsubscribed;
      p.revenue += r.revenue;
    }
    return { group, points };
  });
}
