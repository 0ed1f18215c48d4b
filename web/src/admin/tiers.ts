// The current program's tier ladder, loaded once per program and shared by the screens that name tiers
// (member profile, members list, dry run): a tier key is never shown as a word.
import { api } from '../shared/api.ts';
import { useResource } from '../shared/hooks.ts';
import { localName } from '../shared/labels.ts';
import type { Locale } from '../shared/format.ts';
import type { Tier } from '../../../src/contracts/loyalty.ts';
import { useProgram } from './session.tsx';

const cache = new Map<string, Promise<Tier[]>>();

/** Forgets the ladder, after the tier editor saved a new one. */
export function forgetTiers(programId: string): void {
  cache.delete(programId);
}

export function useTiers(): Tier[] | undefined {
  const program = useProgram();
  const tiers = useResource(() => {
    let loading = cache.get(program.programId);
    if (!loading) {
      loading = program.can('loyalty:read')
        ? api.get<{ items: Tier[] }>(program.api('/tiers')).then((r) => r.items)
        : Promise.resolve([]);
      cache.set(program.programId, loading);
      loading.catch(() => cache.delete(program.programId));
    }
    return loading;
  }, [program.programId]);
  return tiers.data;
}

/** The tier's name in the user's language; the key only while the ladder loads or for a removed tier. */
export function tierName(tiers: Tier[] | undefined, key: string | null, locale: Locale): string {
  if (key === null) return '—';
  const tier = tiers?.find((x) => x.key === key);
  return tier ? localName(tier, locale) : key;
}
