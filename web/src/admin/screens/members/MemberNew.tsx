import { useState, type FormEvent } from 'react';
import { api } from '../../../shared/api.ts';
import { SelectField, TextField, formValues } from '../../../shared/components/forms.tsx';
import { LANGUAGE_NAMES } from '../../../shared/components/LanguageSwitch.tsx';
import { PageHead } from '../../../shared/components/PageHead.tsx';
import { Notice } from '../../../shared/components/states.tsx';
import { describeError } from '../../../shared/errors.ts';
import { LOCALES } from '../../../shared/format.ts';
import { useI18n } from '../../../shared/i18n/index.tsx';
import { navigate } from '../../../shared/router.ts';
import { useProgram } from '../../session.tsx';
import type { Member } from './types.ts';

export function MemberNew() {
  const { t, locale } = useI18n();
  const program = useProgram();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const v = formValues(event.currentTarget);
    setBusy(true);
    setError(undefined);
    try {
      const member = await api.post<Member>(program.api('/members'), {
        ...(v.firstName ? { firstName: v.firstName } : {}),
        ...(v.lastName ? { lastName: v.lastName } : {}),
        ...(v.email ? { email: v.email } : {}),
        ...(v.phone ? { phone: v.phone } : {}),
        ...(v.externalId ? { externalId: v.externalId } : {}),
        ...(v.birthday ? { birthday: v.birthday } : {}),
        locale: v.locale,
      });
      navigate(program.link(`/members/${member.id}`));
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  const problem = error === undefined ? undefined : describeError(error, t);
  const fieldError = (name: string) => problem?.fields[name];
  return (
    <>
      <PageHead title={t('members.new')} />
      {problem && (
        <Notice kind="error">
          {problem.message}{' '}
          {problem.existingId && (
            <a href={program.link(`/members/${problem.existingId}`)}>{t('error.existingMember')}</a>
          )}
        </Notice>
      )}
      <form className="card" onSubmit={submit}>
        <p className="muted">{t('members.identityHint')}</p>
        <div className="form-grid">
          <TextField
            label={t('members.firstName')}
            name="firstName"
            error={fieldError('firstName')}
            maxLength={100}
            autoComplete="off"
          />
          <TextField
            label={t('members.lastName')}
            name="lastName"
            error={fieldError('lastName')}
            maxLength={100}
            autoComplete="off"
          />
          <TextField
            label={t('members.email')}
            name="email"
            error={fieldError('email')}
            type="email"
            maxLength={254}
            dir="ltr"
          />
          <TextField
            label={t('members.phone')}
            name="phone"
            error={fieldError('phone')}
            type="tel"
            maxLength={40}
            dir="ltr"
          />
          <TextField
            label={t('members.externalId')}
            name="externalId"
            error={fieldError('externalId')}
            maxLength={200}
            dir="ltr"
          />
          <TextField
            label={t('members.birthday')}
            name="birthday"
            error={fieldError('birthday')}
            type="date"
          />
          <SelectField
            label={t('members.language')}
            name="locale"
            defaultValue={locale}
            options={LOCALES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))}
          />
        </div>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t('common.working') : t('members.create')}
        </button>
      </form>
    </>
  );
}
