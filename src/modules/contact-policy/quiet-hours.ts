// Quiet hours in the member's local time: none is sent from `start` until `end` (21:00–09:00 spans midnight).
import { atLocalTime, toDate, zoned } from './local-time.ts';
import { minutesOf, type QuietHours } from './policy.ts';

/** When the quiet hours that `at` falls in end; undefined when `at` is outside them. */
export function quietHoursEnd(at: Date, quiet: QuietHours | null, timeZone: string): Date | undefined {
  if (!quiet) return undefined;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return undefined;
  const local = zoned(at, timeZone);
  const minute = local.hour * 60 + local.minute;
  const inside = start < end ? minute >= start && minute < end : minute >= start || minute < end;
  if (!inside) return undefined;
  // The end is today's when we are before it, otherwise tomorrow's (quiet that began this evening).
  const day = minute < end ? local.toPlainDate() : local.toPlainDate().add({ days: 1 });
  const until = atLocalTime(day, end, timeZone);
  // A wall-clock end inside a DST gap lands after the gap; never before `at`.
  return until.epochMilliseconds > at.getTime() ? toDate(until) : undefined;
}
