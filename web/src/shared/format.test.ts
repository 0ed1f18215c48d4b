import { describe, expect, it } from 'vitest';
import {
  defaultPrefs,
  formatDate,
  formatMoney,
  formatNumber,
  hebrewNumeral,
  parseLocaleInteger,
  type FormatPrefs,
} from './format.ts';

const prefs = (patch: Partial<FormatPrefs>): FormatPrefs => ({
  ...defaultPrefs(patch.locale ?? 'en'),
  timeZone: 'Asia/Jerusalem',
  ...patch,
});
const instant = new Date('2026-11-25T12:00:00Z');

describe('Hebrew numerals', () => {
  it.each([
    [1, 'א׳'],
    [15, 'ט״ו'],
    [16, 'ט״ז'],
    [30, 'ל׳'],
    [5787, 'תשפ״ז'],
    [5785, 'תשפ״ה'],
    [5800, 'ת״ת'],
    [5760, 'תש״ס'],
  ])('%i → %s', (n, text) => expect(hebrewNumeral(n)).toBe(text));
});

describe('dates by calendar', () => {
  it('Gregorian in English and Hebrew', () => {
    expect(formatDate(instant, prefs({ locale: 'en', calendar: 'gregory' }))).toBe('25 November 2026');
    expect(formatDate(instant, prefs({ locale: 'he', calendar: 'gregory' }))).toBe('25 בנובמבר 2026');
  });

  it('Hebrew calendar in Hebrew uses Hebrew numerals; in English it uses digits', () => {
    expect(formatDate(instant, prefs({ locale: 'he', calendar: 'hebrew' }))).toBe('ט״ו בכסלו תשפ״ז');
    expect(formatDate(instant, prefs({ locale: 'en', calendar: 'hebrew' }))).toBe('15 Kislev 5787');
  });

  it('Persian (Jalali) calendar with Persian digits by default, Latin digits by preference', () => {
    expect(formatDate(instant, prefs({ locale: 'fa' }))).toBe('۴ آذر ۱۴۰۵');
    expect(formatDate(instant, prefs({ locale: 'fa', digits: 'latin' }))).toBe('4 آذر 1405');
    expect(formatDate(instant, prefs({ locale: 'en', calendar: 'persian' }))).toMatch(/4 Azar 1405/);
  });

  it('shows date-only values as that calendar day in every time zone', () => {
    for (const timeZone of ['Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Asia/Tehran']) {
      expect(formatDate('2028-02-29', { ...defaultPrefs('en'), timeZone })).toBe('29 February 2028');
    }
  });

  it('shows instants in the chosen time zone, across a DST change', () => {
    const beforeChange = new Date('2026-10-24T22:30:00Z');
    const afterChange = new Date('2026-10-25T22:30:00Z');
    expect(formatDate(beforeChange, prefs({ locale: 'en' }), 'time')).toBe('01:30');
    expect(formatDate(afterChange, prefs({ locale: 'en' }), 'time')).toBe('00:30');
  });

  it('is empty for missing or invalid values', () => {
    expect(formatDate(null, prefs({}))).toBe('');
    expect(formatDate('not a date', prefs({}))).toBe('');
  });
});

describe('numbers and money', () => {
  it('uses the language digits unless Latin digits are preferred', () => {
    expect(formatNumber(1234567, prefs({ locale: 'fa' }))).toBe('۱٬۲۳۴٬۵۶۷');
    expect(formatNumber(1234567, prefs({ locale: 'fa', digits: 'latin' }))).toBe('1,234,567');
    expect(formatNumber(1234567, prefs({ locale: 'he' }))).toBe('1,234,567');
  });

  it('formats minor units with the currency decimals', () => {
    expect(formatMoney(12_345, 'ILS', prefs({ locale: 'en' }))).toBe('₪123.45');
    expect(formatMoney(12_345, 'JPY', prefs({ locale: 'en' }))).toBe('JP¥12,345');
    expect(formatMoney(500, 'ILS', prefs({ locale: 'he' }))).toContain('5.00');
  });

  it('reads integers typed in Persian, Arabic-Indic or Latin digits', () => {
    expect(parseLocaleInteger('۱۲۳')).toBe(123);
    expect(parseLocaleInteger('١٢٣')).toBe(123);
    expect(parseLocaleInteger('-1,250')).toBe(-1250);
    expect(parseLocaleInteger('\u2212۵۰')).toBe(-50);
    expect(parseLocaleInteger('12a')).toBeUndefined();
    expect(parseLocaleInteger('')).toBeUndefined();
  });
});

describe('money typed in currency units', () => {
  it('reads amounts in any digits into minor units, refusing more decimals than the currency has', async () => {
    const { toMinorUnits, fromMinorUnits } = await import('./format.ts');
    expect(toMinorUnits('12.50', 'ILS')).toBe(1250);
    expect(toMinorUnits('۱۲٫۵', 'ILS')).toBe(1250);
    expect(toMinorUnits('1', 'ILS')).toBe(100);
    expect(toMinorUnits('0.29', 'ILS')).toBe(29);
    expect(toMinorUnits('12.505', 'ILS')).toBeUndefined();
    expect(toMinorUnits('5000', 'IRR')).toBe(5000);
    expect(toMinorUnits('abc', 'ILS')).toBeUndefined();
    expect(fromMinorUnits(1250, 'ILS')).toBe('12.5');
  });
});
