// What the members module holds about a member, for a GDPR data export, and its erasure: the row is kept
// (ledger rows, referrals and messages point at its id) with every personal field emptied.
import { sql } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';

/** The member's row as stored, including soft-deleted and erased members; undefined if there is none. */
export async function memberRecord(db: Db, programId: string, memberId: string) {
  return db
    .selectFrom('members')
    .select([
      'id',
      'external_id',
      'email',
      'phone',
      'first_name',
      'last_name',
      'birthday',
      'anniversary',
      'locale',
      'time_zone',
      'attributes',
      'status',
      'source',
      'referred_by',
      'created_at',
      'updated_at',
      'deleted_at',
    ])
    .where('program_id', '=', programId)
    .where('id', '=', memberId)
    .executeTakeFirst();
}

/** Empties every personal field and takes the member out of lists and searches. Idempotent. */
export async function anonymiseMember(trx: Db, clock: Clock, programId: string, memberId: string) {
  const now = clock.now();
  await trx
    .updateTable('members')
    .set({
      external_id: null,
      email: null,
      phone: null,
      first_name: null,
      last_name: null,
      birthday: null,
      anniversary: null,
      time_zone: null,
      attributes: '{}',
      search_text: '',
      status: 'anonymized',
      deleted_at: sql`coalesce(deleted_at, ${now})`,
      updated_at: now,
    })
    .where('program_id', '=', programId)
    .where('id', '=', memberId)
    .execute();
}
