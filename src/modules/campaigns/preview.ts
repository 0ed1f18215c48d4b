// "Review and send": what launching a draft would do, decided now and changing nothing. Its own audience as the
// launch would record it (the same SQL and the same A/B buckets), each row the launch would queue then asked of
// the contact-pressure policy at the campaign's send time (a time, each member's local time, or now) with the
// campaign's defer-or-drop; counted by outcome and reason so that they add up to the audience, the A/B split,
// and a few recipients of each outcome by name.
import type { Clock } from '../../platform/clock.ts';
import { decideContacts, type ContactDecision } from '../contact-policy/index.ts';
import { membersByIds } from '../members/index.ts';
import { classifyCampaignAudience, type ClassifiedRecipient } from '../messaging/index.ts';
import type { AudienceDeps } from './audience.ts';
import { campaignAudienceInput } from './recipients.ts';
import { campaignRow, notDraft, type CampaignRow } from './service.ts';

export type PreviewOutcome = 'send' | 'deferred' | 'skipped' | 'suppressed';
export const PREVIEW_OUTCOMES: readonly PreviewOutcome[] = ['send', 'deferred', 'skipped', 'suppressed'];

export interface PreviewRecipient {
  memberId: string;
  name: string;
  to: string;
  outcome: PreviewOutcome;
  reason: string | null;
  variant: string | null;
  /** A deferred message's first allowed instant. */
  until: Date | null;
}

export interface CampaignPreview {
  audience: number;
  /** The instant the policy was asked about; null: each member's own local time. */
  decidedAt: Date | null;
  outcomes: Record<PreviewOutcome, number>;
  /** Every message that would not go out at its time, by outcome and reason, most first. */
  reasons: { outcome: Exclude<PreviewOutcome, 'send'>; reason: string; count: number }[];
  deferred: { earliest: Date | null; latest: Date | null };
  /** Messages that would go out per variant; `unassigned` waits for the A/B winner. Holdout is a reason. */
  variants: { key: string; count: number }[];
  sample: PreviewRecipient[];
}

const BATCH = 1000;
const UNASSIGNED = 'unassigned';

interface Decided extends ClassifiedRecipient {
  outcome: PreviewOutcome;
  until: Date | null;
}

/** The schedule's send instant (never before now); null: each member's own local time. */
function sendInstant(row: CampaignRow, now: Date): Date | null {
  if (row.schedule.kind === 'local') return null;
  const at = row.schedule.kind === 'at' ? new Date(row.schedule.at) : now;
  return at > now ? at : now;
}

/** When a row that would be queued is sent: the schedule's instant, or the member's local one. */
function sendTimeOf(row: CampaignRow, now: Date) {
  const fixed = sendInstant(row, now);
  return (r: ClassifiedRecipient) => fixed ?? (r.notBefore && r.notBefore > now ? r.notBefore : now);
}

async function decideAll(deps: AudienceDeps, row: CampaignRow, queued: ClassifiedRecipient[]) {
  const decisions = new Map<string, ContactDecision>();
  const timeOf = sendTimeOf(row, deps.clock.now());
  const byTime = new Map<number, ClassifiedRecipient[]>();
  for (const r of queued) {
    const t = timeOf(r).getTime();
    byTime.set(t, [...(byTime.get(t) ?? []), r]);
  }
  for (const [t, group] of byTime) {
    const clock: Clock = { now: () => new Date(t) };
    for (let i = 0; i < group.length; i += BATCH) {
      const ids = group.slice(i, i + BATCH).map((r) => r.memberId);
      const members = await membersByIds(deps.db, row.program_id, ids);
      const answer = await decideContacts(
        deps.db,
        clock,
        row.program_id,
        [...members.values()].map((m) => ({
          memberId: m.id,
          channel: row.channel,
          purpose: 'marketing' as const,
          timeZone: m.timeZone,
        })),
        { lock: false, onExceed: row.on_exceed },
      );
      for (const [memberId, decision] of answer) decisions.set(memberId, decision);
    }
  }
  return decisions;
}

function decided(r: ClassifiedRecipient, decision: ContactDecision | undefined): Decided {
  if (r.reason === 'suppressed') return { ...r, outcome: 'suppressed', until: null };
  if (r.reason) return { ...r, outcome: 'skipped', until: null };
  // A member gone inactive since the audience was read: the send job skips them so.
  if (!decision) return { ...r, outcome: 'skipped', reason: 'member_inactive', until: null };
  if (decision.kind === 'send') return { ...r, outcome: 'send', until: null };
  if (decision.kind === 'drop') return { ...r, outcome: 'skipped', reason: decision.reason, until: null };
  return { ...r, outcome: 'deferred', reason: decision.reason, until: decision.until };
}

async function sampleOf(deps: AudienceDeps, programId: string, rows: Decided[], perOutcome: number) {
  const picked = PREVIEW_OUTCOMES.flatMap((o) => rows.filter((r) => r.outcome === o).slice(0, perOutcome));
  const members = await membersByIds(
    deps.db,
    programId,
    picked.map((r) => r.memberId),
  );
  return picked.map((r): PreviewRecipient => {
    const m = members.get(r.memberId);
    return {
      memberId: r.memberId,
      name: [m?.firstName, m?.lastName].filter(Boolean).join(' '),
      to: r.to,
      outcome: r.outcome,
      reason: r.reason,
      variant: r.outcome === 'send' ? (r.variant ?? UNASSIGNED) : null,
      until: r.until,
    };
  });
}

/** What launching the draft now would do; 409 campaign_not_draft once it is launched (see its accounting). */
export async function previewCampaign(
  deps: AudienceDeps,
  programId: string,
  campaignId: string,
  options: { sample: number },
): Promise<CampaignPreview> {
  const row = await campaignRow(deps.db, programId, campaignId);
  if (row.launched_at) throw notDraft(row);
  const rows = await classifyCampaignAudience(deps.db, await campaignAudienceInput(deps, row));
  const decisions = await decideAll(
    deps,
    row,
    rows.filter((r) => r.reason === null),
  );
  const all = rows.map((r) => decided(r, decisions.get(r.memberId)));
  const outcomes: Record<PreviewOutcome, number> = { send: 0, deferred: 0, skipped: 0, suppressed: 0 };
  const reasons = new Map<string, CampaignPreview['reasons'][number]>();
  const variants = new Map<string, number>();
  const deferred: CampaignPreview['deferred'] = { earliest: null, latest: null };
  for (const r of all) {
    outcomes[r.outcome]++;
    if (r.outcome === 'send') {
      const key = r.variant ?? UNASSIGNED;
      variants.set(key, (variants.get(key) ?? 0) + 1);
      continue;
    }
    const key = `${r.outcome}:${r.reason}`;
    const entry = reasons.get(key) ?? { outcome: r.outcome, reason: r.reason!, count: 0 };
    entry.count++;
    reasons.set(key, entry);
    if (r.until) {
      if (!deferred.earliest || r.until < deferred.earliest) deferred.earliest = r.until;
      if (!deferred.latest || r.until > deferred.latest) deferred.latest = r.until;
    }
  }
  return {
    audience: all.length,
    decidedAt: sendInstant(row, deps.clock.now()),
    outcomes,
    reasons: [...reasons.values()].sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
    deferred,
    variants: [...variants]
      .map(([key, count]) => ({ key, count }))
      .sort((a, b) => a.key.localeCompare(b.key)),
    sample: await sampleOf(deps, programId, all, options.sample),
  };
}
