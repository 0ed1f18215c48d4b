// A member merged into another (members/merge.ts): the message log and bounces move to the survivor, except a
// campaign's message when the survivor got one from the same campaign (one per member: it stays on record with
// the retired duplicate).
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { moveMemberRows } from '../../platform/db/move-member-rows.ts';
import type { MemberMergeSubject } from '../../platform/module.ts';

export async function mergeMessaging(trx: Db, _clock: Clock, subject: MemberMergeSubject) {
  await moveMemberRows(trx, 'messages', subject, { uniqueBy: ['campaign_id'], keepConflicts: true });
  await moveMemberRows(trx, 'bounce_events', subject);
}
