// The admin app: restores the session, shows sign-in when there is none, and routes inside a program.
import { useCallback, useEffect, useState } from 'react';
import { api, onUnauthenticated, setCsrfToken, ApiError } from '../shared/api.ts';
import { ErrorState, Loading } from '../shared/components/states.tsx';
import { navigate, useLocation } from '../shared/router.ts';
import { CreateProgram } from './screens/CreateProgram.tsx';
import { Login } from './screens/Login.tsx';
import { KeyTill, hasTillKey } from './screens/rewards/KeyTill.tsx';
import { SessionContext, ProgramProvider, type Session } from './session.tsx';
import { Shell } from './Shell.tsx';
import { screenFor } from './routes.tsx';
import { useI18n } from '../shared/i18n/index.tsx';

type State =
  | { kind: 'loading' }
  | { kind: 'signed-out' }
  | { kind: 'error'; error: unknown }
  | { kind: 'signed-in'; session: Session };

export function App() {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const { path } = useLocation();
  const { t } = useI18n();

  const refresh = useCallback(async () => {
    try {
      const session = await api.get<Session>('/api/auth/session');
      setCsrfToken(session.csrfToken);
      setState({ kind: 'signed-in', session });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) setState({ kind: 'signed-out' });
      else setState({ kind: 'error', error });
    }
  }, []);

  useEffect(() => {
    void refresh();
    return onUnauthenticated(() => setState({ kind: 'signed-out' }));
  }, [refresh]);

  const logout = useCallback(async () => {
    await api.post('/api/auth/logout').catch(() => undefined);
    setCsrfToken(undefined);
    setState({ kind: 'signed-out' });
    navigate('/', { replace: true });
  }, []);

  // /pos with a till's API key (kept for this browser session), or signed out: the till signs in with a key.
  if (path === '/pos' && (hasTillKey() || state.kind === 'signed-out')) return <KeyTill />;
  if (state.kind === 'loading') return <Loading />;
  if (state.kind === 'error') return <ErrorState error={state.error} onRetry={() => void refresh()} />;
  if (state.kind === 'signed-out') {
    return (
      <Login
        onSignedIn={(session) => {
          setCsrfToken(session.csrfToken);
          setState({ kind: 'signed-in', session });
        }}
      />
    );
  }

  const { session } = state;
  const sessionApi = { session, refresh, logout };
  const inProgram = programInPath(path);
  const program = session.programs.find((p) => p.id === inProgram?.programId);

  if (!program) {
    const first = session.programs[0];
    if (first) {
      // /pos is the till page's short address (a bookmark on the counter's tablet).
      // A cashier starts at the sale screen, everyone else at the dashboard.
      const landing = path === '/pos' ? 'pos' : first.role === 'cashier' ? 'sale' : 'dashboard';
      queueMicrotask(() => navigate(`/p/${first.id}/${landing}`, { replace: true }));
      return <Loading />;
    }
    return (
      <SessionContext.Provider value={sessionApi}>
        <CreateProgram />
      </SessionContext.Provider>
    );
  }
  const rest = path.slice(`/p/${program.id}`.length) || '/';
  const screen = screenFor(rest);
  return (
    <SessionContext.Provider value={sessionApi}>
      <ProgramProvider key={program.id} program={program}>
        <Shell current={screen?.nav ?? ''}>{screen ? screen.element : <p>{t('error.notFound')}</p>}</Shell>
      </ProgramProvider>
    </SessionContext.Provider>
  );
}

function programInPath(path: string): { programId: string } | null {
  const m = /^\/p\/([^/]+)/.exec(path);
  return m ? { programId: m[1]! } : null;
}
