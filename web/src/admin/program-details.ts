// The current program's settings screens need beyond its id and name (currency for money, region for
// phones), loaded once per program and shared by every screen that asks.
import { api } from '../shared/api.ts';
import { useResource } from '../shared/hooks.ts';
import { useProgram } from './session.tsx';

export interface ProgramDetails {
  id: string;
  slug: string;
  name: string;
  currency: string;
  defaultRegion: string;
  timeZone: string;
  defaultLocale: string;
}

const cache = new Map<string, Promise<ProgramDetails>>();

export function useProgramDetails(): ProgramDetails | undefined {
  const program = useProgram();
  const details = useResource(() => {
    let loading = cache.get(program.programId);
    if (!loading) {
      loading = api.get<ProgramDetails>(program.api(''));
      cache.set(program.programId, loading);
      loading.catch(() => cache.delete(program.programId));
    }
    return loading;
  }, [program.programId]);
  return details.data;
}
