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
  type DateStyle,
  type FormatPrefs,
  type Locale,
} from '../format.ts';
import { catalogues, type MessageKey } from './catalogues.ts';

export type { MessageKey };
export type Vars = Record<string, string | number>;

export function translate(locale: Locale, key: MessageKey, vars: Vars = {}): string {
  const template = catalogues[locale][key] ?? catalogues.en[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in vars ? String(vars[name]) : match));
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
      t: (key, vars) => translate(prefs.locale, key, vars),
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
