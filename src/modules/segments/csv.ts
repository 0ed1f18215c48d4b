// CSV cells safe to open in a spreadsheet: a cell starting with = + - @ tab or carriage return would be run
// as a formula by Excel, LibreOffice and Google Sheets (CSV injection), so it gets a leading apostrophe, as
// OWASP recommends. E.164 phone numbers ("+972…") are therefore exported as "'+972…".
import { stringify } from 'csv-stringify/sync';

const FORMULA_START = /^[=+\-@\t\r]/;

export function safeCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text =
    value instanceof Date
      ? value.toISOString()
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value);
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export const csvRows = (rows: unknown[][]) => stringify(rows.map((r) => r.map(safeCell)));
