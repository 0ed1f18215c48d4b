// Change a member's profile: only the fields changed are sent (an emptied field is cleared); the API's errors
// appear on the field they name, and a duplicate e-mail or id links to the member who has it. The change is
// audited by the server (member.updated, before and after).
import { useState, type FormEvent } from 'react';
import { ApiError, api, newIdempotencyKey } from '../../../shared/api.ts';
import { formValues } from '../../../shared/components/forms.tsx';
import { Icon, Link } from '../../../shared/components/Icon.tsx';
import { PageHead } from '../../../shared/components/PageHead.tsx';
import { ErrorState, Loading, Notice } from '../../../shared/components/states.tsx';
import { describeError } from '../../../shared/errors.ts';
import { useResource } from '../../../shared/hooks.ts';
import { useI18n } from '../../../shared/i18n/index.tsx';
import { navigate } from '../../../shared/router.ts';
import { useProgram } from '../../session.tsx';
import { MEMBER_FIELDS, MemberFields } from './MemberFields.tsx';
import { displayName, type Member } from './types.ts';

/** The body of the PATCH: fields whose value differs from the member's, emptied ones as null. */
export function memberPatch(member: Member, values: Record<string, string>): Record<string, string | null> {
  const patch: Record<string, string | null> = {};
  for (const field of MEMBER_FIELDS) {
    const next = values[field] ?? null;
    if (next !== (member[field] ?? null)) patch[field] = next;
  }
  return patch;
}

export function MemberEdit(props: { memberId: string }) {
  const { t } = useI18n();
  const program = useProgram();
  const url = program.api(`/members/${props.memberId}`);
  const member = useResource((signal) => api.get<Member>(url, { signal }), [url]);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [key, setKey] = useState(newIdempotencyKey);
  const profile = program.link(`/members/${props.memberId}`);

  if (member.error) return <ErrorState error={member.error} onRetry={member.reload} />;
  if (!member.data) return <Loading />;
  const m = member.data;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const patch = memberPatch(m, formValues(event.currentTarget));
    if (Object.keys(patch).length === 0) {
      navigate(profile);
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await api.patch<Member>(url, patch, { idempotencyKey: key });
      navigate(profile);
    } catch (err) {
      if (err instanceof ApiError && err.status >= 400 && err.status < 500) setKey(newIdempotencyKey());
      setError(err);
      setBusy(false);
    }
  }

  const problem = error === undefined ? undefined : describeError(error, t);
  return (
    <>
      <p>
        <Link to={profile}>
          <Icon name="arrow-back" /> {displayName(m)}
        </Link>
      </p>
      <PageHead title={t('memberEdit.title', { name: displayName(m) })} />
      {problem && (
        <Notice kind="error">
          {problem.message}{' '}
          {problem.existingId && problem.existingId !== m.id && (
            <a href={program.link(`/members/${problem.existingId}`)}>{t('error.existingMember')}</a>
          )}
        </Notice>
      )}
      <form className="card" onSubmit={submit} noValidate>
        <p className="muted">{t('members.identityHint')}</p>
        <MemberFields member={m} errors={problem?.fields ?? {}} />
        <div className="btn-row">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? t('common.working') : t('memberEdit.save')}
          </button>
          <Link to={profile} className="btn">
            {t('common.cancel')}
          </Link>
        </div>
      </form>
    </>
  );
}
