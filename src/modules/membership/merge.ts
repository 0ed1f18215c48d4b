// A member merged into another (members/merge.ts): list memberships and tags move (where the survivor has the
// same list or tag, its own is kept); consent proof is append-only, so the duplicate's records are copied to
// the survivor as they were recorded — the current consent per channel and purpose is then the newest decision
// of the two; signup form submissions move.
import { sql } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { moveMemberRows } from '../../platform/db/move-member-rows.ts';
import type { MemberMergeSubject } from '../../platform/module.ts';

export async function mergeMembership(trx: Db, _clock: Clock, subject: MemberMergeSubject) {
  const { programId, fromId, intoId } = subject;
  await moveMemberRows(trx, 'list_members', subject, { uniqueBy: ['list_id'] });
  await moveMemberRows(trx, 'member_tags', subject, { uniqueBy: ['tag'] });
  await moveMemberRows(trx, 'form_submissions', subject);
  await sql`
    insert into consent_records (program_id, member_id, channel, purpose, status, source, source_ref, text_shown,
      locale, ip, user_agent, evidence, recorded_by, recorded_at)
    select program_id, ${intoId}, channel, purpose, status, source, source_ref, text_shown, locale, ip, user_agent,
      evidence || jsonb_build_object('mergedFrom', ${fromId}::text, 'recordId', id), recorded_by, recorded_at
    from consent_records where program_id = ${programId} and member_id = ${fromId} order by id`.execute(trx);
}
