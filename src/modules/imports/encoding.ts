// Reading an uploaded CSV as text. Israeli and Iranian spreadsheets arrive as UTF-8 (often with a BOM, as Excel
// writes it) or in the legacy Windows code pages (Hebrew: Windows-1255). One pass over the file computes its
// checksum (so a re-run of the same file is recognisable) and the evidence for its encoding: a file that
// mostly reads as UTF-8 is UTF-8 even with a stray invalid byte, whose row is then rejected, never
// re-read as another code page.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { AppError } from '../../platform/http/errors.ts';
import { encodingFromEvidence, Utf8Evidence, type EncodingEvidence } from './utf8-evidence.ts';

export type EncodingChoice = 'auto' | string;

export interface FileScan {
  /** sha256 of the file's bytes, hex. */
  checksum: string;
  sizeBytes: number;
  /** The encoding the file will be read with: 'utf8' or an iconv-lite name such as 'windows-1255'. */
  encoding: string;
  /** What the bytes say, whatever was chosen. */
  evidence: EncodingEvidence;
  /** The encoding 'auto' picks from the evidence. */
  detected: 'utf8' | 'windows-1255';
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Accepts 'utf8', 'utf-8', 'windows-1255', 'cp1255', 'windows-1256'… (anything iconv-lite knows). */
export function checkEncodingName(name: string): string {
  const lower = name.trim().toLowerCase();
  if (lower === 'auto') return 'auto';
  if (lower === 'utf8' || lower === 'utf-8') return 'utf8';
  if (!iconv.encodingExists(lower)) {
    throw new AppError(
      'unknown_encoding',
      400,
      `Unknown encoding "${name}" (use auto, utf8 or windows-1255)`,
      {
        encoding: name,
      },
    );
  }
  return lower;
}

/** One streaming pass: checksum, size and the UTF-8 evidence. Memory stays at one chunk. */
export async function scanFile(file: string, choice: EncodingChoice = 'auto'): Promise<FileScan> {
  const wanted = checkEncodingName(choice);
  const hash = crypto.createHash('sha256');
  const utf8 = new Utf8Evidence();
  let sizeBytes = 0;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    sizeBytes += chunk.length;
    utf8.push(chunk);
  }
  const evidence = utf8.end();
  const detected = encodingFromEvidence(evidence);
  const encoding = wanted !== 'auto' ? wanted : detected;
  return { checksum: hash.digest('hex'), sizeBytes, encoding, evidence, detected };
}

/** A row read as UTF-8 that holds replacement characters had bytes that are not UTF-8: it is rejected. */
export function checkDecodedRow(values: readonly string[], encoding: string): void {
  if (encoding !== 'utf8') return;
  const at = values.findIndex((v) => v.includes('\ufffd'));
  if (at >= 0) {
    throw new AppError(
      'invalid_encoding',
      400,
      `Column ${at + 1} has bytes that are not UTF-8 (shown as �): fix them in the file, or import it with its encoding named`,
      { column: at + 1 },
    );
  }
}

/** Decodes a byte stream to text in `encoding`, dropping a leading UTF-8 BOM. Counts the bytes consumed. */
export function decodeStream(source: Readable, encoding: string, onBytes?: (n: number) => void): Readable {
  let first = true;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      onBytes?.(chunk.length);
      if (first) {
        first = false;
        if (chunk.subarray(0, 3).equals(UTF8_BOM)) chunk = chunk.subarray(3);
      }
      done(null, chunk);
    },
  });
  const bytes = source.pipe(counter);
  source.on('error', (e) => counter.destroy(e));
  if (encoding === 'utf8') {
    bytes.setEncoding('utf8');
    return bytes;
  }
  const text = bytes.pipe(iconv.decodeStream(encoding) as unknown as Transform);
  bytes.on('error', (e) => text.destroy(e));
  return text;
}
