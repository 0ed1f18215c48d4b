// Where every message of a campaign went: its rows counted by status, reason and variant, the totals, every
// reason a message was not sent and how often, and whether it all adds up to the audience. And the other side,
// per member: each campaign message they got or did not get, and why ("why not sent").
import type { Db } from '../../platform/db/database.ts';
import { campaignMessageCounts, memberCampaignMessages } from '../messaging/index.ts';
import { campaignRow } from './service.ts';
import { isBalanced, progressOf } from './state.ts';
import { accounting } from './stats/report.ts';

export async function campaignAccounting(db: Db, programId: string, campaignId: string) {
  await campaignRow(db, programId, campaignId);
  const counts = await campaignMessageCounts(db, programId, campaignId);
  const totals = progressOf(counts);
  const summary = accounting(counts);
  return {
    audience: totals.audience,
    outcomes: counts
      .map((c) => ({ status: c.status, reason: c.reason, variant: c.variant, count: c.count }))
      .sort((a, b) => b.count - a.count || a.status.localeCompare(b.status)),
    totals,
    reasons: summary.reasons.map((r) => ({
      outcome: r.outcome as 'deferred' | 'failed' | 'suppressed' | 'skipped',
      reason: r.reason,
      count: r.count,
    })),
    unexplained: summary.unexplained,
    balanced: isBalanced(totals) && summary.unexplained === 0,
  };
}

export async function memberCampaignHistory(
  db: Db,
  programId: string,
  memberId: string,
  options: { notSentOnly: boolean; limit: number },
) {
  const messages = await memberCampaignMessages(db, programId, memberId, options);
  const ids = [...new Set(messages.map((m) => m.campaignId))];
  const names = new Map<string, string>();
  if (ids.length) {
    const rows = await db
      .selectFrom('campaigns')
      .select(['id', 'name'])
      .where('program_id', '=', programId)
      .where('id', 'in', ids)
      .execute();
    for (const r of rows) names.set(r.id, r.name);
  }
  return messages.map((m) => ({
    messageId: m.messageId,
    campaignId: m.campaignId,
    campaignName: names.get(m.campaignId) ?? '',
    status: m.status,
    reason: m.reason,
    variant: m.variant,
    notBefore: m.notBefore,
    at: m.updatedAt,
  }));
}
