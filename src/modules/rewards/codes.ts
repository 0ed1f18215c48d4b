// Coupon codes: unguessable (CSPRNG, at least 60 bits), easy to read aloud and type (no 0/O/1/I/L, grouped),
// and forgiving on input (any case, spaces and dashes ignored). Stored normalised; shown grouped.
import crypto from 'node:crypto';

/** 31 symbols: digits 2–9 and A–Z without I, L, O. Nothing a person confuses on a receipt or a screen. */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const MIN_CODE_BITS = 60;
const BITS_PER_SYMBOL = Math.log2(CODE_ALPHABET.length);
export const MAX_PREFIX_LENGTH = 12;
/** Imported codes from other systems: letters and digits only once normalised, within these lengths. */
export const MIN_CODE_LENGTH = 4;
export const MAX_CODE_LENGTH = 64;

export interface CodeShape {
  /** Random symbols (excluding the prefix). Default 15: 3 groups of 5, 74 bits. */
  length?: number;
  groupSize?: number;
  /** Letters and digits, e.g. CAFE; kept as typed (upper-cased). */
  prefix?: string;
}

export function codeBits(length: number): number {
  return length * BITS_PER_SYMBOL;
}

/** Normalises an optional prefix, or throws with a reason code the caller maps to a 400. */
export function normalisePrefix(prefix: string | undefined): string {
  if (!prefix) return '';
  const p = foldCode(prefix);
  if (p.length > MAX_PREFIX_LENGTH || !/^[A-Z0-9]+$/.test(p)) throw new RangeError('invalid_prefix');
  return p;
}

/** A fresh code in display form, e.g. CAFE-7KQ2M-X9HTR-4WB3P. */
export function generateCouponCode(shape: CodeShape = {}): string {
  const length = shape.length ?? 15;
  const groupSize = shape.groupSize ?? 5;
  if (codeBits(length) < MIN_CODE_BITS) throw new RangeError('code_too_short');
  if (groupSize < 1) throw new RangeError('invalid_group_size');
  const prefix = normalisePrefix(shape.prefix);
  // randomInt draws uniformly (rejection sampling) from the CSPRNG: no modulo bias.
  let symbols = '';
  for (let i = 0; i < length; i++) symbols += CODE_ALPHABET[crypto.randomInt(CODE_ALPHABET.length)];
  return [prefix, ...groupSymbols(symbols, groupSize)].filter(Boolean).join('-');
}

function groupSymbols(symbols: string, size: number): string[] {
  const groups: string[] = [];
  for (let i = 0; i < symbols.length; i += size) groups.push(symbols.slice(i, i + size));
  return groups;
}

export type NormalisedCode = { ok: true; code: string } | { ok: false; reason: 'malformed_code' };

/**
 * The key a code is stored and looked up by: upper case, without spaces, dashes, dots or underscores
 * (full-width forms folded by NFKC). Anything else than letters and digits is garbage.
 */
export function normaliseCouponCode(input: string): NormalisedCode {
  const code = foldCode(input);
  if (code.length < MIN_CODE_LENGTH || code.length > MAX_CODE_LENGTH || !/^[A-Z0-9]+$/.test(code)) {
    return { ok: false, reason: 'malformed_code' };
  }
  return { ok: true, code };
}

function foldCode(input: string): string {
  return input
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-_.\u2010-\u2015\u2212]/g, '');
}

/** Display form of a stored key: the prefix (when known) then groups of `groupSize`. */
export function displayCouponCode(code: string, prefix = '', groupSize = 5): string {
  const rest = prefix && code.startsWith(prefix) ? code.slice(prefix.length) : code;
  return [prefix && code.startsWith(prefix) ? prefix : '', ...groupSymbols(rest, groupSize)]
    .filter(Boolean)
    .join('-');
}
