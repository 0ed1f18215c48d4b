// A member merged into another (members/merge.ts): the duplicate leaves every segment (the survivor's
// membership is re-evaluated like any change), and its segment entry/exit history moves to the survivor.
import { sql } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { moveMemberRows } from '../../platform/db/move-member-rows.ts';
import type { MemberMergeSubject } from '../../platform/module.ts';

export async function mergeSegments(trx: Db, _clock: Clock, subject: MemberMergeSubject) {
  await moveMemberRows(trx, 'segment_events', subject);
  await sql`delete from segment_members where program_id = ${subject.programId} and member_id = ${subject.fromId}`.execute(
    trx,
  );
}
