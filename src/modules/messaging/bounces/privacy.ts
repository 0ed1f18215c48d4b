// A member's bounce and complaint reports in their data export, and their erasure: the rows stay (the
// suppression they justify stays too — it exists so the address is never mailed again), the address, the
// server's words and the parsed evidence go.
import type { Db } from '../../../platform/db/database.ts';
import type { MessageRecipient } from '../privacy.ts';
import { bounceEventView } from './queries.ts';

function reportsOf(db: Db, who: MessageRecipient) {
  return db
    .selectFrom('bounce_events')
    .where('program_id', '=', who.programId)
    .where((eb) =>
      eb.or([
        eb('member_id', '=', who.memberId),
        ...(who.email ? [eb('address', '=', who.email.toLowerCase())] : []),
      ]),
    );
}

export async function memberBounceReports(db: Db, who: MessageRecipient) {
  const rows = await reportsOf(db, who).selectAll().orderBy('received_at').execute();
  return rows.map(bounceEventView);
}

export async function eraseMemberBounceReports(trx: Db, who: MessageRecipient): Promise<void> {
  const ids = (await reportsOf(trx, who).select('id').execute()).map((r) => r.id);
  if (!ids.length) return;
  await trx
    .updateTable('bounce_events')
    .set({
      address: null,
      diagnostic: null,
      decision_detail: null,
      original_message_id: null,
      remote_mta: null,
      evidence: JSON.stringify({ erased: true }),
    })
    .where('program_id', '=', who.programId)
    .where('id', 'in', ids)
    .execute();
}
