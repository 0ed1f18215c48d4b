// The member portal: /portal/<club> — sign in with a one-time code, then the club card.
import { useCallback, useEffect, useState } from 'react';
import { ApiError, api, setCsrfToken } from '../shared/api.ts';
import { LanguageSwitch } from '../shared/components/LanguageSwitch.tsx';
import { ErrorState, Loading } from '../shared/components/states.tsx';
import { useI18n } from '../shared/i18n/index.tsx';
import { navigate, useLocation } from '../shared/router.ts';
import { ClubCard } from './ClubCard.tsx';
import { ClubChooser } from './ClubChooser.tsx';
import { SignIn } from './SignIn.tsx';
import type { PortalMe } from './types.ts';

type State =
  | { kind: 'loading' }
  | { kind: 'signed-out' }
  | { kind: 'error'; error: unknown }
  | { kind: 'signed-in'; me: PortalMe };

export function PortalApp() {
  const { t } = useI18n();
  const { path } = useLocation();
  const slug = /^\/portal\/([a-z0-9][a-z0-9-]{1,62})/.exec(path)?.[1];
  const [state, setState] = useState<State>({ kind: 'loading' });

  const load = useCallback(async () => {
    try {
      const me = await api.get<PortalMe>('/api/portal/me');
      setCsrfToken(me.csrfToken);
      setState({ kind: 'signed-in', me });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) setState({ kind: 'signed-out' });
      else setState({ kind: 'error', error });
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  // A signed-in member at `/portal` belongs at their club's address (bookmarks, the back button).
  const signedInSlug = state.kind === 'signed-in' ? state.me.program.slug : undefined;
  useEffect(() => {
    if (signedInSlug && !slug) navigate(`/portal/${signedInSlug}`, { replace: true });
  }, [signedInSlug, slug]);

  useEffect(() => {
    document.title = state.kind === 'signed-in' ? state.me.program.name : t('portal.title');
  }, [state, t]);

  let content;
  if (state.kind === 'loading') content = <Loading />;
  else if (state.kind === 'error') content = <ErrorState error={state.error} onRetry={() => void load()} />;
  else if (state.kind === 'signed-in' && (!slug || state.me.program.slug === slug)) {
    content = (
      <ClubCard
        me={state.me}
        onChange={(me) => setState({ kind: 'signed-in', me })}
        onSignedOut={() => setState({ kind: 'signed-out' })}
      />
    );
  } else if (!slug) content = <ClubChooser />;
  else content = <SignIn slug={slug} onSignedIn={() => void load()} />;

  return (
    <div className="portal">
      <header className="portal-head">
        <img src="/icon.svg" alt="" width="32" height="32" />
        <LanguageSwitch />
      </header>
      <main>{content}</main>
    </div>
  );
}
