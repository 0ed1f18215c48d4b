import { useState, type FormEvent } from 'react';
import { api } from '../shared/api.ts';
import { TextField, formValues } from '../shared/components/forms.tsx';
import { ErrorState, Loading, Notice, errorMessage } from '../shared/components/states.tsx';
import { latinDigits } from '../shared/format.ts';
import { useResource } from '../shared/hooks.ts';
import { useI18n } from '../shared/i18n/index.tsx';

type Channel = 'email' | 'sms';

export function SignIn(props: { slug: string; onSignedIn(): void }) {
  const { t, locale, number } = useI18n();
  const club = useResource(
    (signal) => api.get<{ name: string }>(`/api/portal/programs/${props.slug}`, { signal }),
    [props.slug],
  );
  const [channel, setChannel] = useState<Channel>('email');
  const [sentTo, setSentTo] = useState<{ contact: Record<string, string>; minutes: number }>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function sendCode(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const v = formValues(event.currentTarget);
    const contact: Record<string, string> =
      channel === 'email' ? { email: v.email ?? '' } : { phone: v.phone ?? '' };
    setBusy(true);
    setError(undefined);
    try {
      const sent = await api.post<{ expiresInSeconds: number }>(`/api/portal/${props.slug}/otp`, {
        ...contact,
        locale,
      });
      setSentTo({ contact, minutes: Math.round(sent.expiresInSeconds / 60) });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function verify(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { code = '' } = formValues(event.currentTarget);
    setBusy(true);
    setError(undefined);
    try {
      await api.post(`/api/portal/${props.slug}/otp/verify`, { ...sentTo!.contact, code: latinDigits(code) });
      props.onSignedIn();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  if (club.error) return <ErrorState error={club.error} />;
  if (!club.data) return <Loading />;
  return (
    <section className="card">
      <h1>{club.data.name}</h1>
      <h2>{t('portal.signIn')}</h2>
      {error !== undefined && <Notice kind="error">{errorMessage(error, t)}</Notice>}
      {!sentTo ? (
        <form onSubmit={sendCode}>
          <p className="muted">{t('portal.signInIntro')}</p>
          <div className="tabs" role="tablist">
            {(['email', 'sms'] as const).map((c) => (
              <button
                key={c}
                type="button"
                role="tab"
                aria-selected={channel === c}
                onClick={() => setChannel(c)}
              >
                {c === 'email' ? t('portal.byEmail') : t('portal.bySms')}
              </button>
            ))}
          </div>
          {channel === 'email' ? (
            <TextField
              key="email"
              label={t('portal.email')}
              name="email"
              type="email"
              autoComplete="email"
              required
              dir="ltr"
            />
          ) : (
            <TextField
              key="phone"
              label={t('portal.phone')}
              name="phone"
              type="tel"
              autoComplete="tel"
              required
              dir="ltr"
            />
          )}
          <button type="submit" className="btn btn-primary wide" disabled={busy}>
            {busy ? t('common.working') : t('portal.sendCode')}
          </button>
        </form>
      ) : (
        <form onSubmit={verify}>
          <Notice>{t('portal.codeSent', { minutes: number(sentTo.minutes) })}</Notice>
          <TextField
            label={t('portal.code')}
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            required
            maxLength={12}
            dir="ltr"
            autoFocus
          />
          <button type="submit" className="btn btn-primary wide" disabled={busy}>
            {busy ? t('common.working') : t('portal.verify')}
          </button>
          <button type="button" className="btn btn-link" onClick={() => setSentTo(undefined)}>
            {t('portal.otherAddress')}
          </button>
        </form>
      )}
    </section>
  );
}
