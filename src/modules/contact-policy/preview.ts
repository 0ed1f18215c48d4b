// What the policy would do right now to an audience: how many would be sent, deferred (until when) and
// dropped, by reason. Decides without locking and changes nothing.
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { membersByIds } from '../members/index.ts';
import { listSubscribers } from '../membership/index.ts';
import {
  HOLD_REASONS,
  type ContactChannel,
  type ContactPressurePolicy,
  type HoldReason,
  type OnExceed,
} from './policy.ts';
import { decideContacts } from './service.ts';

export interface PreviewInput {
  memberIds?: string[] | undefined;
  listId?: string | undefined;
  channel: ContactChannel;
  onExceed?: OnExceed | undefined;
  policy?: ContactPressurePolicy | undefined;
}

type ByReason = Record<HoldReason, number>;

export interface PolicyPreview {
  audience: number;
  send: number;
  deferred: { count: number; byReason: ByReason; earliest: Date | null; latest: Date | null };
  dropped: { count: number; byReason: ByReason };
}

const BATCH = 1000;
const noReasons = (): ByReason => Object.fromEntries(HOLD_REASONS.map((r) => [r, 0])) as ByReason;

async function audienceIds(db: Db, programId: string, input: PreviewInput): Promise<string[]> {
  if ((input.memberIds === undefined) === (input.listId === undefined)) {
    throw new AppError('invalid_preview', 400, 'Give either memberIds or listId, not both and not neither');
  }
  if (input.memberIds) return [...new Set(input.memberIds)];
  const ids: string[] = [];
  let afterMemberId: string | undefined;
  do {
    const page = await listSubscribers(db, programId, input.listId!, {
      status: 'subscribed',
      limit: BATCH,
      afterMemberId,
    });
    ids.push(...page.items.map((i) => i.memberId));
    afterMemberId = page.nextCursor ?? undefined;
  } while (afterMemberId);
  return ids;
}

export async function previewPolicy(
  db: Db,
  clock: Clock,
  programId: string,
  input: PreviewInput,
): Promise<PolicyPreview> {
  const ids = await audienceIds(db, programId, input);
  const preview: PolicyPreview = {
    audience: 0,
    send: 0,
    deferred: { count: 0, byReason: noReasons(), earliest: null, latest: null },
    dropped: { count: 0, byReason: noReasons() },
  };
  for (let i = 0; i < ids.length; i += BATCH) {
    const members = await membersByIds(db, programId, ids.slice(i, i + BATCH));
    const decisions = await decideContacts(
      db,
      clock,
      programId,
      [...members.values()].map((m) => ({
        memberId: m.id,
        channel: input.channel,
        purpose: 'marketing' as const,
        timeZone: m.timeZone,
      })),
      { lock: false, onExceed: input.onExceed, policy: input.policy },
    );
    for (const decision of decisions.values()) {
      preview.audience++;
      if (decision.kind === 'send') preview.send++;
      else if (decision.kind === 'drop') {
        preview.dropped.count++;
        preview.dropped.byReason[decision.reason]++;
      } else {
        const d = preview.deferred;
        d.count++;
        d.byReason[decision.reason]++;
        if (!d.earliest || decision.until < d.earliest) d.earliest = decision.until;
        if (!d.latest || decision.until > d.latest) d.latest = decision.until;
      }
    }
  }
  return preview;
}
