import { useState, type FormEvent } from 'react';
import { api } from '../../../shared/api.ts';
import { SelectField, TextField, formValues } from '../../../shared/components/forms.tsx';
import { PageHead } from '../../../shared/components/PageHead.tsx';
import { EmptyState, ErrorState, Loading, Notice, errorMessage } from '../../../shared/components/states.tsx';
import { useResource } from '../../../shared/hooks.ts';
import { useI18n, type MessageKey } from '../../../shared/i18n/index.tsx';
import { ROLES, useProgram } from '../../session.tsx';

interface ProgramUser {
  id: string;
  email: string;
  name: string;
  role: string;
}

export function Users() {
  const { t } = useI18n();
  const program = useProgram();
  const users = useResource(
    (signal) => api.get<{ items: ProgramUser[] }>(program.api('/users'), { signal }),
    [program.programId],
  );
  const [result, setResult] = useState<{ ok?: string; error?: unknown }>();

  async function grant(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const v = formValues(form);
    try {
      const user = await api.put<ProgramUser>(program.api('/users'), {
        email: v.email,
        role: v.role,
        ...(v.name ? { name: v.name } : {}),
        ...(v.password ? { password: v.password } : {}),
      });
      setResult({
        ok: t('users.granted', { email: user.email, role: t(`role.${user.role}` as MessageKey) }),
      });
      form.reset();
      users.reload();
    } catch (error) {
      setResult({ error });
    }
  }

  return (
    <>
      <PageHead title={t('nav.users')} />
      {users.error ? (
        <ErrorState error={users.error} onRetry={users.reload} />
      ) : !users.data ? (
        <Loading />
      ) : users.data.items.length === 0 ? (
        <EmptyState title={t('users.empty')} />
      ) : (
        <div className="card table-wrap">
          <table className="data stack">
            <caption className="sr-only">{t('nav.users')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('users.name')}</th>
                <th scope="col">{t('users.email')}</th>
                <th scope="col">{t('users.role')}</th>
              </tr>
            </thead>
            <tbody>
              {users.data.items.map((u) => (
                <tr key={u.id}>
                  <td data-label={t('users.name')}>{u.name}</td>
                  <td data-label={t('users.email')}>
                    <span className="ltr">{u.email}</span>
                  </td>
                  <td data-label={t('users.role')}>
                    <span className="badge">{t(`role.${u.role}` as MessageKey)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form className="card" onSubmit={grant}>
        <h2>{t('users.grantTitle')}</h2>
        <p className="muted">{t('users.grantIntro')}</p>
        {result?.ok && <Notice kind="success">{result.ok}</Notice>}
        {result?.error !== undefined && <Notice kind="error">{errorMessage(result.error, t)}</Notice>}
        <div className="form-grid">
          <TextField label={t('users.email')} name="email" type="email" required dir="ltr" />
          <SelectField
            label={t('users.role')}
            name="role"
            defaultValue="marketer"
            options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
          />
          <TextField label={t('users.name')} name="name" maxLength={200} />
          <TextField
            label={t('users.initialPassword')}
            name="password"
            type="password"
            minLength={10}
            autoComplete="new-password"
            hint={t('users.passwordHint')}
            dir="ltr"
          />
        </div>
        <button type="submit" className="btn btn-primary">
          {t('users.grant')}
        </button>
      </form>
    </>
  );
}
