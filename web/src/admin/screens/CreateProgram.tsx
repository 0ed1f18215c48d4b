import { useState, type FormEvent } from 'react';
import { api } from '../../shared/api.ts';
import { TextField, formValues } from '../../shared/components/forms.tsx';
import { Notice, errorMessage } from '../../shared/components/states.tsx';
import { useI18n } from '../../shared/i18n/index.tsx';
import { navigate } from '../../shared/router.ts';
import { useSession } from '../session.tsx';

/** Shown to a signed-in user who has no program yet. */
export function CreateProgram() {
  const { t, locale } = useI18n();
  const { refresh, logout } = useSession();
  const [error, setError] = useState<unknown>();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { name = '', slug = '' } = formValues(event.currentTarget);
    try {
      const program = await api.post<{ id: string }>('/api/programs', { name, slug, defaultLocale: locale });
      await refresh();
      navigate(`/p/${program.id}/dashboard`);
    } catch (err) {
      setError(err);
    }
  }

  return (
    <main className="auth-page">
      <div className="card">
        <h1>{t('createProgram.title')}</h1>
        <p className="muted">{t('createProgram.intro')}</p>
        {error !== undefined && <Notice kind="error">{errorMessage(error, t)}</Notice>}
        <form onSubmit={submit}>
          <TextField label={t('program.name')} name="name" required maxLength={200} />
          <TextField
            label={t('program.slug')}
            name="slug"
            required
            pattern="[a-z0-9][a-z0-9-]{1,62}"
            hint={t('program.slugHint')}
            dir="ltr"
          />
          <div className="btn-row">
            <button type="submit" className="btn btn-primary">
              {t('createProgram.submit')}
            </button>
            <button type="button" className="btn" onClick={() => void logout()}>
              {t('nav.logout')}
            </button>
          </div>
        </form>
      </div>
    </main>
  );
}
