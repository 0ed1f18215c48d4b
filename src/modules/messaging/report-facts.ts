// Messaging facts for other modules' reports (campaign statistics): opens, clicks and bounce reports of a set
// of messages, as query builders the report composes into its SQL (platform/db/report-facts.ts).
import type { Db } from '../../platform/db/database.ts';
import type { IdsQuery } from '../../platform/db/report-facts.ts';

/** Every recorded open: message_id, at, machine (a proxy or scanner fetch, not a person; machine-opens.ts). */
export function openFacts(db: Db, programId: string, messages: IdsQuery) {
  return db
    .selectFrom('message_opens')
    .select(['message_id', 'at', 'machine'])
    .where('program_id', '=', programId)
    .where('message_id', 'in', messages);
}

/** Every recorded click: message_id, link_index (position in the HTML), url, at, machine. */
export function clickFacts(db: Db, programId: string, messages: IdsQuery) {
  return db
    .selectFrom('message_clicks')
    .select(['message_id', 'link_index', 'url', 'at', 'machine'])
    .where('program_id', '=', programId)
    .where('message_id', 'in', messages);
}

/**
 * Bounce and complaint reports matched to a message: message_id, type ('bounce' | 'complaint'), severity
 * ('hard' | 'soft' | null), at.
 */
export function bounceFacts(db: Db, programId: string, messages: IdsQuery) {
  return db
    .selectFrom('bounce_events')
    .select(['message_id', 'type', 'severity', 'received_at as at'])
    .where('program_id', '=', programId)
    .where('message_id', 'in', messages)
    .where('type', 'in', ['bounce', 'complaint']);
}

/**
 * A campaign's message rows: message_id, member_id, variant, reason, status, sent_at (the rows themselves
 * stay messaging's; campaign-rows.ts).
 */
export function campaignMessageFacts(db: Db, programId: string, campaignId: string) {
  return db
    .selectFrom('messages')
    .select(['id as message_id', 'member_id', 'variant', 'reason', 'status', 'sent_at'])
    .where('program_id', '=', programId)
    .where('campaign_id', '=', campaignId);
}
