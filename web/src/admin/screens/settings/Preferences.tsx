import { SelectField } from '../../../shared/components/forms.tsx';
import { LANGUAGE_NAMES } from '../../../shared/components/LanguageSwitch.tsx';
import { PageHead } from '../../../shared/components/PageHead.tsx';
import {
  CALENDARS,
  DIGITS,
  LOCALES,
  type Calendar,
  type Digits,
  type Locale,
} from '../../../shared/format.ts';
import { useI18n } from '../../../shared/i18n/index.tsx';

/** Language, calendar and digits for this browser; previewed live. */
export function Preferences() {
  const { t, prefs, setPrefs, date, number } = useI18n();
  const sample = new Date();
  return (
    <>
      <PageHead title={t('nav.preferences')} />
      <div className="card">
        <div className="form-grid">
          <SelectField
            label={t('prefs.language')}
            value={prefs.locale}
            onChange={(e) => setPrefs({ locale: e.target.value as Locale })}
            options={LOCALES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))}
          />
          <SelectField
            label={t('prefs.calendar')}
            value={prefs.calendar}
            onChange={(e) => setPrefs({ calendar: e.target.value as Calendar })}
            options={CALENDARS.map((c) => ({ value: c, label: t(`calendar.${c}`) }))}
          />
          <SelectField
            label={t('prefs.digits')}
            value={prefs.digits}
            onChange={(e) => setPrefs({ digits: e.target.value as Digits })}
            options={DIGITS.map((d) => ({ value: d, label: t(`digits.${d}`) }))}
          />
        </div>
        <h2>{t('prefs.preview')}</h2>
        <dl className="form-grid">
          <div>
            <dt className="muted">{t('prefs.sampleDate')}</dt>
            <dd data-testid="sample-date">{date(sample, 'date')}</dd>
          </div>
          <div>
            <dt className="muted">{t('prefs.sampleDateTime')}</dt>
            <dd>{date(sample, 'dateTime')}</dd>
          </div>
          <div>
            <dt className="muted">{t('prefs.sampleNumber')}</dt>
            <dd data-testid="sample-number">{number(1234567)}</dd>
          </div>
        </dl>
      </div>
    </>
  );
}
