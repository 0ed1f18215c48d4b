// Membership facts for other modules' reports (campaign statistics): the members who unsubscribed, as a
// query builder the report composes into its SQL (platform/db/report-facts.ts).
import type { Db } from '../../platform/db/database.ts';
import type { FactWindow } from '../../platform/db/report-facts.ts';
import type { ConsentChannel } from './tables.ts';

/** What a person does to stop marketing (a complaint withdraws consent too, but is counted as a complaint). */
export const UNSUBSCRIBE_SOURCES = ['unsubscribe', 'preference_centre', 'sms_keyword'] as const;

/** Marketing consent withdrawn by the member on a channel in the window: member_id, at. */
export function unsubscribeFacts(db: Db, w: FactWindow & { channel: ConsentChannel }) {
  return db
    .selectFrom('consent_records')
    .select(['member_id', 'recorded_at as at'])
    .where('program_id', '=', w.programId)
    .where('member_id', 'in', w.members)
    .where('channel', '=', w.channel)
    .where('purpose', '=', 'marketing')
    .where('status', '=', 'withdrawn')
    .where('source', 'in', UNSUBSCRIBE_SOURCES)
    .where('recorded_at', '>=', w.from)
    .where('recorded_at', '<', w.until);
}
