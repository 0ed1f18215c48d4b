// The till page signed in with an API key (/pos on a counter's tablet): the key is typed or scanned once and
// kept for this browser session (sessionStorage), GET /api/till says which club and store it acts for, and
// the till form validates and redeems as that store. "Forget this key" ends it; a revoked key ends it too.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { ApiError, api } from '../../../shared/api.ts';
import { ErrorState, Loading, Notice, errorMessage } from '../../../shared/components/states.tsx';
import { navigate } from '../../../shared/router.ts';
import { useI18n } from '../../../shared/i18n/index.tsx';
import { TillForm } from './Till.tsx';

const KEY_STORAGE = 'moadon.till.key';

interface TillInfo {
  programId: string;
  programName: string;
  currency: string;
  storeId: string | null;
  partnerId: string | null;
  actions: string[];
}

/** Is a till key kept in this browser session? */
export const hasTillKey = (): boolean => Boolean(sessionStorage.getItem(KEY_STORAGE));

export function KeyTill() {
  const { t } = useI18n();
  const [key, setKey] = useState<string | null>(() => sessionStorage.getItem(KEY_STORAGE));
  const [info, setInfo] = useState<TillInfo>();
  const [error, setError] = useState<unknown>();
  const [checking, setChecking] = useState(false);

  const forget = useCallback(() => {
    sessionStorage.removeItem(KEY_STORAGE);
    setKey(null);
    setInfo(undefined);
  }, []);

  const load = useCallback(
    async (candidate: string) => {
      setChecking(true);
      setError(undefined);
      try {
        const till = await api.get<TillInfo>('/api/till', { bearer: candidate });
        sessionStorage.setItem(KEY_STORAGE, candidate);
        setKey(candidate);
        setInfo(till);
      } catch (err) {
        // A key that no longer works (revoked, or not a till key) is dropped; a network error keeps it.
        if (err instanceof ApiError && (err.status === 401 || err.status === 403)) forget();
        setError(err);
      } finally {
        setChecking(false);
      }
    },
    [forget],
  );

  useEffect(() => {
    // The key kept from earlier in this session, checked once on opening; later keys arrive through submit().
    const kept = sessionStorage.getItem(KEY_STORAGE);
    if (kept) void load(kept);
  }, [load]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const typed = String(new FormData(event.currentTarget).get('apiKey') ?? '').trim();
    if (typed) void load(typed);
  }

  if (key && info) {
    const subtitle = info.storeId
      ? t('pos.storeOf', { store: info.storeId, club: info.programName })
      : t('pos.anyStore', { club: info.programName });
    return (
      <main id="main" className="till-page">
        <TillForm
          programApi={(path) => `/api/programs/${info.programId}${path}`}
          currency={info.currency}
          bearer={key}
          subtitle={subtitle}
        />
        <button type="button" className="btn till-forget" onClick={forget}>
          {t('pos.forgetKey')}
        </button>
      </main>
    );
  }
  if (key && checking) return <Loading />;
  if (key && error !== undefined) return <ErrorState error={error} onRetry={() => void load(key)} />;

  return (
    <main id="main" className="till-page">
      <div className="till">
        <h1>{t('pos.title')}</h1>
        <form onSubmit={submit} aria-label={t('pos.keyTitle')}>
          <label className="till-field">
            <span>{t('pos.keyLabel')}</span>
            <input
              name="apiKey"
              type="password"
              required
              autoFocus
              autoComplete="off"
              dir="ltr"
              maxLength={200}
            />
          </label>
          <p className="hint">{t('pos.keyHint')}</p>
          {error !== undefined && <Notice kind="error">{errorMessage(error, t)}</Notice>}
          <div className="till-actions">
            <button type="submit" className="btn btn-primary till-button" disabled={checking}>
              {t('pos.keySubmit')}
            </button>
            <button
              type="button"
              className="btn till-button"
              onClick={() => navigate('/', { replace: true })}
            >
              {t('pos.staffSignIn')}
            </button>
          </div>
        </form>
      </div>
    </main>
  );
}
