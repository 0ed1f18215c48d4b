import { describe, expect, it } from 'vitest';
import { isJalaliYear, parseSpreadsheetDate } from './dates.ts';

describe('Persian (Jalali) dates in spreadsheets', () => {
  it.each([
    ['1370/05/12', '1991-08-03'],
    ['۱۳۷۰/۰۵/۱۲', '1991-08-03'],
    ['١٣٧٠/٠٥/١٢', '1991-08-03'],
    ['\u200f1370/5/12\u200f', '1991-08-03'],
    ['12/05/1370', '1991-08-03'],
    ['1370-05-12', '1991-08-03'],
    ['12 مرداد 1370', '1991-08-03'],
    ['۱۲ مرداد ۱۳۷۰', '1991-08-03'],
    ['1370/05/12 ه.ش', '1991-08-03'],
    ['1403/01/01', '2024-03-20'], // Nowruz
    ['1402/12/29', '2024-03-19'],
    ['1357/11/22', '1979-02-11'],
    ['1300/01/01', '1921-03-21'],
  ])('%s → %s', (raw, iso) => expect(parseSpreadsheetDate(raw, 'birthday')).toBe(iso));

  it('knows the leap years: Esfand 30 exists only in them', () => {
    expect(parseSpreadsheetDate('1399/12/30', 'birthday')).toBe('2021-03-20');
    expect(parseSpreadsheetDate('1403/12/30', 'birthday')).toBe('2025-03-20');
    expect(parseSpreadsheetDate('1370/12/30', 'birthday')).toBe('1992-03-20');
    for (const raw of ['1400/12/30', '1402/12/30', '1404/12/30']) {
      expect(() => parseSpreadsheetDate(raw, 'birthday')).toThrow(/not a date in the Persian calendar/);
    }
  });

  it.each(['1370/13/01', '1370/07/31', '1370/00/10', '31 اسفند 1399'])('rejects %s', (raw) =>
    expect(() => parseSpreadsheetDate(raw, 'birthday')).toThrow(
      expect.objectContaining({ code: 'invalid_date' }),
    ),
  );

  it('agrees with the Persian calendar of Intl on every day of 1360–1410', () => {
    const persian = new Intl.DateTimeFormat('en-US-u-ca-persian-nu-latn', {
      timeZone: 'UTC',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
    });
    const start = Date.UTC(1981, 2, 21);
    const end = Date.UTC(2032, 2, 20);
    let checked = 0;
    for (let t = start; t < end; t += 86_400_000) {
      const parts = Object.fromEntries(persian.formatToParts(new Date(t)).map((p) => [p.type, p.value]));
      const iso = new Date(t).toISOString().slice(0, 10);
      expect(parseSpreadsheetDate(`${parts.year}/${parts.month}/${parts.day}`, 'birthday')).toBe(iso);
      checked++;
    }
    expect(checked).toBeGreaterThan(18_000);
  });

  it('leaves Gregorian years alone, including 29 February', () => {
    expect(isJalaliYear(1990)).toBe(false);
    expect(isJalaliYear(1370)).toBe(true);
    expect(parseSpreadsheetDate('29/02/2024', 'birthday')).toBe('2024-02-29');
    expect(parseSpreadsheetDate('۱۷/۰۵/۱۹۹۰', 'birthday')).toBe('1990-05-17');
  });
});
