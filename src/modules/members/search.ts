// Folding for member search. Stored `search_text` and the query go through the same fold, so a search
// matches however the name was typed: with or without Hebrew niqqud or Arabic harakat, Arabic or Persian
// yeh/kaf (keyboards differ), Hebrew final letters, zero-width non-joiners, Latin accents or capitals.

const FOLD_MAP: Record<string, string> = {
  // Arabic code points that Persian keyboards write differently.
  '\u064a': '\u06cc', // ي → ی
  '\u0649': '\u06cc', // ى → ی
  '\u0643': '\u06a9', // ك → ک
  '\u0629': '\u0647', // ة → ه
  // Hebrew final forms, so a prefix typed with the regular letter still matches.
  '\u05da': '\u05db', // ך → כ
  '\u05dd': '\u05de', // ם → מ
  '\u05df': '\u05e0', // ן → נ
  '\u05e3': '\u05e4', // ף → פ
  '\u05e5': '\u05e6', // ץ → צ
};
const FOLD_CHARS = new RegExp(`[${Object.keys(FOLD_MAP).join('')}]`, 'g');
// Zero-width joiners/non-joiners, direction marks, Arabic tatweel.
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2066-\u2069\u061c\u0640\ufeff]/g;

/** Persian (۰–۹) and Arabic-Indic (٠–٩) digits to ASCII. */
export function asciiDigits(text: string): string {
  return text.replace(/[\u06f0-\u06f9\u0660-\u0669]/g, (d) => String((d.charCodeAt(0) & 0xf) % 10));
}

export function foldForSearch(text: string): string {
  return asciiDigits(
    text
      .normalize('NFKD')
      .replace(/\p{Mn}/gu, '')
      .replace(INVISIBLE, '')
      .replace(FOLD_CHARS, (c) => FOLD_MAP[c]!)
      .normalize('NFC')
      .toLowerCase(),
  )
    .replace(/\s+/g, ' ')
    .trim();
}

/** What a member is found by in free-text search (phone has its own digit matching). */
export function memberSearchText(m: {
  first_name: string | null;
  last_name: string | null;
  email: string | null;
}): string {
  return foldForSearch([m.first_name, m.last_name, m.email].filter(Boolean).join(' '));
}

/** Escapes LIKE wildcards so the user's text matches literally. */
export function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export interface SearchPlan {
  /** Every token must occur in search_text. */
  tokens: string[];
  /** Digits to find inside stored E.164 phones (trunk/international prefix zeros removed). */
  phoneDigits?: string;
  /** The raw query, matched exactly against external_id. */
  exact: string;
}

const PHONE_LIKE = /^[+\d\s().\-/]+$/;

/** Turns `?q=` into the conditions the list query runs. Local numbers like 050-123-4567 lose their
 *  leading 0 so they match +972501234567 as a substring. */
export function planSearch(q: string): SearchPlan {
  const exact = q.trim();
  const folded = foldForSearch(q);
  const plan: SearchPlan = { tokens: folded.split(' ').filter(Boolean), exact };
  const ascii = asciiDigits(exact);
  if (PHONE_LIKE.test(ascii)) {
    const digits = ascii.replace(/\D/g, '').replace(/^0+/, '');
    if (digits.length >= 3) plan.phoneDigits = digits;
  }
  return plan;
}
