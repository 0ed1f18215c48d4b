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

export const addDays = (at: Date, days: number) => new Date(at.getTime() + days * 86_400_000);
