import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { FORMULA_PAYLOADS, isLiveFormula } from '../../test/csv-injection.ts';
import { csvLines, spreadsheetCell, unquoteSpreadsheetCell } from './csv.ts';

describe('CSV cells', () => {
  it('neutralises every formula start and keeps numbers and ordinary text as they are', () => {
    for (const payload of FORMULA_PAYLOADS) {
      expect(spreadsheetCell(payload)).toBe(`'${payload}`);
      expect(isLiveFormula(spreadsheetCell(payload))).toBe(false);
      expect(unquoteSpreadsheetCell(spreadsheetCell(payload))).toBe(payload);
    }
    for (const kept of ['-5', '+972501234567', '12.50', '-0.5', 'שלום', "it's", "'quoted", '', 'a=b']) {
      expect(spreadsheetCell(kept)).toBe(kept);
      expect(unquoteSpreadsheetCell(kept)).toBe(kept);
    }
  });

  it('writes whole rows safely, quotes included', () => {
    const text = csvLines([['name', 'note'], FORMULA_PAYLOADS.slice(0, 2)]);
    const [header, row] = parse(text, { relax_column_count: true }) as string[][];
    expect(header).toEqual(['name', 'note']);
    expect(row!.some(isLiveFormula)).toBe(false);
    expect(row!.map(unquoteSpreadsheetCell)).toEqual(FORMULA_PAYLOADS.slice(0, 2));
  });
});
