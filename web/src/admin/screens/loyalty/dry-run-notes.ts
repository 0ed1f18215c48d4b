// Why a rule did not fire in a dry run, in the user's language. The API explains in English
// (loyalty/rules/conditions.ts, evaluate.ts); each of its sentences has a message here, and one it does not
// know yet is shown as it is and reported to the missing-message list (browser tests fail on it).
import { isolate } from '../../../shared/format.ts';
import { reportMissing, type I18n, type MessageKey } from '../../../shared/i18n/index.tsx';

const FIXED: Record<string, MessageKey> = {
  'channel does not match': 'dryRun.note.channel',
  'partner does not match': 'dryRun.note.partner',
  'store does not match': 'dryRun.note.store',
  'tier does not match': 'dryRun.note.tier',
  'day of week does not match': 'dryRun.note.day',
  'before the rule starts': 'dryRun.note.before',
  'after the rule ends': 'dryRun.note.after',
  'order total below minimum': 'dryRun.note.minTotal',
  'not the birthday month': 'dryRun.note.birthday',
  'no eligible spend': 'dryRun.note.noSpend',
};

const CAPS: Record<string, MessageKey> = {
  perMemberPerDay: 'dryRun.note.cap.day',
  perMemberPerMonth: 'dryRun.note.cap.month',
  programBudget: 'dryRun.note.cap.budget',
};

export function dryRunNote(t: I18n['t'], note: string): string {
  const fixed = FIXED[note];
  if (fixed) return t(fixed);
  const cap = /^capped by (\w+)$/.exec(note)?.[1];
  if (cap && CAPS[cap]) return t(CAPS[cap]);
  const winner = /^best of: "(.*)" gives more$/.exec(note)?.[1];
  if (winner !== undefined) return t('dryRun.note.bestOf', { name: isolate(winner) });
  reportMissing(`dryRun.note:${note}`);
  return note;
}
