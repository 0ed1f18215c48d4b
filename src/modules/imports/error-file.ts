// The rejected rows of an import, as a CSV the user can open in Excel, fix and import again: the original
// columns, then _row (the row number in the uploaded file) and _error (why it was rejected). Its committed
// length is stored with each batch, so a resumed import cuts off lines of a batch that never committed.
import fs from 'node:fs/promises';
import { csvLines } from '../../platform/csv.ts';

const BOM = '\ufeff';

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
    if (committedBytes === 0) await file.#write(BOM + csvLines([[...header, '_row', '_error']]));
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

  async append(lines: { row: number; values: string[]; reason: string }[]): Promise<void> {
    if (lines.length === 0) return;
    await this.#write(csvLines(lines.map((l) => [...l.values, String(l.row), l.reason])));
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
