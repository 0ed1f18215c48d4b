// Recognises opt-out replies to SMS: STOP and friends in English, Hebrew ("הסר") and Persian ("لغو").
// Pure. Only the first word counts, so "הסר בבקשה" opts out but "לא הבנתי, מה ההסר?" does not.
const STOP_WORDS = new Set([
  'stop',
  'stopall',
  'unsubscribe',
  'cancel',
  'end',
  'quit',
  'optout',
  'הסר',
  'הסרה',
  'הסירו',
  'תסירו',
  'להסיר',
  'עצור',
  'لغو',
  'توقف',
  'انصراف',
  'حذف',
]);

/** The message reduced to comparable letters: no direction marks, tatweel, diacritics or punctuation. */
export function normaliseSmsText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff\u200c\u200d]/g, ' ')
    .replace(/\u0640|\p{Mn}/gu, '') // tatweel, Arabic harakat, Hebrew niqqud
    .replace(/\u064a/g, '\u06cc') // Arabic yeh → Persian yeh
    .replace(/\u0643/g, '\u06a9') // Arabic kaf → Persian keheh
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, ' ')
    .replace(/-/g, '')
    .trim()
    .replace(/\s+/g, ' ');
}

export function isStopRequest(text: string): boolean {
  const first = normaliseSmsText(text).split(' ')[0] ?? '';
  return STOP_WORDS.has(first);
}
