// Names the editor offers for ids a rule holds: the program's lists and campaigns (empty without the permission).
import { api } from '../../../shared/api.ts';
import { useResource } from '../../../shared/hooks.ts';
import { useProgram } from '../../session.tsx';
import type { Choices } from './RuleEditor.tsx';

type Named = { id: string; name: string };

export function useRuleChoices(): Choices & { names: Record<string, string> } {
  const program = useProgram();
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
  const choices = { lists: lists.data?.items ?? [], campaigns: campaigns.data?.items ?? [] };
  const names = Object.fromEntries([...choices.lists, ...choices.campaigns].map((x) => [x.id, x.name]));
  return { ...choices, names };
}
