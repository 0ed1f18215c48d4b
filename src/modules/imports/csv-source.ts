// Streams a CSV file as records, one at a time, with the header row first. Never holds the file in memory.
import fs from 'node:fs';
import { parse } from 'csv-parse';
import { unquoteSpreadsheetCell } from '../../platform/csv.ts';
import { checkHeader, csvReadError, MAX_RECORD_CHARS } from './csv-limits.ts';
import { decodeStream } from './encoding.ts';

export interface CsvRecord {
  /** 1-based data row number (the header is row 0), as people count rows in a spreadsheet minus the header. */
  row: number;
  values: string[];
}

export interface CsvReader {
  header: string[];
  records: AsyncIterable<CsvRecord>;
  /** Bytes of the file read so far (for progress). */
  bytesRead(): number;
  close(): void;
}

/** Guesses the delimiter from the header line: Excel in he/fa locales often writes ';' or tabs. */
export function sniffDelimiter(headerLine: string): string {
  const counts = [',', ';', '\t', '|'].map((d) => [d, headerLine.split(d).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0]![1] > 0 ? counts[0]![0] : ',';
}

async function firstLine(file: string, encoding: string): Promise<string> {
  const stream = decodeStream(fs.createReadStream(file, { highWaterMark: 64 * 1024 }), encoding);
  let text = '';
  for await (const chunk of stream as AsyncIterable<string>) {
    text += chunk;
    if (text.includes('\n') || text.length > 64 * 1024) break;
  }
  stream.destroy();
  return text.split(/\r?\n/)[0] ?? '';
}

export async function openCsv(file: string, encoding: string): Promise<CsvReader> {
  const delimiter = sniffDelimiter(await firstLine(file, encoding));
  let bytes = 0;
  const source = fs.createReadStream(file, { highWaterMark: 256 * 1024 });
  const text = decodeStream(source, encoding, (n) => (bytes += n));
  const parser = text.pipe(
    parse({
      delimiter,
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      trim: false,
      max_record_size: MAX_RECORD_CHARS,
    }),
  );
  text.on('error', (e) => parser.destroy(e));
  const records = (parser as AsyncIterable<string[]>)[Symbol.asyncIterator]();
  // A parse error is the file's fault: a 400 with its line, which fails an import at once (no retries).
  const next = () =>
    records.next().catch((e: unknown) => {
      parser.destroy();
      source.destroy();
      throw csvReadError(e);
    });
  const head = await next();
  const header = head.done ? [] : head.value.map((h) => h.trim());
  try {
    checkHeader(header);
  } catch (e) {
    parser.destroy();
    source.destroy();
    throw e;
  }
  let row = 0;
  return {
    header,
    records: {
      [Symbol.asyncIterator]: () => ({
        next: async () => {
          const record = await next();
          if (record.done) return { done: true, value: undefined };
          return { done: false, value: { row: ++row, values: record.value.map(unquoteSpreadsheetCell) } };
        },
        return: async () => {
          parser.destroy();
          source.destroy();
          return { done: true, value: undefined };
        },
      }),
    },
    bytesRead: () => bytes,
    close: () => {
      parser.destroy();
      source.destroy();
    },
  };
}
