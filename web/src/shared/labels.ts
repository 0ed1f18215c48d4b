// Words for the internal keys the API returns (consent sources, …): `family.value` in the catalogues. A value
// without a word is shown as it is and reported to the i18n layer's missing-message list, so browser tests
// notice a new key before a user meets it.
import type { Locale } from './format.ts';
import { hasMessage, reportMissing, type I18n } from './i18n/index.tsx';

export function labelOf(t: I18n['t'], family: string, value: string): string {
  const key = `${family}.${value}`;
  if (hasMessage(key)) return t(key);
  reportMissing(key);
  return value;
}

/** A name per language, as tiers, earning rules and forms keep them. */
export type Names = Partial<Record<Locale, string>>;

/** The name in the user's language, else the item's own name. */
export function localName(
  item: { name: string; names?: Names | Record<string, string> | undefined },
  locale: Locale,
): string {
  const own = (item.names as Names | undefined)?.[locale]?.trim();
  return own || item.name;
}
