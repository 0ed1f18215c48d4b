// Spreadsheet text as typed in Hebrew and Persian: Persian (۰–۹) and Arabic-Indic (٠–٩) digits, invisible
// direction marks that Excel and phones insert around numbers, and Arabic letter forms of Persian letters.

const DIRECTION_MARKS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]/g;

/** Persian and Arabic-Indic digits as ASCII digits. */
export function asciiDigits(text: string): string {
  return text.replace(/[\u06f0-\u06f9\u0660-\u0669]/g, (d) => String((d.charCodeAt(0) & 0xf) % 10));
}

/** Trimmed, without direction marks, ASCII digits, Arabic yeh/kaf as their Persian forms. */
export function cleanCell(raw: string): string {
  return asciiDigits(raw.replace(DIRECTION_MARKS, ''))
    .replace(/[\u064a\u0649]/g, '\u06cc')
    .replace(/\u0643/g, '\u06a9')
    .trim();
}

const YES = new Set([
  ...['1', 'y', 'yes', 'true', 't', 'v', '✓', '✔', 'x', 'on', 'granted', 'opt-in', 'opted in', 'subscribed'],
  ...['כן', 'מאשר', 'מאשרת', 'מסכים', 'מסכימה', 'אישר', 'אישרה'],
  ...['بله', 'بلی', 'آری', 'اره', 'آره', 'موافقم', 'موافق', 'دارد'],
]);
const NO = new Set([
  ...['0', 'n', 'no', 'false', 'f', 'off', '-', '✗', 'withdrawn', 'opt-out', 'opted out', 'unsubscribed'],
  ...['לא', 'לא מאשר', 'לא מאשרת', 'לא מסכים', 'לא מסכימה', 'סירב', 'סירבה'],
  ...['خیر', 'نه', 'نخیر', 'مخالفم', 'مخالف', 'ندارد'],
]);

/** true for yes-like, false for no-like cells (English, Hebrew, Persian); undefined for anything else. */
export function yesOrNo(raw: string): boolean | undefined {
  const v = cleanCell(raw).toLowerCase().replace(/\s+/g, ' ');
  if (YES.has(v)) return true;
  if (NO.has(v)) return false;
  return undefined;
}
