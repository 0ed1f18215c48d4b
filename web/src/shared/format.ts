// Dates and numbers by the viewer's preferences: language, calendar (Gregorian, Hebrew, Persian/Jalali) and
// digits. Browsers differ in their calendar data (Chromium's `dateStyle` for the Hebrew calendar in Hebrew
// comes out as raw numbers), so dates are always built from explicit fields with formatToParts, and Hebrew
// calendar days and years are written as Hebrew numerals by our own code — the same output everywhere.
export const LOCALES = ['he', 'fa', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const CALENDARS = ['gregory', 'hebrew', 'persian'] as const;
export type Calendar = (typeof CALENDARS)[number];
/** `native`: the language's own digits (Persian ۰–۹); `latin`: 0–9. */
export const DIGITS = ['native', 'latin'] as const;
export type Digits = (typeof DIGITS)[number];

export interface FormatPrefs {
  locale: Locale;
  calendar: Calendar;
  digits: Digits;
  /** IANA zone to show times in; the viewer's own zone when absent. */
  timeZone?: string | undefined;
}

export const RTL_LOCALES: ReadonlySet<string> = new Set(['he', 'fa', 'ar']);
export const directionOf = (locale: string): 'rtl' | 'ltr' => (RTL_LOCALES.has(locale) ? 'rtl' : 'ltr');

const FSI = '\u2068';
const PDI = '\u2069';
/**
 * Wraps text in a first-strong isolate: a Latin name, "-50" or "12" keeps its own order inside a Hebrew or
 * Persian sentence (and the quotation marks around it stay where the sentence put them), and vice versa.
 * Text already isolated is returned as it is.
 */
export const isolate = (text: string) =>
  text.startsWith(FSI) && text.endsWith(PDI) ? text : `${FSI}${text}${PDI}`;

export function defaultPrefs(locale: Locale): FormatPrefs {
  return { locale, calendar: locale === 'fa' ? 'persian' : 'gregory', digits: 'native' };
}

function numberingSystem(prefs: FormatPrefs): string {
  if (prefs.digits === 'latin') return 'latn';
  return prefs.locale === 'fa' ? 'arabext' : 'latn';
}

const REGION: Record<Locale, string> = { he: 'he-IL', fa: 'fa-IR', en: 'en-GB' };

export function localeTag(prefs: FormatPrefs, withCalendar: boolean): string {
  const cal = withCalendar ? `-ca-${prefs.calendar}` : '';
  return `${REGION[prefs.locale]}-u${cal}-nu-${numberingSystem(prefs)}`;
}

const ONES = ['', 'א', 'ב', 'ג', 'ד', 'ה', 'ו', 'ז', 'ח', 'ט'];
const TENS = ['', 'י', 'כ', 'ל', 'מ', 'נ', 'ס', 'ע', 'פ', 'צ'];
const HUNDREDS = ['', 'ק', 'ר', 'ש', 'ת'];

/** 15 → ט״ו, 5787 → תשפ״ז (thousands dropped, as is customary for years). */
export function hebrewNumeral(value: number): string {
  let n = value % 1000;
  let letters = '';
  while (n >= 400) {
    letters += 'ת';
    n -= 400;
  }
  letters += HUNDREDS[Math.floor(n / 100)] ?? '';
  n %= 100;
  // 15 and 16 are written 9+6 and 9+7, never spelling a divine name.
  if (n === 15 || n === 16) letters += `ט${ONES[n - 9]}`;
  else letters += (TENS[Math.floor(n / 10)] ?? '') + (ONES[n % 10] ?? '');
  if (letters.length === 1) return `${letters}׳`;
  return `${letters.slice(0, -1)}״${letters.slice(-1)}`;
}

export type DateStyle = 'date' | 'dateTime' | 'time' | 'monthYear' | 'shortDate' | 'dayMonth';

const DATE_FIELDS: Record<DateStyle, Intl.DateTimeFormatOptions> = {
  date: { year: 'numeric', month: 'long', day: 'numeric' },
  shortDate: { year: 'numeric', month: 'short', day: 'numeric' },
  dateTime: { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' },
  time: { hour: '2-digit', minute: '2-digit' },
  monthYear: { year: 'numeric', month: 'short' },
  dayMonth: { month: 'short', day: 'numeric' },
};

// Building an Intl formatter costs far more than using one (a mail merge formats thousands of dates): reuse them.
const dateFormatters = new Map<string, Intl.DateTimeFormat>();
const numberFormatters = new Map<string, Intl.NumberFormat>();

function dateFormatter(tag: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${tag}|${JSON.stringify(options)}`;
  let formatter = dateFormatters.get(key);
  if (!formatter) dateFormatters.set(key, (formatter = new Intl.DateTimeFormat(tag, options)));
  return formatter;
}

function numberFormatter(tag: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${tag}|${JSON.stringify(options)}`;
  let formatter = numberFormatters.get(key);
  if (!formatter) numberFormatters.set(key, (formatter = new Intl.NumberFormat(tag, options)));
  return formatter;
}

/** A date-only value ('YYYY-MM-DD') is a calendar day, not an instant: it is shown without zone shifts. */
function toDate(value: Date | string): { date: Date; dateOnly: boolean } {
  if (value instanceof Date) return { date: value, dateOnly: false };
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return { date: new Date(`${value}T12:00:00Z`), dateOnly: true };
  return { date: new Date(value), dateOnly: false };
}

export function formatDate(
  value: Date | string | null | undefined,
  prefs: FormatPrefs,
  style: DateStyle = 'date',
) {
  if (value === null || value === undefined || value === '') return '';
  const { date, dateOnly } = toDate(value);
  if (Number.isNaN(date.getTime())) return '';
  const hour12 = prefs.locale === 'en' ? false : undefined;
  const formatter = dateFormatter(localeTag(prefs, true), {
    ...DATE_FIELDS[style],
    ...(hour12 === undefined ? {} : { hour12 }),
    timeZone: dateOnly ? 'UTC' : prefs.timeZone,
  });
  const gematria = prefs.calendar === 'hebrew' && prefs.locale === 'he';
  return formatter
    .formatToParts(date)
    .map((part) => {
      if (gematria && (part.type === 'day' || part.type === 'year')) {
        const n = Number(part.value.replace(/\D/g, ''));
        return Number.isFinite(n) && n > 0 ? hebrewNumeral(n) : part.value;
      }
      return part.value;
    })
    .join('');
}

export function formatNumber(
  value: number | null | undefined,
  prefs: FormatPrefs,
  options: Intl.NumberFormatOptions = {},
) {
  if (value === null || value === undefined || Number.isNaN(value)) return '';
  return numberFormatter(localeTag(prefs, false), options).format(value);
}

/** Money is stored in minor units (agorot, cents); the currency says how many decimals it has. */
export function formatMoney(minorUnits: number | null | undefined, currency: string, prefs: FormatPrefs) {
  if (minorUnits === null || minorUnits === undefined) return '';
  const format = numberFormatter(localeTag(prefs, false), { style: 'currency', currency });
  const decimals = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minorUnits / 10 ** decimals);
}

/** Persian and Arabic-Indic digits → 0–9 (codes and numbers may be typed with either keyboard). */
export const latinDigits = (text: string) =>
  text
    .replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660));

