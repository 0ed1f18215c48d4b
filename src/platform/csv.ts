// Every CSV the product writes goes through here, so a spreadsheet never runs a cell as a formula (OWASP "CSV
// injection"): a text cell that starts with = + - @ tab or CR gets a leading apostrophe, which Excel, LibreOffice
// and Google Sheets show as text and do not display. Numbers stay numbers (-5, +972501234567, 12.50), and the
// JSON APIs keep the raw value. Reading a CSV back (imports) drops that apostrophe again, so an exported file
// imports unchanged.
import { stringify } from 'csv-stringify/sync';

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(\d+([.,]\d+)?|\.\d+)$/;

/** The cell as a spreadsheet should see it: text that would start a formula is quoted with an apostrophe. */
export function spreadsheetCell(value: string): string {
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

/** The value a cell written by `spreadsheetCell` stood for. */
export function unquoteSpreadsheetCell(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) && !PLAIN_NUMBER.test(cell.slice(1))
    ? cell.slice(1)
    : cell;
}

/** CSV lines (RFC 4180, CRLF-free "\n" line ends as csv-stringify writes them) for rows of text cells. */
export function csvLines(rows: readonly (readonly string[])[]): string {
  return stringify(rows.map((row) => row.map(spreadsheetCell)));
}
