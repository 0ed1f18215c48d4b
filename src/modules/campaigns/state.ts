// A campaign's state is derived from its message rows and its few control facts, never stored: a campaign
// with nothing left to send is 'sent', whatever happened to its workers. Pure.
import type { CampaignMessageCount } from '../messaging/index.ts';

export type CampaignState =
  'draft' | 'scheduled' | 'sending' | 'paused' | 'awaiting_winner' | 'sent' | 'cancelled';

export interface Progress {
  audience: number;
  queued: number;
  sending: number;
  /** Reached the provider (later bounced, complained or delivered rows count here too). */
  sent: number;
  deferred: number;
  failed: number;
  suppressed: number;
  skipped: number;
  /** Queued rows waiting for the A/B winner (counted in queued as well). */
  awaitingWinner: number;
}

const SENT_STATUSES = new Set(['sent', 'outbox', 'bounced', 'complained', 'delivered']);

export function progressOf(counts: readonly CampaignMessageCount[]): Progress {
  const p: Progress = {
    audience: 0,
    queued: 0,
    sending: 0,
    sent: 0,
    deferred: 0,
    failed: 0,
    suppressed: 0,
    skipped: 0,
    awaitingWinner: 0,
  };
  for (const c of counts) {
    p.audience += c.count;
    if (SENT_STATUSES.has(c.status)) p.sent += c.count;
    else if (c.status === 'queued') {
      p.queued += c.count;
      if (c.variant === null) p.awaitingWinner += c.count;
    } else if (c.status === 'sending') p.sending += c.count;
    else if (c.status === 'deferred') p.deferred += c.count;
    else if (c.status === 'failed') p.failed += c.count;
    else if (c.status === 'suppressed') p.suppressed += c.count;
    else if (c.status === 'skipped') p.skipped += c.count;
  }
  return p;
}

/** Every row is in exactly one of the buckets. */
export const isBalanced = (p: Progress) =>
  p.audience === p.queued + p.sending + p.sent + p.deferred + p.failed + p.suppressed + p.skipped;

export interface CampaignControl {
  launchedAt: Date | null;
  recordedAt: Date | null;
  pausedAt: Date | null;
  cancelledAt: Date | null;
  winnerVariant: string | null;
}

export function campaignState(control: CampaignControl, progress: Progress): CampaignState {
  const pending = progress.queued + progress.sending + progress.deferred;
  // Rows in flight when it was cancelled or paused finish as they will; nothing new is claimed.
  if (control.cancelledAt) return 'cancelled';
  if (!control.launchedAt) return 'draft';
  if (!control.recordedAt) return control.pausedAt ? 'paused' : 'scheduled';
  if (pending === 0) return 'sent';
  if (control.pausedAt) return 'paused';
  // Only rows waiting for the winner are left (the test share is done).
  if (progress.awaitingWinner === pending && !control.winnerVariant) return 'awaiting_winner';
  return 'sending';
}
