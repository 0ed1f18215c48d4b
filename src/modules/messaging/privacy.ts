// The messages sent to a member, for a GDPR data export, and their erasure: the rows stay (counts and
// delivery statistics), the address and the content go. Suppressions are kept: they exist so that an
// address is never contacted again.
import type { Db } from '../../platform/db/database.ts';

export function memberMessages(db: Db, programId: string, memberId: string) {
  return db
    .selectFrom('messages')
    .select([
      'id',
      'channel',
      'kind',
      'purpose',
      'to_address',
      'subject',
      'text_body',
      'status',
      'created_at',
      'sent_at',
    ])
    .where('program_id', '=', programId)
    .where('member_id', '=', memberId)
    .orderBy('created_at')
    .execute();
}

export async function eraseMemberMessages(trx: Db, programId: string, memberId: string): Promise<void> {
  await trx
    .updateTable('messages')
    .set({ to_address: '', subject: null, text_body: '', html_body: null, unsubscribe_url: null })
    .where('program_id', '=', programId)
    .where('member_id', '=', memberId)
    .execute();
}
