// When a purchase or event may say it happened. Dates such as year 0001 or 9999 are data errors (a default
// value, a typo) that would skew tiers, expiry and reports for years, so they are refused, not stored.
import { AppError } from './http/errors.ts';

/** The earliest time a purchase or event may carry (older history belongs in an archive, not the ledger). */
export const EARLIEST_EVENT_TIME = new Date('2000-01-01T00:00:00.000Z');
/** Tracked events may be ahead of our clock by this much (devices' clocks drift). */
export const EVENT_FUTURE_TOLERANCE_MS = 24 * 3_600_000;

/** Throws 400 date_out_of_range unless `at` lies in [EARLIEST_EVENT_TIME, now + futureToleranceMs]. */
export function checkEventTime(at: Date, now: Date, field: string, futureToleranceMs: number): void {
  const latest = new Date(now.getTime() + futureToleranceMs);
  if (Number.isNaN(at.getTime()) || at < EARLIEST_EVENT_TIME || at > latest) {
    throw new AppError(
      'date_out_of_range',
      400,
      `${field} must lie between ${EARLIEST_EVENT_TIME.toISOString()} and ${latest.toISOString()}`,
      {
        field,
        earliest: EARLIEST_EVENT_TIME.toISOString(),
        latest: latest.toISOString(),
        ...(Number.isNaN(at.getTime()) ? {} : { got: at.toISOString() }),
      },
    );
  }
}
