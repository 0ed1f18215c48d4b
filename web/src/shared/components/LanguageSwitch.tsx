import { LOCALES, type Locale } from '../format.ts';
import { useI18n } from '../i18n/index.tsx';

/** Each language is named in itself, so a reader finds theirs whatever the current language. */
export const LANGUAGE_NAMES: Record<Locale, string> = { he: 'עברית', fa: 'فارسی', en: 'English' };

export function LanguageSwitch() {
  const { locale, setPrefs, t } = useI18n();
  return (
    <div className="lang-switch" role="group" aria-label={t('prefs.language')}>
      {LOCALES.map((l) => (
        <button
          key={l}
          type="button"
          className="btn btn-link"
          lang={l}
          aria-pressed={l === locale}
          onClick={() => setPrefs({ locale: l })}
          style={{ color: 'inherit' }}
        >
          {LANGUAGE_NAMES[l]}
        </button>
      ))}
    </div>
  );
}
