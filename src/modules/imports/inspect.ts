// A first look at a CSV before it is uploaded: the admin app sends the file's first bytes and gets back the
// header, a few sample rows and the mapping the importer would use, so people can check and correct it.
import fs from 'node:fs';
import { parse as parseStream } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { unquoteSpreadsheetCell } from '../../platform/csv.ts';
import { AppError } from '../../platform/http/errors.ts';
import { checkHeader, csvReadError, MAX_RECORD_CHARS, sampleCell } from './csv-limits.ts';
import { sniffDelimiter } from './csv-source.ts';
import { checkEncodingName } from './encoding.ts';
import { encodingFromEvidence, evidenceOf, type EncodingEvidence } from './utf8-evidence.ts';
import { IMPORT_FIELDS, suggestColumns } from './mapping.ts';

export const INSPECT_MAX_BYTES = 256 * 1024;
const SAMPLE_ROWS = 5;

export interface CsvInspection {
  /** The encoding the sample was read with: the one asked for, else the detected one. */
  encoding: string;
  /** What 'auto' picks from the evidence. */
  detectedEncoding: string;
  evidence: EncodingEvidence;
  delimiter: string;
  header: string[];
  sample: string[][];
  /** target field → header, as the importer would map the columns by itself. */
  suggested: Record<string, string>;
  ignored: string[];
  /** Every field a column can be mapped to: the member fields and the program's attributes. */
  targets: string[];
}

/** Decodes the start of a file in the chosen encoding, or the one its bytes point to ('auto'). */
function decodePrefix(bytes: Buffer, complete: boolean, choice: string) {
  const evidence = evidenceOf(bytes, complete);
  const detectedEncoding = encodingFromEvidence(evidence);
  const wanted = checkEncodingName(choice);
  const encoding = wanted === 'auto' ? detectedEncoding : wanted;
  const text =
    encoding === 'utf8'
      ? new TextDecoder('utf-8').decode(bytes, { stream: !complete }).replace(/^\ufeff/, '')
      : iconv.decode(bytes, encoding);
  return { text, encoding, detectedEncoding, evidence };
}

export function inspectCsv(
  bytes: Buffer,
  attributeNames: string[],
  complete: boolean,
  encodingChoice = 'auto',
): CsvInspection {
  const { text, encoding, detectedEncoding, evidence } = decodePrefix(bytes, complete, encodingChoice);
  // Without the whole file, the last line may be cut short: leave it out.
  const cut = text.lastIndexOf('\n');
  if (!complete && cut < 0 && text.length > 0) {
    throw new AppError(
      'header_too_long',
      400,
      `The header line is longer than the ${bytes.length.toLocaleString('en')} bytes sent: it is not a member file header`,
      { bytes: bytes.length },
    );
  }
  const whole = complete ? text : text.slice(0, Math.max(0, cut));
  const firstLine = whole.split(/\r?\n/)[0] ?? '';
  if (!firstLine.trim()) throw new AppError('empty_file', 400, 'The file has no header line');
  const delimiter = sniffDelimiter(firstLine);
  let records: string[][];
  try {
    records = parse(whole, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      max_record_size: MAX_RECORD_CHARS,
      to_line: SAMPLE_ROWS + 1,
    }) as string[][];
  } catch (e) {
    throw csvReadError(e);
  }
  const header = (records[0] ?? []).map((h) => h.trim());
  checkHeader(header);
  const mapping = suggestColumns(header);
  const suggested: Record<string, string> = {};
  for (const [target, index] of Object.entries(mapping.columns)) suggested[target] = header[index!]!;
  return {
    encoding,
    detectedEncoding,
    evidence,
    delimiter,
    header,
    sample: records.slice(1, SAMPLE_ROWS + 1).map((r) => r.map(sampleCell)),
    suggested,
    ignored: mapping.ignored,
    targets: [...IMPORT_FIELDS, ...attributeNames.map((a) => `attributes.${a}`)],
  };
}

export interface RejectedRowSample {
  row: number;
  /** "code: message", in English. */
  error: string;
  /** The stable code and its details, for a screen to word in the user's language. */
  code: string;
  details: Record<string, unknown>;
  values: Record<string, string>;
}

function problemCell(
  cell: string | undefined,
  error: string,
): { code: string; details: Record<string, unknown> } {
  try {
    const parsed = JSON.parse(cell ?? '') as { code?: unknown; details?: unknown };
    if (typeof parsed.code === 'string') {
      const details =
        parsed.details && typeof parsed.details === 'object'
          ? (parsed.details as Record<string, unknown>)
          : {};
      return { code: parsed.code, details };
    }
  } catch {
    // An error file from before _details: the code is the reason's first word.
  }
  return { code: /^([a-z][a-z0-9_]*):/.exec(error)?.[1] ?? 'invalid_row', details: {} };
}

/** The first `limit` rejected rows of an import's error file (for the dry-run report on screen). */
export async function sampleRejectedRows(errorsPath: string, limit: number): Promise<RejectedRowSample[]> {
  const parser = fs.createReadStream(errorsPath).pipe(
    parseStream({
      bom: true,
      relax_column_count: true,
      max_record_size: MAX_RECORD_CHARS,
      to_line: limit + 1,
    }),
  );
  const rows: string[][] = [];
  for await (const record of parser as AsyncIterable<string[]>) rows.push(record);
  const [header = [], ...lines] = rows;
  // The file's own columns, then _row, _error and (since phone_dropped) _details.
  const own = header.at(-1) === '_details' ? header.length - 3 : header.length - 2;
  return lines.map((line) => {
    const values: Record<string, string> = {};
    header.slice(0, own).forEach((h, i) => (values[h] = sampleCell(unquoteSpreadsheetCell(line[i] ?? ''))));
    const error = sampleCell(line[own + 1] ?? '');
    return { row: Number(line[own]), error, ...problemCell(line[own + 2], error), values };
  });
}
