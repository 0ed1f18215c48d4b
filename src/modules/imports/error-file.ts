// The rejected rows of an import, as a CSV the user can open in Excel, fix and import again: the original
// columns, then _row (the row number in the uploaded file), _error (why, in English: "code: message") and
// _details (the same as JSON {code, details}, so a screen can word it in the user's language). Its committed
// length is stored with each batch, so a resumed import cuts off lines of a batch that never committed.
import fs from 'node:fs/promises';
import { csvLines } from '../../platform/csv.ts';
import type { RowProblem } from './row.ts';

const BOM = '\ufeff';

function problemOf(reason: string): RowProblem {
  const m = /^([a-z][a-z0-9_]*): (.*)$/s.exec(reason);
  return m
    ? { code: m[1]!, message: m[2]!, details: {} }
    : { code: 'invalid_row', message: reason, details: {} };
}

export class ErrorFile {
  #handle: fs.FileHandle;
  #bytes: number;

  private constructor(handle: fs.FileHandle, bytes: number) {
    this.#handle = handle;
    this.#bytes = bytes;
  }

  /** Opens for appending at `committedBytes` (0 → a new file with the header line). */
  static async open(path: string, header: string[], committedBytes: number): Promise<ErrorFile> {
    const handle = await fs.open(path, committedBytes > 0 ? 'r+' : 'w');
    await handle.truncate(committedBytes);
    const file = new ErrorFile(handle, committedBytes);
    if (committedBytes === 0) await file.#write(BOM + csvLines([[...header, '_row', '_error', '_details']]));
    return file;
  }

  get bytes(): number {
    return this.#bytes;
  }

  async #write(text: string): Promise<void> {
    const data = Buffer.from(text, 'utf8');
    await this.#handle.write(data, 0, data.length, this.#bytes);
    this.#bytes += data.length;
  }

  /** Lines with a problem (code, message, details) or a reason written as "code: message". */
  async append(
    lines: ({ row: number; values: string[] } & ({ problem: RowProblem } | { reason: string }))[],
  ): Promise<void> {
    if (lines.length === 0) return;
    await this.#write(
      csvLines(
        lines.map((line) => {
          const p = 'problem' in line ? line.problem : problemOf(line.reason);
          return [
            ...line.values,
            String(line.row),
            `${p.code}: ${p.message}`,
            JSON.stringify({ code: p.code, details: p.details }),
          ];
        }),
      ),
    );
  }

  /** Drops what was written after `bytes` (a batch that rolled back). */
  async rewind(bytes: number): Promise<void> {
    await this.#handle.truncate(bytes);
    this.#bytes = bytes;
  }

  close(): Promise<void> {
    return this.#handle.close();
  }
}
