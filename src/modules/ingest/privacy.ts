// A member's tracked events, for a GDPR data export, and their erasure: the events stay (purchases and their
// points effects are accounting), their properties and context (traits, IP address, user agent) are emptied,
// and anonymous ids no longer lead to the member.
import type { Db } from '../../platform/db/database.ts';

export function memberEventRecords(db: Db, programId: string, memberId: string) {
  return db
    .selectFrom('events')
    .select([
      'id',
      'type',
      'name',
      'anonymous_id',
      'user_id',
      'properties',
      'context',
      'occurred_at',
      'effect',
    ])
    .where('program_id', '=', programId)
    .where('member_id', '=', memberId)
    .orderBy('id')
    .execute();
}

export async function eraseMemberEvents(trx: Db, programId: string, memberId: string): Promise<void> {
  await trx
    .updateTable('events')
    .set({ properties: '{}', context: '{}', anonymous_id: null, user_id: null })
    .where('program_id', '=', programId)
    .where('member_id', '=', memberId)
    .execute();
  await trx
    .deleteFrom('ingest_anonymous_ids')
    .where('program_id', '=', programId)
    .where('member_id', '=', memberId)
    .execute();
}
