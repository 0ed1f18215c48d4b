// The marketing messages each member got or is about to get: what a contact-pressure policy counts. A message
// counts from the moment it is queued (in flight) until it fails or is suppressed; its time is when it was sent,
// or when it was queued while it has not been sent yet. A campaign row counts only once the campaign has claimed
// it for sending: rows recorded at the campaign's start but not yet decided (queued, deferred) are the very
// messages the policy is asked about, and rows never to be sent (skipped: holdout, no consent) reach no one.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { MessageChannel } from './tables.ts';

export interface MarketingContact {
  messageId: string;
  channel: MessageChannel;
  at: Date;
}

/** Marketing messages to these members queued since `since`, oldest first, per member (absent: none). */
export async function marketingContactsSince(
  db: Db,
  programId: string,
  memberIds: readonly string[],
  since: Date,
): Promise<Map<string, MarketingContact[]>> {
  const byMember = new Map<string, MarketingContact[]>();
  if (memberIds.length === 0) return byMember;
  const rows = await db
    .selectFrom('messages')
    .select(['id', 'member_id', 'channel', sql<Date>`coalesce(sent_at, created_at)`.as('at')])
    .where('program_id', '=', programId)
    .where('member_id', 'in', [...new Set(memberIds)])
    .where('purpose', '=', 'marketing')
    .where('created_at', '>=', since)
    .where('status', 'not in', ['failed', 'suppressed', 'skipped'])
    .where((eb) => eb.or([eb('campaign_id', 'is', null), eb('status', 'not in', ['queued', 'deferred'])]))
    .orderBy('member_id')
    .orderBy('at')
    .execute();
  for (const row of rows) {
    const list = byMember.get(row.member_id!) ?? [];
    list.push({ messageId: row.id, channel: row.channel, at: new Date(row.at) });
    byMember.set(row.member_id!, list);
  }
  return byMember;
}
