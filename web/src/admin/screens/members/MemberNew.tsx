import { useState, type FormEvent } from 'react';
import { ApiError, api, newIdempotencyKey } from '../../../shared/api.ts';
import { formValues } from '../../../shared/components/forms.tsx';
import { PageHead } from '../../../shared/components/PageHead.tsx';
import { Notice } from '../../../shared/components/states.tsx';
import { describeError } from '../../../shared/errors.ts';
import { useI18n } from '../../../shared/i18n/index.tsx';
import { navigate } from '../../../shared/router.ts';
import { useProgram } from '../../session.tsx';
import { MemberFields } from './MemberFields.tsx';
import type { Member } from './types.ts';

export function MemberNew() {
  const { t } = useI18n();
  const program = useProgram();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  // One key per attempt: a double submit or a retry after a lost answer creates one member; an answer that
  // refused the form (4xx, stored under its key) needs a new key for the corrected form.
  const [key, setKey] = useState(newIdempotencyKey);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const v = formValues(event.currentTarget);
    setBusy(true);
    setError(undefined);
    try {
      const member = await api.post<Member>(
        program.api('/members'),
        {
          ...(v.firstName ? { firstName: v.firstName } : {}),
          ...(v.lastName ? { lastName: v.lastName } : {}),
          ...(v.email ? { email: v.email } : {}),
          ...(v.phone ? { phone: v.phone } : {}),
          ...(v.externalId ? { externalId: v.externalId } : {}),
          ...(v.birthday ? { birthday: v.birthday } : {}),
          locale: v.locale,
        },
        { idempotencyKey: key },
      );
      navigate(program.link(`/members/${member.id}`));
    } catch (err) {
      if (err instanceof ApiError && err.status >= 400 && err.status < 500) setKey(newIdempotencyKey());
      setError(err);
      setBusy(false);
    }
  }

  const problem = error === undefined ? undefined : describeError(error, t);
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
        <MemberFields errors={problem?.fields ?? {}} />
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t('common.working') : t('members.create')}
        </button>
      </form>
    </>
  );
}
