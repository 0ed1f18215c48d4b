// Language, direction, calendar and digit preferences for a web app, kept in localStorage, with the
// translation function. Every key exists in every language (checked by the type system and a unit test).
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import {
  CALENDARS,
  DIGITS,
  LOCALES,
  defaultPrefs,
  directionOf,
  formatDate,
  formatMoney,
  formatNumber,
  isolate,
  localeTag,
  type DateStyle,
  type FormatPrefs,
  type Locale,
} from '../format.ts';
import IntlMessageFormat from 'intl-messageformat';
import { catalogues, type MessageKey } from './catalogues.ts';

export type { MessageKey };
/** Message arguments: numbers stay numbers so ICU plural rules (`{count, plural, one {…} other {…}}`) apply. */
export type Vars = Record<string, string | number>;

// Messages are ICU MessageFormat (intl-messageformat, ADR 0006): plural rules per language (Hebrew one/two/
// other, Persian one/other), numbers in the user's digits. Parsed once per language, digits and key.
const compiled = new Map<string, IntlMessageFormat>();

/**
 * Keys asked for that the catalogue of the language lacks (computed keys such as `ledger.${kind}`), in the
 * order first met. A browser test walks every screen and fails when this is not empty.
 */
export const missingMessages: string[] = [];
declare global {
  interface Window {
    __moadonMissingMessages?: string[];
  }
}
if (typeof window !== 'undefined') window.__moadonMissingMessages = missingMessages;

/** Records something shown untranslated (a key, an error code), once. */
export function reportMissing(what: string): void {
  if (!missingMessages.includes(what)) missingMessages.push(what);
}

export function hasMessage(key: string): key is MessageKey {
  return key in catalogues.en;
}

export function translate(
  locale: Locale,
  key: MessageKey,
  vars: Vars = {},
  prefs: FormatPrefs = defaultPrefs(locale),
): string {
  const own = (catalogues[locale] as Partial<Record<string, string>>)[key];
  if (own === undefined) reportMissing(`${locale}:${key}`);
  const template = own ?? (catalogues.en as Partial<Record<string, string>>)[key];
  if (template === undefined) return key;
  const tag = localeTag(prefs, false);
  const cacheKey = `${tag}\u0000${key}`;
  let format = compiled.get(cacheKey);
  if (!format) {
    format = new IntlMessageFormat(template, tag, undefined, { ignoreTag: true });
    compiled.set(cacheKey, format);
  }
  try {
    return String(format.format(plainArgumentsFormatted(format, vars, tag, directionOf(locale) === 'rtl')));
  } catch {
    // An argument the caller did not give: show the text without it rather than break the screen, and report.
    reportMissing(`${locale}:${key}:arguments`);
    return template;
  }
}

// ICU prints a plain `{page}` argument with String(): Latin digits in Persian. Numbers given to plain arguments
// are formatted in the user's digits here; plural and number arguments get them raw and format them.
// In a right-to-left language every plain text argument is also isolated (format.ts `isolate`): a value is
// data ("-50", "Café Yafo", an order number) whose direction is its own, so it can neither pull the sentence's
// neutral characters — a minus sign, the quotation marks around a name — to its side nor be reordered by them.
// Numbers need no isolate: Intl marks a negative number's direction itself (an LRM before the minus).
const plainArguments = new WeakMap<IntlMessageFormat, Set<string>>();
function plainArgumentNames(format: IntlMessageFormat): Set<string> {
  let plain = plainArguments.get(format);
  if (!plain) {
    const names = new Set<string>();
    const walk = (nodes: unknown[]) => {
      for (const node of nodes as {
        type: number;
        value?: string;
        options?: Record<string, { value: unknown[] }>;
      }[]) {
        if (node.type === 1 && node.value) names.add(node.value);
        for (const option of Object.values(node.options ?? {})) walk(option.value);
      }
    };
    walk(format.getAst());
    plainArguments.set(format, names);
    plain = names;
  }
  return plain;
}

function plainArgumentsFormatted(format: IntlMessageFormat, vars: Vars, tag: string, rtl: boolean): Vars {
  const plainNames = plainArgumentNames(format);
  const changed = Object.keys(vars).filter(
    (name) => plainNames.has(name) && (typeof vars[name] === 'number' || (rtl && vars[name] !== '')),
  );
  if (!changed.length) return vars;
  // No grouping: as String() did (a year or an id stays "2026"); only the digits change.
  const numbers = new Intl.NumberFormat(tag, { useGrouping: false });
  const shown = (v: string | number) =>
    typeof v === 'number' ? numbers.format(v) : rtl && v ? isolate(v) : v;
  return Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, plainNames.has(k) ? shown(v) : v]));
}

export interface I18n {
  prefs: FormatPrefs;
  locale: Locale;
  dir: 'rtl' | 'ltr';
  setPrefs(patch: Partial<FormatPrefs>): void;
  t(key: MessageKey, vars?: Vars): string;
  date(value: Date | string | null | undefined, style?: DateStyle): string;
  number(value: number | null | undefined, options?: Intl.NumberFormatOptions): string;
  money(minorUnits: number | null | undefined, currency: string): string;
}

const I18nContext = createContext<I18n | null>(null);

function browserLocale(): Locale {
  const wanted = (navigator.languages ?? [navigator.language]).map((l) => l.slice(0, 2));
  return (wanted.find((l) => (LOCALES as readonly string[]).includes(l)) as Locale | undefined) ?? 'en';
}

function loadPrefs(storageKey: string, fallbackLocale?: Locale): FormatPrefs {
  try {
    const saved = JSON.parse(localStorage.getItem(storageKey) ?? 'null') as Partial<FormatPrefs> | null;
    if (saved && (LOCALES as readonly string[]).includes(saved.locale ?? '')) {
      const base = defaultPrefs(saved.locale as Locale);
      return {
        ...base,
        calendar: CALENDARS.includes(saved.calendar!) ? saved.calendar! : base.calendar,
        digits: DIGITS.includes(saved.digits!) ? saved.digits! : base.digits,
      };
    }
  } catch {
    // unreadable preferences fall back to the defaults
  }
  return defaultPrefs(fallbackLocale ?? browserLocale());
}

export function I18nProvider(props: { storageKey: string; initialLocale?: Locale; children: ReactNode }) {
  const { storageKey } = props;
  const [prefs, setPrefsState] = useState<FormatPrefs>(() => loadPrefs(storageKey, props.initialLocale));
  const setPrefs = useCallback(
    (patch: Partial<FormatPrefs>) =>
      setPrefsState((current) => {
        // A new language brings its own default calendar unless one is chosen in the same change.
        const base = patch.locale && patch.locale !== current.locale ? defaultPrefs(patch.locale) : current;
        const next = { ...base, ...patch };
        localStorage.setItem(storageKey, JSON.stringify(next));
        return next;
      }),
    [storageKey],
  );
  const dir = directionOf(prefs.locale);
  useEffect(() => {
    document.documentElement.lang = prefs.locale;
    document.documentElement.dir = dir;
  }, [prefs.locale, dir]);
  const value = useMemo<I18n>(
    () => ({
      prefs,
      locale: prefs.locale,
      dir,
      setPrefs,
      t: (key, vars) => translate(prefs.locale, key, vars, prefs),
      date: (v, style) => formatDate(v, prefs, style),
      number: (v, options) => formatNumber(v, prefs, options),
      money: (v, currency) => formatMoney(v, currency, prefs),
    }),
    [prefs, dir, setPrefs],
  );
  return <I18nContext.Provider value={value}>{props.children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
