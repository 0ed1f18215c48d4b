// A member merged into another (members/merge.ts): the duplicate's tracked events and the anonymous ids known
// to be theirs move to the survivor.
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { moveMemberRows } from '../../platform/db/move-member-rows.ts';
import type { MemberMergeSubject } from '../../platform/module.ts';

export async function mergeIngest(trx: Db, _clock: Clock, subject: MemberMergeSubject) {
  await moveMemberRows(trx, 'events', subject);
  await moveMemberRows(trx, 'ingest_anonymous_ids', subject);
}
