// Frequency caps over rolling windows in the member's local calendar: a message counts against the day cap
// until the same local time the next day, against the week cap for seven local days, against the month cap
// until the same local time one calendar month later (31 January → 29 February in a leap year). Local days are
// 23 or 25 hours long across a DST change; the tz database decides.
import { toDate, zoned } from './local-time.ts';
import { CAP_WINDOWS, type CapWindow, type Caps } from './policy.ts';

const DURATION: Record<CapWindow, { days?: number; months?: number }> = {
  day: { days: 1 },
  week: { days: 7 },
  month: { months: 1 },
};

/** The longest a contact can count (a month of 31 days and a DST hour): how far back to read contacts. */
export const LONGEST_WINDOW_MS = 32 * 86_400_000;

/** Until when a contact at `contactAt` counts against the cap of a window. */
export function countsUntil(contactAt: Date, window: CapWindow, timeZone: string): Date {
  return toDate(zoned(contactAt, timeZone).add(DURATION[window]));
}

/**
 * When the caps let one more message through, for a member contacted at `contacts` (any order); undefined
 * when they let one through at `at` already.
 */
export function capRelease(
  at: Date,
  contacts: readonly Date[],
  caps: Caps,
  timeZone: string,
): Date | undefined {
  let release: number | undefined;
  for (const window of CAP_WINDOWS) {
    const cap = caps[window];
    if (cap === null) continue;
    const until = contacts
      .filter((c) => c.getTime() <= at.getTime())
      .map((c) => countsUntil(c, window, timeZone).getTime())
      .filter((u) => u > at.getTime())
      .sort((a, b) => a - b);
    if (until.length < cap) continue;
    // One more fits when all but cap − 1 of them have stopped counting.
    const free = until[until.length - cap]!;
    release = Math.max(release ?? 0, free);
  }
  return release === undefined ? undefined : new Date(release);
}
