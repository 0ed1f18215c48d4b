// Dates as people type them in spreadsheets: 1990-05-17, 17/05/1990 (Israel, Iran, Europe), 17.05.1990,
// 17-05-1990, with Persian or Arabic-Indic digits. Day-first is the rule for slashes: month-first (US) files
// are rare among our users and cannot be told apart reliably. Returns 'YYYY-MM-DD' or throws invalid_date;
// whether the date exists is checked by the members module's calendar check.
//
// Persian (Jalali, Solar Hijri) dates — 1370/05/12, ۱۳۷۰/۰۵/۱۲, 12 مرداد 1370 — are recognised by their year:
// 1200–1499 is 1821–2121 in the Gregorian calendar, years no birthday or anniversary in a Gregorian file has.
// A trailing "ه.ش" (hijri shamsi) marks them too. They are converted with jalaali-js (Borkowski's algorithm,
// the one Intl's Persian calendar agrees with until 2256), after checking the Jalali date exists.
import { isValidJalaaliDate, toGregorian } from 'jalaali-js';
import { AppError } from '../../platform/http/errors.ts';
import { cleanCell } from './text.ts';

const YEAR_FIRST = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]00:00(?::00)?)?$/;
const DAY_FIRST = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:[ T]00:00(?::00)?)?$/;
const JALALI_MARK = /\s*(?:ه\.?\s?ش\.?|هـ\.?\s?ش\.?|ش)$/u;

const JALALI_MONTHS = [
  'فروردین',
  'اردیبهشت',
  'خرداد',
  'تیر',
  'مرداد',
  'شهریور',
  'مهر',
  'آبان',
  'آذر',
  'دی',
  'بهمن',
  'اسفند',
];
const WITH_MONTH_NAME = new RegExp(`^(\\d{1,2})\\s+(${JALALI_MONTHS.join('|')})\\s+(\\d{4})$`, 'u');

export const isJalaliYear = (year: number) => year >= 1200 && year <= 1499;

const pad = (n: number | string) => String(n).padStart(2, '0');

function invalid(raw: string, field: string, why: string): AppError {
  return new AppError('invalid_date', 400, `${field} "${raw}" ${why}`, { field });
}

/** A Jalali date as 'YYYY-MM-DD' in the Gregorian calendar; throws invalid_date when the day does not exist. */
export function jalaliToIso(year: number, month: number, day: number, raw: string, field: string): string {
  if (!isValidJalaaliDate(year, month, day)) {
    throw invalid(raw, field, 'is not a date in the Persian calendar');
  }
  const g = toGregorian(year, month, day);
  return `${g.gy}-${pad(g.gm)}-${pad(g.gd)}`;
}

export function parseSpreadsheetDate(raw: string, field: string): string {
  let text = cleanCell(raw);
  const marked = JALALI_MARK.test(text);
  if (marked) text = text.replace(JALALI_MARK, '');
  const named = WITH_MONTH_NAME.exec(text);
  if (named) {
    return jalaliToIso(Number(named[3]), JALALI_MONTHS.indexOf(named[2]!) + 1, Number(named[1]), raw, field);
  }
  const m = YEAR_FIRST.exec(text);
  const d = m ? undefined : DAY_FIRST.exec(text);
  const [year, month, day] = m ? [m[1]!, m[2]!, m[3]!] : d ? [d[3]!, d[2]!, d[1]!] : [];
  if (!year || !month || !day) {
    throw invalid(raw, field, 'is not a date (use YYYY-MM-DD, DD/MM/YYYY or DD.MM.YYYY)');
  }
  if (marked || isJalaliYear(Number(year))) {
    return jalaliToIso(Number(year), Number(month), Number(day), raw, field);
  }
  return `${year}-${pad(month)}-${pad(day)}`;
}
