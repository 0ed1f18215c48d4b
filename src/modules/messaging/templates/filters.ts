// Our Liquid filters: money in minor units, dates in the member's calendar, numbers and digits of the
// member's language. They reuse the formatting the admin and portal show (web/src/shared/format.ts — pure,
// no DOM), so a date in a mail reads exactly as it does on screen: Hebrew numerals in the Hebrew calendar,
// Jalali months and Persian digits for fa.
import {
  CALENDARS,
  defaultPrefs,
  formatDate,
  formatMoney,
  formatNumber,
  type Calendar,
  type DateStyle,
  type FormatPrefs,
  type Locale,
} from '../../../../web/src/shared/format.ts';

export const TEMPLATE_LOCALES = ['he', 'fa', 'en'] as const;
export type TemplateLocale = (typeof TEMPLATE_LOCALES)[number];

/** How one member reads numbers and dates; built once per render from the member and the program. */
export interface ReaderFormat {
  locale: TemplateLocale;
  calendar: Calendar;
  timeZone: string;
  currency: string;
}

export function readerFormat(input: {
  locale: TemplateLocale;
  calendar?: string | null | undefined;
  timeZone: string;
  currency: string;
}): ReaderFormat {
  const calendar = (CALENDARS as readonly string[]).includes(input.calendar ?? '')
    ? (input.calendar as Calendar)
    : defaultPrefs(input.locale as Locale).calendar;
  return { locale: input.locale, calendar, timeZone: input.timeZone, currency: input.currency };
}

const prefsOf = (f: ReaderFormat, calendar?: Calendar): FormatPrefs => ({
  locale: f.locale,
  calendar: calendar ?? f.calendar,
  digits: 'native',
  timeZone: f.timeZone,
});

const DATE_STYLES: readonly DateStyle[] = ['date', 'shortDate', 'dateTime', 'time', 'monthYear', 'dayMonth'];

export class FilterArgumentError extends Error {}

/** `{{ 1250 | money }}` → "‏12.50 ₪"; minor units, the program's currency unless one is given. */
export function moneyFilter(f: ReaderFormat, value: unknown, currency?: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  const n = Number(value);
  if (!Number.isInteger(n))
    throw new FilterArgumentError(`money expects minor units (an integer), got ${value}`);
  const code = currency === undefined ? f.currency : String(currency);
  if (!/^[A-Z]{3}$/.test(code)) throw new FilterArgumentError(`money: "${code}" is not a currency code`);
  return formatMoney(n, code, prefsOf(f));
}

/** `{{ points.balance | number }}` → "1,250" / "۱٬۲۵۰". */
export function numberFilter(f: ReaderFormat, value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  const n = Number(value);
  if (!Number.isFinite(n)) throw new FilterArgumentError(`number expects a number, got ${value}`);
  return formatNumber(n, prefsOf(f));
}

/**
 * `{{ points.expiring_at | local_date }}`, `| local_date: "dayMonth"`, `| local_date: "date", "hebrew"`: a
 * date or instant in the member's calendar and time zone.
 */
export function localDateFilter(
  f: ReaderFormat,
  value: unknown,
  style?: unknown,
  calendar?: unknown,
): string {
  if (value === null || value === undefined || value === '') return '';
  const s = (style ?? 'date') as DateStyle;
  if (!DATE_STYLES.includes(s)) {
    throw new FilterArgumentError(
      `local_date: style "${String(style)}" is not one of ${DATE_STYLES.join(', ')}`,
    );
  }
  if (calendar !== undefined && !(CALENDARS as readonly unknown[]).includes(calendar)) {
    throw new FilterArgumentError(
      `local_date: calendar "${String(calendar)}" is not one of ${CALENDARS.join(', ')}`,
    );
  }
  const date = value instanceof Date ? value : String(value);
  const out = formatDate(date, prefsOf(f, calendar as Calendar | undefined), s);
  if (!out) throw new FilterArgumentError(`local_date: "${String(value)}" is not a date`);
  return out;
}

const PERSIAN_DIGITS = '۰۱۲۳۴۵۶۷۸۹';

/** `{{ coupon.code | digits }}`: 0–9 written in the member's script (Persian digits for fa). */
export function localeDigits(text: string, locale: string): string {
  if (locale !== 'fa') return text;
  return text.replace(/[0-9]/g, (d) => PERSIAN_DIGITS[Number(d)]!);
}
