// Dates as people type them in spreadsheets: 1990-05-17, 17/05/1990 (Israel, Iran, Europe), 17.05.1990,
// 17-05-1990, with Persian or Arabic-Indic digits. Day-first is the rule for slashes: month-first (US) files
// are rare among our users and cannot be told apart reliably. Returns 'YYYY-MM-DD' or throws invalid_date;
// whether the date exists is checked by the members module's calendar check.
import { AppError } from '../../platform/http/errors.ts';

const toAscii = (text: string) =>
  text.replace(/[\u06f0-\u06f9\u0660-\u0669]/g, (d) => String((d.charCodeAt(0) & 0xf) % 10));

const YEAR_FIRST = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]00:00(?::00)?)?$/;
const DAY_FIRST = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:[ T]00:00(?::00)?)?$/;

export function parseSpreadsheetDate(raw: string, field: string): string {
  const text = toAscii(raw.replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]/g, '').trim());
  const m = YEAR_FIRST.exec(text);
  const d = m ? undefined : DAY_FIRST.exec(text);
  const [year, month, day] = m ? [m[1]!, m[2]!, m[3]!] : d ? [d[3]!, d[2]!, d[1]!] : [];
  if (!year || !month || !day) {
    throw new AppError(
      'invalid_date',
      400,
      `${field} "${raw}" is not a date (use YYYY-MM-DD, DD/MM/YYYY or DD.MM.YYYY)`,
      { field },
    );
  }
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}
