// A member merged into another (members/merge.ts): the duplicate's portal sessions and unused sign-in codes
// end (it no longer exists); the person signs in again and lands on the survivor.
import { sql } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { MemberMergeSubject } from '../../platform/module.ts';

export async function mergePortal(trx: Db, _clock: Clock, { programId, fromId }: MemberMergeSubject) {
  await sql`delete from portal_sessions where program_id = ${programId} and member_id = ${fromId}`.execute(
    trx,
  );
  await sql`delete from portal_otps where program_id = ${programId} and member_id = ${fromId}`.execute(trx);
}