/** Parses digits typed in any of the scripts we show (Persian, Arabic-Indic, Latin) into a number. */
export function parseLocaleInteger(text: string): number | undefined {
  const latin = latinDigits(text.trim())
    .replace(/[,\s٬']/g, '')
    .replace(/\u2212/g, '-')
    .replace(/[\u200e\u200f]/g, '');
  return /^[-+]?\d+$/.test(latin) ? Number(latin) : undefined;
}

/** The number of decimals a currency is written with (ILS 2, IRR 0, JPY 0). */
export function currencyDecimals(currency: string): number {
  return (
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
  );
}

/**
 * Minor units from an amount typed in currency units ("12.50" ILS → 1250), in any of the digits we show and
 * with "." or the Persian decimal separator. undefined when it is not an amount.
 */
export function toMinorUnits(amount: string, currency: string): number | undefined {
  const latin = amount
    .trim()
    .replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[٫,]/g, '.');
  if (!/^\d+(\.\d+)?$/.test(latin)) return undefined;
  const decimals = currencyDecimals(currency);
  const [whole, fraction = ''] = latin.split('.');
  if (fraction.length > decimals && /[1-9]/.test(fraction.slice(decimals))) return undefined;
  return Number(whole) * 10 ** decimals + Number((fraction + '0'.repeat(decimals)).slice(0, decimals) || '0');
}

/** Currency units for an input's value from minor units (1250 ILS → "12.5"). */
export function fromMinorUnits(minor: number, currency: string): string {
  return String(minor / 10 ** currencyDecimals(currency));
}
