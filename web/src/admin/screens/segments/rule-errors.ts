// A 400 from the segments API names the node (`details.path`, e.g. `rule.rules[1].value`): which draft node
// and part it is, with a sentence in the screen's language.
import { ApiError } from '../../../shared/api.ts';
import { hasMessage, type I18n } from '../../../shared/i18n/index.tsx';
import type { NodeError } from './RuleEditor.tsx';
import { nodeForPath } from './rule-draft.ts';

export function ruleError(error: unknown, paths: Map<number, string>, t: I18n['t']): NodeError | undefined {
  if (!(error instanceof ApiError) || typeof error.details.path !== 'string') return undefined;
  const at = nodeForPath(paths, error.details.path);
  if (!at) return undefined;
  const key = `segments.error.${error.code}`;
  return { ...at, message: hasMessage(key) ? t(key) : error.message };
}
