// Rest days: no marketing on Shabbat and Jewish holidays (Israeli calendar, from candle-lighting to havdalah as
// @hebcal/core computes them for Jerusalem), or on the member's local Friday (Iran's weekend).
import {
  CandleLightingEvent,
  HavdalahEvent,
  HebrewCalendar,
  Location,
  flags,
  type Event,
} from '@hebcal/core';
import { atLocalTime, toDate, zoned } from './local-time.ts';
import type { RestDay } from './policy.ts';

interface RestPeriod {
  start: number;
  end: number;
  shabbat: boolean;
  holiday: boolean;
}

/**
 * Jerusalem's times (candle-lighting 40 minutes before sunset, havdalah at nightfall): the earliest start and the
 * latest end in Israel, so no member in the country is written to during their Shabbat. Members abroad follow the
 * Israeli clock too; a per-program location is the extension point.
 */
const JERUSALEM = Location.lookup('Jerusalem')!;
const ISRAEL_ZONE = 'Asia/Jerusalem';

const cache = new Map<number, RestPeriod[]>();

const dayKey = (d: Date) => `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;

/** Every Shabbat and festival of a Gregorian year (with a week on either side), from hebcal. */
function israeliRestPeriods(year: number): RestPeriod[] {
  const cached = cache.get(year);
  if (cached) return cached;
  const events: Event[] = HebrewCalendar.calendar({
    start: new Date(year - 1, 11, 24),
    end: new Date(year + 1, 0, 8),
    location: JERUSALEM,
    candlelighting: true,
    il: true,
  });
  // Festival days (yom tov), by their civil date, to tell a festival's rest from a plain Shabbat.
  const festivalDays = new Set(
    events.filter((e) => (e.getFlags() & flags.CHAG) !== 0).map((e) => dayKey(e.getDate().greg())),
  );
  const periods: RestPeriod[] = [];
  let open: number | undefined;
  for (const event of events) {
    if (event instanceof CandleLightingEvent && event.eventTime) {
      // Candle-lighting on the second evening of a two-day rest (Rosh Hashana, Shabbat before a festival) is
      // inside the rest that already began.
      open ??= event.eventTime.getTime();
    } else if (event instanceof HavdalahEvent && event.eventTime && open !== undefined) {
      const end = event.eventTime.getTime();
      let shabbat = false;
      let holiday = false;
      for (let t = open; t <= end; t += 6 * 3_600_000) {
        const local = zoned(new Date(t), ISRAEL_ZONE);
        if (local.dayOfWeek === 6) shabbat = true;
        if (festivalDays.has(`${local.year}-${local.month - 1}-${local.day}`)) holiday = true;
      }
      periods.push({ start: open, end, shabbat, holiday });
      open = undefined;
    }
  }
  cache.set(year, periods);
  return periods;
}

function israeliRestEnd(at: Date, shabbat: boolean, holidays: boolean): Date | undefined {
  const t = at.getTime();
  const period = israeliRestPeriods(at.getUTCFullYear()).find(
    (p) => p.start <= t && t < p.end && ((shabbat && p.shabbat) || (holidays && p.holiday)),
  );
  return period ? new Date(period.end) : undefined;
}

function fridayEnd(at: Date, timeZone: string): Date | undefined {
  const local = zoned(at, timeZone);
  if (local.dayOfWeek !== 5) return undefined;
  return toDate(atLocalTime(local.toPlainDate().add({ days: 1 }), 0, timeZone));
}

/** When the rest day that `at` falls in ends; undefined when `at` is on none of them. */
export function restDayEnd(at: Date, restDays: readonly RestDay[], timeZone: string): Date | undefined {
  if (restDays.length === 0) return undefined;
  const ends: Date[] = [];
  const shabbat = restDays.includes('shabbat');
  const holidays = restDays.includes('jewish_holidays');
  if (shabbat || holidays) {
    const end = israeliRestEnd(at, shabbat, holidays);
    if (end) ends.push(end);
  }
  if (restDays.includes('friday')) {
    const end = fridayEnd(at, timeZone);
    if (end) ends.push(end);
  }
  return ends.length ? new Date(Math.max(...ends.map((d) => d.getTime()))) : undefined;
}
