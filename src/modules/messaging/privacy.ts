// The messages sent to a member, for a GDPR data export, and their erasure: the rows stay (counts and
// delivery statistics), the address and the content go. Messages sent to the member's address before there
// was a member (the double opt-in confirmation) are theirs too. Suppressions are kept: they exist so that an
// address is never contacted again.
import type { Db } from '../../platform/db/database.ts';
import { eraseMemberBounceReports, memberBounceReports } from './bounces/privacy.ts';
import { hideSecrets } from './secrets.ts';

export interface MessageRecipient {
  programId: string;
  memberId: string;
  email: string | null;
  phone: string | null;
}

/** The member's messages, and those to their address that belong to no member. */
function messagesOf(db: Db, who: MessageRecipient) {
  const addresses = [who.email, who.phone].filter((a): a is string => !!a);
  return db
    .selectFrom('messages')
    .where('program_id', '=', who.programId)
    .where((eb) =>
      eb.or([
        eb('member_id', '=', who.memberId),
        ...(addresses.length
          ? [eb.and([eb('member_id', 'is', null), eb('to_address', 'in', addresses)])]
          : []),
      ]),
    );
}

export async function memberMessages(db: Db, who: MessageRecipient) {
  const rows = await messagesOf(db, who)
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
    .orderBy('created_at')
    .execute();
  // Bounce and complaint reports go with the message they are about; those matched only by address follow.
  const reports = await memberBounceReports(db, who);
  const ids = new Set(rows.map((r) => r.id));
  return [
    ...rows.map((r) => ({
      ...r,
      subject: hideSecrets(r.subject),
      text_body: hideSecrets(r.text_body),
      reports: reports.filter((b) => b.messageId === r.id),
    })),
    ...reports
      .filter((b) => !b.messageId || !ids.has(b.messageId))
      .map((b) => ({ kind: 'returned_mail_report', channel: 'email', reports: [b] })),
  ];
}

export async function eraseMemberMessages(trx: Db, who: MessageRecipient): Promise<void> {
  await eraseMemberBounceReports(trx, who);
  const ids = (await messagesOf(trx, who).select('id').execute()).map((m) => m.id);
  if (ids.length === 0) return;
  await trx
    .updateTable('messages')
    .set({ to_address: '', subject: null, text_body: '', html_body: null, unsubscribe_url: null })
    .where('program_id', '=', who.programId)
    .where('id', 'in', ids)
    .execute();
  await trx.deleteFrom('message_secrets').where('message_id', 'in', ids).execute();
}
