import { useState, type FormEvent } from 'react';
import { api } from '../../shared/api.ts';
import { TextField, formValues } from '../../shared/components/forms.tsx';
import { LanguageSwitch } from '../../shared/components/LanguageSwitch.tsx';
import { Notice, errorMessage } from '../../shared/components/states.tsx';
import { useI18n } from '../../shared/i18n/index.tsx';
import type { Session } from '../session.tsx';

export function Login(props: { onSignedIn(session: Session): void }) {
  const { t } = useI18n();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { email = '', password = '' } = formValues(event.currentTarget);
    setBusy(true);
    setError(undefined);
    try {
      props.onSignedIn(await api.post<Session>('/api/auth/login', { email, password }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="auth-page">
      <div className="card">
        <div className="btn-row" style={{ justifyContent: 'center', marginBlockEnd: 'var(--space-4)' }}>
          <img src="/icon.svg" alt="" width="40" height="40" />
          <h1 style={{ margin: 0 }}>{t('app.name')}</h1>
        </div>
        <h2>{t('login.title')}</h2>
        {error !== undefined && <Notice kind="error">{errorMessage(error, t)}</Notice>}
        <form onSubmit={submit} noValidate={false}>
          <TextField
            label={t('login.email')}
            name="email"
            type="email"
            autoComplete="username"
            required
            dir="ltr"
          />
          <TextField
            label={t('login.password')}
            name="password"
            type="password"
            autoComplete="current-password"
            required
            dir="ltr"
          />
          <button
            type="submit"
            className="btn btn-primary"
            disabled={busy}
            style={{ inlineSize: '100%', justifyContent: 'center' }}
          >
            {busy ? t('common.working') : t('login.submit')}
          </button>
        </form>
        <hr
          style={{
            border: 'none',
            borderBlockStart: '1px solid var(--c-border)',
            marginBlock: 'var(--space-4)',
          }}
        />
        <LanguageSwitch />
      </div>
    </main>
  );
}
