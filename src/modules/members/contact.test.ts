import { describe, expect, it } from 'vitest';
import {
  cleanName,
  normaliseEmail,
  normalisePhone,
  normaliseTimeZone,
  parseCalendarDate,
} from './contact.ts';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as { code: string }).code;
  }
  return 'no error';
};

describe('normaliseEmail', () => {
  it('trims and lower-cases, keeping one spelling per person', () => {
    expect(normaliseEmail('  Dana.Cohen@Example.CO.IL ')).toBe('dana.cohen@example.co.il');
    expect(normaliseEmail('\u200fdana+club@gmail.com')).toBe('dana+club@gmail.com');
  });

  it('stores internationalised domains in ASCII form', () => {
    expect(normaliseEmail('shira@דוגמה.ישראל')).toBe('shira@xn--6dbbec0c.xn--4dbrk0ce');
  });

  it.each([
    'plain',
    '@example.com',
    'dana@',
    'dana@localhost',
    'da na@example.com',
    'dana@@example.com',
    'dana..x@example.com',
    'dana@-example.com',
    'dana@example.c0m',
    `${'a'.repeat(65)}@example.com`,
  ])('rejects %s', (raw) => {
    expect(codeOf(() => normaliseEmail(raw))).toBe('invalid_email');
  });
});

describe('normalisePhone', () => {
  it('reads local numbers in the program region', () => {
    expect(normalisePhone('050-123-4567', 'IL')).toBe('+972501234567');
    expect(normalisePhone('(03) 123 4567', 'IL')).toBe('+97231234567');
    expect(normalisePhone('0912 345 6789', 'IR')).toBe('+989123456789');
  });

  it('accepts Persian and Arabic-Indic digits', () => {
    expect(normalisePhone('۰۹۱۲ ۳۴۵ ۶۷۸۹', 'IR')).toBe('+989123456789');
    expect(normalisePhone('٠٥٠١٢٣٤٥٦٧', 'IL')).toBe('+972501234567');
  });

  it('keeps international numbers in their own country', () => {
    expect(normalisePhone('+1 212 555 0123', 'IL')).toBe('+12125550123');
    expect(normalisePhone('+972 50 123 4567', 'IR')).toBe('+972501234567');
    expect(normalisePhone('00972501234567', 'IL')).toBe('+972501234567');
  });

  it.each(['', '12', 'abc', '050-123', '+999 123456', '050 1234567 ext 5', '0501234567890123'])(
    'rejects %j',
    (raw) => {
      expect(codeOf(() => normalisePhone(raw, 'IL'))).toBe('invalid_phone');
    },
  );
});

describe('parseCalendarDate', () => {
  it('knows leap years', () => {
    expect(parseCalendarDate('2024-02-29', 'birthday', '2026-01-01')).toBe('2024-02-29');
    expect(codeOf(() => parseCalendarDate('2023-02-29', 'birthday', '2026-01-01'))).toBe('invalid_date');
    expect(codeOf(() => parseCalendarDate('2023-04-31', 'birthday', '2026-01-01'))).toBe('invalid_date');
  });

  it('rejects other shapes, the far past and the future', () => {
    for (const raw of ['2024-2-9', '29/02/2024', '2024-02-29T00:00:00Z', '1899-12-31', '2026-01-02']) {
      expect(codeOf(() => parseCalendarDate(raw, 'birthday', '2026-01-01'))).toBe('invalid_date');
    }
    expect(parseCalendarDate('2026-01-01', 'birthday', '2026-01-01')).toBe('2026-01-01');
  });
});

describe('normaliseTimeZone', () => {
  it('accepts IANA names and returns the canonical spelling', () => {
    expect(normaliseTimeZone('Asia/Jerusalem')).toBe('Asia/Jerusalem');
    expect(normaliseTimeZone('Asia/Tehran')).toBe('Asia/Tehran');
    expect(normaliseTimeZone('asia/jerusalem')).toBe('Asia/Jerusalem');
    expect(normaliseTimeZone('UTC')).toBe('UTC');
  });

  it.each(['Mars/Olympus', '+02:00', 'GMT+2 ', '', '../etc/passwd'])('rejects %j', (raw) => {
    expect(codeOf(() => normaliseTimeZone(raw))).toBe('invalid_time_zone');
  });
});

describe('cleanName', () => {
  it('removes direction marks, collapses spaces and keeps Hebrew and Persian', () => {
    expect(cleanName('\u202bדנה  כהן\u202c', 'firstName')).toBe('דנה כהן');
    expect(cleanName(' محمد‌رضا ', 'firstName')).toBe('محمد‌رضا');
    expect(cleanName('   ', 'firstName')).toBeNull();
    expect(codeOf(() => cleanName('a\u0000b', 'firstName'))).toBe('invalid_name');
  });
});
