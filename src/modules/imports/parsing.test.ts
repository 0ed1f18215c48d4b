import { describe, expect, it } from 'vitest';
import { parseSpreadsheetDate } from './dates.ts';
import { IdentitySet } from './identity-set.ts';
import { mapColumns, parseMapSpec } from './mapping.ts';

describe('spreadsheet dates', () => {
  it.each([
    ['1990-05-17', '1990-05-17'],
    ['17/05/1990', '1990-05-17'],
    ['7/5/1990', '1990-05-07'],
    ['17.05.1990', '1990-05-17'],
    ['17-05-1990', '1990-05-17'],
    ['1990/05/17', '1990-05-17'],
    ['۱۷/۰۵/۱۹۹۰', '1990-05-17'],
    ['29/02/2024', '2024-02-29'],
  ])('%s → %s', (raw, iso) => expect(parseSpreadsheetDate(raw, 'birthday')).toBe(iso));

  it.each(['17/05/90', 'May 17 1990', '1990-5', ''])('rejects %s', (raw) =>
    expect(() => parseSpreadsheetDate(raw, 'birthday')).toThrow(/not a date/),
  );
});

describe('column mapping', () => {
  it('maps English, Hebrew and Persian headers by themselves', () => {
    const { columns, ignored } = mapColumns(['E-Mail', 'טלפון נייד', 'نام خانوادگی', 'שם פרטי', 'הערות']);
    expect(columns).toEqual({ email: 0, phone: 1, last_name: 2, first_name: 3 });
    expect(ignored).toEqual(['הערות']);
  });

  it('prefers field names to aliases and lets an explicit mapping win', () => {
    expect(mapColumns(['id', 'external_id', 'email']).columns).toMatchObject({ external_id: 1, email: 2 });
    const spec = parseMapSpec('email=כתובת,attributes.city=עיר');
    expect(mapColumns(['כתובת', 'עיר', 'email'], spec).columns).toEqual({ email: 0, 'attributes.city': 1 });
  });

  it('drops a full-name column next to first/last name columns', () => {
    expect(mapColumns(['שם', 'שם פרטי', 'שם משפחה', 'טלפון']).columns).toEqual({
      first_name: 1,
      last_name: 2,
      phone: 3,
    });
  });
});

describe('identity set', () => {
  it('remembers the first row of each key across growth', () => {
    const set = new IdentitySet();
    for (let i = 1; i <= 50_000; i++) expect(set.claim(`m:user${i}@example.com`, i)).toBeUndefined();
    expect(set.find('m:user777@example.com')).toBe(777);
    expect(set.claim('m:user50000@example.com', 60_000)).toBe(50_000);
    expect(set.find('m:nobody@example.com')).toBeUndefined();
    expect(set.size).toBe(50_000);
  });
});
