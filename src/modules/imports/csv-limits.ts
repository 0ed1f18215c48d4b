// What a member file may hold, checked when it is first looked at (inspection, upload) so that nothing
// downstream — the import record, its list, the rejected-rows sample — grows with a hostile file. And the one
// translation of the CSV parser's errors into our error model: a line number and a 400, never a 500.
import { CsvError } from 'csv-parse';
import { AppError } from '../../platform/http/errors.ts';

/** Columns in the header line (a member file has a few dozen). */
export const MAX_COLUMNS = 500;
/** Characters in one header cell. */
export const MAX_HEADER_CELL_CHARS = 200;
/** Characters in one value; a longer one rejects its row (`value_too_long`). */
export const MAX_CELL_CHARS = 10_000;
/** Characters in one CSV record (the parser's buffer): a longer line stops the file with a clear error. */
export const MAX_RECORD_CHARS = 1_000_000;
/** Characters of a value shown in samples and previews (inspection, the rejected-rows sample). */
export const SAMPLE_CELL_CHARS = 200;

/** The header is within bounds, or a 400 saying which bound it passes. */
export function checkHeader(header: readonly string[]): void {
  if (header.length > MAX_COLUMNS) {
    throw new AppError(
      'too_many_columns',
      400,
      `The header has ${header.length} columns; at most ${MAX_COLUMNS} are read`,
      { columns: header.length, limit: MAX_COLUMNS },
    );
  }
  const long = header.findIndex((h) => h.length > MAX_HEADER_CELL_CHARS);
  if (long >= 0) {
    throw new AppError(
      'header_too_long',
      400,
      `Header column ${long + 1} is ${header[long]!.length} characters long; at most ${MAX_HEADER_CELL_CHARS}`,
      { column: long + 1, limit: MAX_HEADER_CELL_CHARS },
    );
  }
}

/** The first row value past MAX_CELL_CHARS, as the reason its row is rejected. */
export function checkCells(values: readonly string[], header: readonly string[]): void {
  const long = values.findIndex((v) => v.length > MAX_CELL_CHARS);
  if (long >= 0) {
    throw new AppError(
      'value_too_long',
      400,
      `${header[long] ?? `Column ${long + 1}`} is ${values[long]!.length} characters long; at most ${MAX_CELL_CHARS}`,
      { column: long + 1, limit: MAX_CELL_CHARS },
    );
  }
}

/** A value as samples show it: at most SAMPLE_CELL_CHARS characters, a cut marked with "…". */
export function sampleCell(value: string): string {
  return value.length > SAMPLE_CELL_CHARS ? `${value.slice(0, SAMPLE_CELL_CHARS)}…` : value;
}

const PARSE_PROBLEMS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted value is never closed (a " without its closing ")',
  CSV_MAX_RECORD_SIZE: `a line is longer than ${MAX_RECORD_CHARS.toLocaleString('en')} characters`,
  CSV_INVALID_CLOSING_QUOTE: 'a closing quote is followed by more text',
  CSV_RECORD_INCONSISTENT_FIELDS_LENGTH: 'a line has another number of columns than the header',
};

/** The parser's error as a 400 with the line it stopped at; anything else unchanged. */
export function csvReadError(e: unknown): unknown {
  if (!(e instanceof CsvError)) return e;
  const line = (e as CsvError & { lines?: number }).lines;
  const problem = PARSE_PROBLEMS[e.code] ?? e.message;
  return new AppError('invalid_csv', 400, `Line ${line ?? '?'}: ${problem}`, {
    line: line ?? null,
    parserCode: e.code,
  });
}
