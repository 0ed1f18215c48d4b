// An API error as messages per form field, in the user's language: 'body.expiryMonths' → { expiryMonths },
// 'body.items.1.threshold' → { 'items.1.threshold' }, { field: 'phone' } → { phone }.
import { describeError } from './errors.ts';
import type { I18n } from './i18n/index.tsx';

export function fieldErrors(error: unknown, t: I18n['t']): Record<string, string> {
  return error === undefined ? {} : describeError(error, t).fields;
}
