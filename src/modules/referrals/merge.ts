// A member merged into another (members/merge.ts): the friends the duplicate brought, its payouts and abuse
// signals move to the survivor; its own code moves only when the survivor has none, and its being referred
// only when the survivor was not (one referral per referee, one ambassador payout per member).
import { sql } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { moveMemberRows } from '../../platform/db/move-member-rows.ts';
import type { MemberMergeSubject } from '../../platform/module.ts';

export async function mergeReferrals(trx: Db, _clock: Clock, subject: MemberMergeSubject) {
  const { programId, fromId, intoId } = subject;
  await moveMemberRows(trx, 'referral_codes', subject, { onePerMember: true, keepConflicts: true });
  await moveMemberRows(trx, 'referrals', subject, { column: 'referrer_id' });
  await moveMemberRows(trx, 'referrals', subject, {
    column: 'referee_id',
    onePerMember: true,
    keepConflicts: true,
  });
  await sql`update referral_payouts t set member_id = ${intoId}
    where t.program_id = ${programId} and t.member_id = ${fromId}
      and not (t.side = 'ambassador' and exists (select 1 from referral_payouts s where s.program_id = ${programId}
        and s.member_id = ${intoId} and s.side = 'ambassador'))`.execute(trx);
  await moveMemberRows(trx, 'referral_signals', subject, { uniqueBy: ['kind', 'value_hash'] });
}
