// Calendar arithmetic in the program's time zone (Intl), for day-of-week rules, daily caps and expiry dates.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      weekday: 'short',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export interface LocalDay {
  /** 'YYYY-MM-DD' in the zone */
  day: string;
  month: number;
  dayOfWeek: number;
}

export function localDay(at: Date, timeZone: string): LocalDay {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return {
    day: `${parts.year}-${parts.month}-${parts.day}`,
    month: Number(parts.month),
    dayOfWeek: WEEKDAYS.indexOf(parts.weekday ?? ''),
  };
}

/** Adds calendar months, clamping to the month's last day: 29 Feb 2028 + 12 months = 28 Feb 2029. */
export function addMonths(at: Date, months: number): Date {
  const d = new Date(at.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, lastDay));
  return d;
}

const DAY_MS = 86_400_000;

/**
 * The latest moment whose addMonths(·, months) is still at or before `at`: activity then or earlier has lapsed
 * by `at` under an inactivity expiry of `months`. (So a statement can compare a timestamp with it instead of
 * doing calendar arithmetic of its own.)
 */
export function lapsedThrough(at: Date, months: number): Date {
  // addMonths maps each UTC day onto one `months` later (clamped to the month's end: up to four days onto one)
  // and keeps the time of day, never going backwards. Start from the day `months` back, take later days while
  // they still land on or before at's day, then the time of day that keeps the image at or before `at`.
  const timeOfDay = ((at.getTime() % DAY_MS) + DAY_MS) % DAY_MS;
  const atDay = at.getTime() - timeOfDay;
  const image = (day: number) => addMonths(new Date(day), months).getTime();
  let day = addMonths(new Date(atDay), -months).getTime();
  while (image(day + DAY_MS) <= atDay) day += DAY_MS;
  return new Date(image(day) === atDay ? day + timeOfDay : day + DAY_MS - 1);
}

export const addDays = (at: Date, days: number) => new Date(at.getTime() + days * 86_400_000);
