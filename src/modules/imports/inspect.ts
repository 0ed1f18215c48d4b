// A first look at a CSV before it is uploaded: the admin app sends the file's first bytes and gets back the
// header, a few sample rows and the mapping the importer would use, so people can check and correct it.
import fs from 'node:fs';
import { parse as parseStream } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { AppError } from '../../platform/http/errors.ts';
import { sniffDelimiter } from './csv-source.ts';
import { IMPORT_FIELDS, suggestColumns } from './mapping.ts';

export const INSPECT_MAX_BYTES = 256 * 1024;
const SAMPLE_ROWS = 5;

export interface CsvInspection {
  encoding: string;
  delimiter: string;
  header: string[];
  sample: string[][];
  /** target field → header, as the importer would map the columns by itself. */
  suggested: Record<string, string>;
  ignored: string[];
  /** Every field a column can be mapped to: the member fields and the program's attributes. */
  targets: string[];
}

/** Decodes the start of a file: UTF-8 if it is valid UTF-8 (a sequence cut at the end is fine), else Windows-1255. */
function decodePrefix(bytes: Buffer): { text: string; encoding: string } {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return { text: text.replace(/^\ufeff/, ''), encoding: 'utf8' };
  } catch {
    return { text: iconv.decode(bytes, 'windows-1255'), encoding: 'windows-1255' };
  }
}

export function inspectCsv(bytes: Buffer, attributeNames: string[], complete: boolean): CsvInspection {
  const { text, encoding } = decodePrefix(bytes);
  // Without the whole file, the last line may be cut short: leave it out.
  const whole = complete ? text : text.slice(0, Math.max(0, text.lastIndexOf('\n')));
  const firstLine = whole.split(/\r?\n/)[0] ?? '';
  if (!firstLine.trim()) throw new AppError('empty_file', 400, 'The file has no header line');
  const delimiter = sniffDelimiter(firstLine);
  const records = parse(whole, {
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    to_line: SAMPLE_ROWS + 1,
  }) as string[][];
  const header = (records[0] ?? []).map((h) => h.trim());
  const mapping = suggestColumns(header);
  const suggested: Record<string, string> = {};
  for (const [target, index] of Object.entries(mapping.columns)) suggested[target] = header[index!]!;
  return {
    encoding,
    delimiter,
    header,
    sample: records.slice(1, SAMPLE_ROWS + 1),
    suggested,
    ignored: mapping.ignored,
    targets: [...IMPORT_FIELDS, ...attributeNames.map((a) => `attributes.${a}`)],
  };
}

export interface RejectedRowSample {
  row: number;
  error: string;
  values: Record<string, string>;
}

/** The first `limit` rejected rows of an import's error file (for the dry-run report on screen). */
export async function sampleRejectedRows(errorsPath: string, limit: number): Promise<RejectedRowSample[]> {
  const parser = fs
    .createReadStream(errorsPath)
    .pipe(parseStream({ bom: true, relax_column_count: true, to_line: limit + 1 }));
  const rows: string[][] = [];
  for await (const record of parser as AsyncIterable<string[]>) rows.push(record);
  const [header = [], ...lines] = rows;
  return lines.map((line) => {
    const values: Record<string, string> = {};
    header.slice(0, -2).forEach((h, i) => (values[h] = line[i] ?? ''));
    return { row: Number(line[header.length - 2]), error: line[header.length - 1] ?? '', values };
  });
}
