// Consent checkboxes of a form: channel, purpose, required, and the exact wording in each language (what
// the person reads is what the consent record proves).
import { SelectField } from '../../../shared/components/forms.tsx';
import { Icon } from '../../../shared/components/Icon.tsx';
import type { Locale } from '../../../shared/format.ts';
import { useI18n } from '../../../shared/i18n/index.tsx';
import { consentKey } from './form-draft.ts';
import { LocalizedInputs } from './LocalizedInputs.tsx';
import type { FormConsent } from './types.ts';

export function ConsentEditor(props: {
  locales: Locale[];
  consents: FormConsent[];
  onChange(consents: FormConsent[]): void;
}) {
  const { t } = useI18n();
  const { consents, onChange } = props;
  const set = (i: number, patch: Partial<FormConsent>) =>
    onChange(
      consents.map((c, j) => {
        if (j !== i) return c;
        const next = { ...c, ...patch };
        // The key names the box in submissions (consent.<key>): keep it saying what the box is for.
        const others = consents.filter((_, k) => k !== i);
        return patch.channel || patch.purpose
          ? { ...next, key: consentKey(others, next.channel, next.purpose) }
          : next;
      }),
    );
  return (
    <fieldset>
      <legend>{t('forms.consents')}</legend>
      <p className="hint muted">{t('forms.consentsHint')}</p>
      {consents.map((c, i) => (
        <div key={i} className="consent-item" role="group" aria-label={t('forms.consentN', { n: i + 1 })}>
          <div className="form-grid">
            <SelectField
              label={t('forms.channel')}
              name={`consent-${i}-channel`}
              value={c.channel}
              onChange={(e) => set(i, { channel: e.target.value as FormConsent['channel'] })}
              options={(['email', 'sms', 'phone'] as const).map((v) => ({
                value: v,
                label: t(`forms.channel.${v}`),
              }))}
            />
            <SelectField
              label={t('forms.purpose')}
              name={`consent-${i}-purpose`}
              value={c.purpose}
              onChange={(e) => set(i, { purpose: e.target.value as FormConsent['purpose'] })}
              options={(['marketing', 'service'] as const).map((v) => ({
                value: v,
                label: t(`forms.purpose.${v}`),
              }))}
            />
          </div>
          <LocalizedInputs
            label={t('forms.consentText')}
            name={`consent-${i}-text`}
            multiline
            required
            locales={props.locales}
            value={c.text}
            onChange={(text) => set(i, { text })}
          />
          <div className="btn-row">
            <label className="check">
              <input
                type="checkbox"
                name={`consent-${i}-required`}
                checked={Boolean(c.required)}
                onChange={(e) => set(i, { required: e.target.checked })}
              />
              {t('forms.consentRequired')}
            </label>
            <button
              type="button"
              className="btn btn-danger"
              onClick={() => onChange(consents.filter((_, j) => j !== i))}
            >
              {t('forms.removeConsent')}
            </button>
          </div>
        </div>
      ))}
      <button
        type="button"
        className="btn"
        onClick={() =>
          onChange([
            ...consents,
            {
              key: consentKey(consents, 'email', 'marketing'),
              channel: 'email',
              purpose: 'marketing',
              required: false,
              text: {},
            },
          ])
        }
      >
        <Icon name="plus" /> {t('forms.addConsent')}
      </button>
    </fieldset>
  );
}
