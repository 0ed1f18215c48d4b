import { useState, type FormEvent } from 'react';
import { api } from '../../../shared/api.ts';
import { fieldErrors } from '../../../shared/field-errors.ts';
import { CheckboxField, SelectField, TextField, formValues } from '../../../shared/components/forms.tsx';
import { ErrorState, Loading, Notice, errorMessage } from '../../../shared/components/states.tsx';
import { parseLocaleInteger } from '../../../shared/format.ts';
import { useResource } from '../../../shared/hooks.ts';
import { useI18n } from '../../../shared/i18n/index.tsx';
import { useProgram } from '../../session.tsx';

interface Settings {
  pendingDays: number;
  expiryPolicy: 'none' | 'fixed' | 'inactivity';
  expiryMonths: number;
  expiryWarningDays: number;
  tierMetric: string;
  tierWindowDays: number;
  signupBonusSources: SignupBonusSource[];
}

const SIGNUP_BONUS_SOURCES = ['admin', 'api', 'form', 'ingest', 'import'] as const;
type SignupBonusSource = (typeof SIGNUP_BONUS_SOURCES)[number];

/** Pending period, expiry policy and which ways of joining earn the signup bonus. */
export function LoyaltySettingsForm() {
  const { t } = useI18n();
  const program = useProgram();
  const settings = useResource(
    (signal) => api.get<Settings>(program.api('/loyalty-settings'), { signal }),
    [program.programId],
  );
  const [result, setResult] = useState<{ ok?: boolean; error?: unknown }>();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const v = formValues(event.currentTarget);
    // Digits typed in any script; anything else goes to the API as typed, so its validation message shows.
    const integer = (text: string | undefined) => parseLocaleInteger(text ?? '') ?? text ?? '';
    try {
      await api.patch(program.api('/loyalty-settings'), {
        pendingDays: integer(v.pendingDays),
        expiryPolicy: v.expiryPolicy,
        expiryMonths: integer(v.expiryMonths),
        expiryWarningDays: integer(v.expiryWarningDays),
        signupBonusSources: data.getAll('signupBonusSources'),
      });
      setResult({ ok: true });
      settings.reload();
    } catch (error) {
      setResult({ error });
    }
  }

  if (settings.error) return <ErrorState error={settings.error} onRetry={settings.reload} />;
  if (!settings.data) return <Loading />;
  const s = settings.data;
  const errors = fieldErrors(result?.error, t);
  return (
    <form className="card" onSubmit={submit} noValidate data-testid="expiry-settings">
      {result?.ok && <Notice kind="success">{t('common.saved')}</Notice>}
      {result?.error !== undefined && <Notice kind="error">{errorMessage(result.error, t)}</Notice>}
      <fieldset disabled={!program.can('loyalty:write')} style={{ border: 'none', padding: 0 }}>
        <div className="form-grid">
          <SelectField
            label={t('settings.expiryPolicy')}
            name="expiryPolicy"
            error={errors.expiryPolicy}
            defaultValue={s.expiryPolicy}
            options={(['none', 'fixed', 'inactivity'] as const).map((p) => ({
              value: p,
              label: t(`settings.expiry.${p}`),
            }))}
          />
          <TextField
            label={t('settings.expiryMonths')}
            name="expiryMonths"
            inputMode="numeric"
            error={errors.expiryMonths}
            defaultValue={s.expiryMonths}
          />
          <TextField
            label={t('settings.expiryWarningDays')}
            name="expiryWarningDays"
            inputMode="numeric"
            error={errors.expiryWarningDays}
            defaultValue={s.expiryWarningDays}
          />
          <TextField
            label={t('settings.pendingDays')}
            name="pendingDays"
            inputMode="numeric"
            error={errors.pendingDays}
            defaultValue={s.pendingDays}
            hint={t('settings.pendingHint')}
          />
        </div>
        <fieldset data-testid="signup-bonus-sources">
          <legend>{t('settings.signupBonusSources')}</legend>
          <p className="hint muted">{t('settings.signupBonusHint')}</p>
          {SIGNUP_BONUS_SOURCES.map((source) => (
            <CheckboxField
              key={source}
              label={t(`settings.source.${source}`)}
              name="signupBonusSources"
              value={source}
              defaultChecked={s.signupBonusSources.includes(source)}
            />
          ))}
        </fieldset>
        <button type="submit" className="btn btn-primary">
          {t('common.save')}
        </button>
      </fieldset>
    </form>
  );
}
