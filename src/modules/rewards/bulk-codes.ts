// Codes in bulk: a million codes for a coupon batch, drawn fast from the CSPRNG (one randomBytes call per
// chunk, rejection sampling so every symbol is uniform) and long enough that, with every code of the batch
// live, one guess still finds one with a chance of at most 2^-60.
import crypto from 'node:crypto';
import { CODE_ALPHABET, codeBits, displayCouponCode, MIN_CODE_BITS } from './codes.ts';

export const MAX_BATCH_CODES = 1_000_000;
const DEFAULT_LENGTH = 15;
// The largest multiple of the alphabet's size that fits a byte: bytes at or above it are thrown away.
const BYTE_LIMIT = 256 - (256 % CODE_ALPHABET.length);

/** Random symbols for `count` codes: 60 bits per guess plus log2(count), and never shorter than 15. */
export function bulkCodeLength(count: number): number {
  const bits = MIN_CODE_BITS + Math.log2(Math.max(1, count));
  return Math.max(DEFAULT_LENGTH, Math.ceil(bits / codeBits(1)));
}

export interface DrawnCode {
  /** The stored, normalised key (prefix + symbols). */
  code: string;
  /** As printed: the prefix, then groups of five. */
  display: string;
}

/** `count` fresh codes of `length` random symbols after `prefix` (already normalised). */
export function drawCodes(count: number, length: number, prefix: string): DrawnCode[] {
  const codes: DrawnCode[] = [];
  let pool = crypto.randomBytes(Math.ceil(count * length * 1.1) + 64);
  let at = 0;
  for (let i = 0; i < count; i++) {
    let symbols = '';
    while (symbols.length < length) {
      if (at >= pool.length) {
        pool = crypto.randomBytes(length * (count - i) + 64);
        at = 0;
      }
      const byte = pool[at++]!;
      if (byte < BYTE_LIMIT) symbols += CODE_ALPHABET[byte % CODE_ALPHABET.length];
    }
    const code = prefix + symbols;
    codes.push({ code, display: displayCouponCode(code, prefix) });
  }
  return codes;
}
