// "Why not sent": the reasons the server records on a campaign message that did not go out (or not yet), and
// the outcomes, in the user's language — one map for the campaign's review step, its sending screen, its
// results and a member's campaign messages. A reason without words is shown as its key and reported to the
// missing-message list (labels.ts), so a browser test notices a new reason before a user meets it.
import type { I18n } from './i18n/index.tsx';
import { labelOf } from './labels.ts';

/** Every reason the campaign send path records today (docs/campaigns.md, "Why not sent"). */
export const WHY_NOT_SENT_REASONS = [
  'no_consent',
  'invalid_address',
  'suppressed',
  'holdout',
  'frequency_cap',
  'quiet_hours',
  'rest_day',
  'member_inactive',
  'cancelled',
  'provider_refusal',
  'provider_unavailable',
  'provider_backoff',
  'render_error',
] as const;

/** The outcomes of a campaign message: `send` in a preview, the others as recorded. */
export const MESSAGE_OUTCOMES = [
  'send',
  'queued',
  'sending',
  'sent',
  'deferred',
  'skipped',
  'suppressed',
  'failed',
] as const;

/** The words for a reason; '—' when there is none. */
export function reasonLabel(t: I18n['t'], reason: string | null | undefined): string {
  return reason ? labelOf(t, 'why.reason', reason) : '—';
}

/** The words for an outcome (a message's status, or `send` in a preview). */
export function outcomeLabel(t: I18n['t'], outcome: string): string {
  return labelOf(t, 'why.outcome', outcome);
}
