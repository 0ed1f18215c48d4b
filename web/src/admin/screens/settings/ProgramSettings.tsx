import { useState, type FormEvent } from 'react';
import { api } from '../../../shared/api.ts';
import { SelectField, TextField, formValues } from '../../../shared/components/forms.tsx';
import { LANGUAGE_NAMES } from '../../../shared/components/LanguageSwitch.tsx';
import { PageHead } from '../../../shared/components/PageHead.tsx';
import { ErrorState, Loading, Notice, errorMessage } from '../../../shared/components/states.tsx';
import { LOCALES } from '../../../shared/format.ts';
import { useResource } from '../../../shared/hooks.ts';
import { useI18n } from '../../../shared/i18n/index.tsx';
import { useProgram, useSession } from '../../session.tsx';

export interface ProgramDetails {
  id: string;
  slug: string;
  name: string;
  defaultLocale: string;
  defaultRegion: string;
  currency: string;
  timeZone: string;
  createdAt: string;
}

export function ProgramSettings() {
  const { t, date } = useI18n();
  const program = useProgram();
  const { refresh } = useSession();
  const details = useResource(
    (signal) => api.get<ProgramDetails>(program.api(''), { signal }),
    [program.programId],
  );
  const [result, setResult] = useState<{ ok: boolean; error?: unknown }>();
  const readOnly = !program.can('program:write');

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const v = formValues(event.currentTarget);
    try {
      await api.patch(program.api(''), {
        name: v.name,
        defaultLocale: v.defaultLocale,
        defaultRegion: v.defaultRegion,
        currency: v.currency,
        timeZone: v.timeZone,
      });
      setResult({ ok: true });
      details.reload();
      await refresh();
    } catch (error) {
      setResult({ ok: false, error });
    }
  }

  if (details.error) return <ErrorState error={details.error} onRetry={details.reload} />;
  if (!details.data) return <Loading />;
  const p = details.data;
  return (
    <>
      <PageHead title={t('nav.program')} />
      {result?.ok && <Notice kind="success">{t('common.saved')}</Notice>}
      {result?.error !== undefined && <Notice kind="error">{errorMessage(result.error, t)}</Notice>}
      <form className="card" onSubmit={save} key={p.name + p.currency + p.timeZone}>
        <fieldset disabled={readOnly} style={{ border: 'none', padding: 0, margin: 0 }}>
          <div className="form-grid">
            <TextField label={t('program.name')} name="name" defaultValue={p.name} required maxLength={200} />
            <TextField
              label={t('program.slug')}
              name="slug"
              defaultValue={p.slug}
              readOnly
              dir="ltr"
              hint={t('program.portalAt', { path: `/portal/${p.slug}` })}
            />
            <SelectField
              label={t('program.defaultLocale')}
              name="defaultLocale"
              defaultValue={p.defaultLocale}
              options={LOCALES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))}
            />
            <TextField
              label={t('program.region')}
              name="defaultRegion"
              defaultValue={p.defaultRegion}
              pattern="[A-Z]{2}"
              hint={t('program.regionHint')}
              dir="ltr"
            />
            <TextField
              label={t('program.currency')}
              name="currency"
              defaultValue={p.currency}
              pattern="[A-Z]{3}"
              dir="ltr"
            />
            <TextField
              label={t('program.timeZone')}
              name="timeZone"
              defaultValue={p.timeZone}
              dir="ltr"
              list="time-zones"
            />
          </div>
          <datalist id="time-zones">
            {Intl.supportedValuesOf('timeZone').map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
          <p className="muted">{t('program.createdAt', { date: date(p.createdAt) })}</p>
          {!readOnly && (
            <button type="submit" className="btn btn-primary">
              {t('common.save')}
            </button>
          )}
        </fieldset>
      </form>
    </>
  );
}
