// Instants and wall-clock times in a time zone, through Temporal (temporal-polyfill until Node has it): the
// tz database decides offsets and DST, never our arithmetic.
import { Temporal } from 'temporal-polyfill';

export const zoned = (at: Date, timeZone: string): Temporal.ZonedDateTime =>
  Temporal.Instant.fromEpochMilliseconds(at.getTime()).toZonedDateTimeISO(timeZone);

export const toDate = (z: Temporal.ZonedDateTime): Date => new Date(z.epochMilliseconds);

/**
 * The instant a local date shows a wall-clock time. A time skipped by a DST change (02:30 on the spring-forward
 * night) becomes the same time after the gap; a repeated one is its first occurrence.
 */
export function atLocalTime(
  date: Temporal.PlainDate,
  minutes: number,
  timeZone: string,
): Temporal.ZonedDateTime {
  return date.toZonedDateTime({
    timeZone,
    plainTime: new Temporal.PlainTime(Math.floor(minutes / 60), minutes % 60),
  });
}

/** Whether a zone name is one the tz database knows. */
export function isTimeZone(value: string): boolean {
  try {
    Temporal.Now.instant().toZonedDateTimeISO(value);
    return true;
  } catch {
    return false;
  }
}
