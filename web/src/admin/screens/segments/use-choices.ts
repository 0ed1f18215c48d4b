// Names the editor offers for ids a rule holds: the program's lists and campaigns (empty without the
// permission), and the tier ladder by name in the user's language (tier conditions hold tier keys).
import { api } from '../../../shared/api.ts';
import { useResource } from '../../../shared/hooks.ts';
import { useI18n } from '../../../shared/i18n/index.tsx';
import { localName } from '../../../shared/labels.ts';
import { useProgram } from '../../session.tsx';
import { useTiers } from '../../tiers.ts';
import type { Choices } from './RuleEditor.tsx';

type Named = { id: string; name: string };

export function useRuleChoices(): Choices & {
  names: Record<string, string>;
  tierNames: Record<string, string>;
} {
  const program = useProgram();
  const { locale } = useI18n();
  const lists = useResource(
    (signal) =>
      program.can('membership:read')
        ? api.get<{ items: Named[] }>(program.api('/lists'), { signal })
        : Promise.resolve({ items: [] }),
    [program.programId],
  );
  const campaigns = useResource(
    (signal) =>
      program.can('messaging:read')
        ? api.get<{ items: Named[] }>(program.api('/campaigns?limit=100'), { signal })
        : Promise.resolve({ items: [] }),
    [program.programId],
  );
  const ladder = useTiers();
  const tiers = (ladder ?? []).map((tier) => ({ key: tier.key, name: localName(tier, locale) }));
  const choices = { lists: lists.data?.items ?? [], campaigns: campaigns.data?.items ?? [], tiers };
  const names = Object.fromEntries([...choices.lists, ...choices.campaigns].map((x) => [x.id, x.name]));
  const tierNames = Object.fromEntries(tiers.map((x) => [x.key, x.name]));
  return { ...choices, names, tierNames };
}
