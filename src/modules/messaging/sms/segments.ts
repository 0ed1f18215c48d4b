// How many SMS a text costs. Pure. GSM 03.38: a text made only of the GSM-7 default alphabet goes in 7-bit
// septets, 160 in one SMS or 153 per part of a concatenated one (the user data header takes 7); characters of
// the extension table (^ { } \ [ ~ ] | € and form feed) are an escape plus a septet, so they count two and the
// pair never straddles two parts. Anything else (Hebrew, Persian, emoji, "ç") makes the whole text UCS-2:
// 70 UTF-16 code units in one SMS or 67 per part; a character outside the BMP (most emoji) is a surrogate pair,
// two units, and is never split across parts.

// The GSM 03.38 default alphabet, in table order (0x1B, the escape, is left out: it is not a character).
const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7_EXTENSION = '\f^{}\\[~]|€';

const basic = new Set([...GSM7_BASIC].filter((c) => c !== '\u001b'));
const extension = new Set(GSM7_EXTENSION);

export type SmsEncoding = 'gsm7' | 'ucs2';

export interface SmsSegmentCount {
  encoding: SmsEncoding;
  /** Septets (GSM-7, extension characters count two) or UTF-16 code units (UCS-2). */
  units: number;
  /** Number of SMS the text is sent as (0 for an empty text). */
  segments: number;
  /** Capacity of each part: 160 / 153 (GSM-7) or 70 / 67 (UCS-2). */
  perSegment: number;
  /** Units still free in the last part before another SMS is needed. */
  remaining: number;
  /** For UCS-2 texts: the distinct characters that are not GSM-7 (what made it UCS-2), in order of appearance. */
  nonGsmCharacters: string[];
}

const LIMITS = {
  gsm7: { single: 160, part: 153 },
  ucs2: { single: 70, part: 67 },
} as const;

/** Septets a character takes in GSM-7, or undefined when it is not in the GSM-7 alphabet. */
function septets(char: string): 1 | 2 | undefined {
  if (basic.has(char)) return 1;
  if (extension.has(char)) return 2;
  return undefined;
}

/** Counts parts greedily: a character (an escape pair, a surrogate pair) that does not fit starts a new part. */
function packParts(weights: readonly number[], part: number): { segments: number; lastUsed: number } {
  let segments = 1;
  let used = 0;
  for (const w of weights) {
    if (used + w > part) {
      segments += 1;
      used = 0;
    }
    used += w;
  }
  return { segments, lastUsed: used };
}

export function countSmsSegments(text: string): SmsSegmentCount {
  const chars = [...text]; // code points: a surrogate pair stays one element
  const gsm = chars.map(septets);
  const isGsm = gsm.every((w) => w !== undefined);
  const encoding: SmsEncoding = isGsm ? 'gsm7' : 'ucs2';
  const weights = isGsm ? (gsm as number[]) : chars.map((c) => c.length);
  const nonGsmCharacters = isGsm ? [] : [...new Set(chars.filter((_, i) => gsm[i] === undefined))];
  const units = weights.reduce((a, b) => a + b, 0);
  const { single, part } = LIMITS[encoding];
  if (units === 0) {
    return { encoding, units, segments: 0, perSegment: single, remaining: single, nonGsmCharacters };
  }
  if (units <= single) {
    return { encoding, units, segments: 1, perSegment: single, remaining: single - units, nonGsmCharacters };
  }
  const { segments, lastUsed } = packParts(weights, part);
  return { encoding, units, segments, perSegment: part, remaining: part - lastUsed, nonGsmCharacters };
}

/** The estimated price of sending a text once, in the program's currency minor units. */
export function estimateSmsCost(text: string, costPerSegmentMinor: number) {
  const count = countSmsSegments(text);
  return { ...count, costMinor: count.segments * costPerSegmentMinor };
}
