// What the referrals module holds about a member: their code, the referrals they made or came by, what
// they were paid, and the hashed signals. Erasure deletes the signals and the code (a link that named them);
// referrals and payouts stay, ids and amounts only, for the ledger's sake.
import type { Db } from '../../platform/db/database.ts';

export async function memberReferralRecords(db: Db, programId: string, memberId: string) {
  const code = await db
    .selectFrom('referral_codes')
    .select(['code', 'visits', 'created_at'])
    .where('program_id', '=', programId)
    .where('member_id', '=', memberId)
    .executeTakeFirst();
  const referrals = await db
    .selectFrom('referrals')
    .selectAll()
    .where('program_id', '=', programId)
    .where((eb) => eb.or([eb('referrer_id', '=', memberId), eb('referee_id', '=', memberId)]))
    .execute();
  const payouts = await db
    .selectFrom('referral_payouts')
    .selectAll()
    .where('program_id', '=', programId)
    .where('member_id', '=', memberId)
    .execute();
  return { code: code ?? null, referrals, payouts };
}

export async function eraseMemberReferrals(trx: Db, programId: string, memberId: string): Promise<void> {
  await trx
    .deleteFrom('referral_signals')
    .where('program_id', '=', programId)
    .where('member_id', '=', memberId)
    .execute();
  await trx
    .deleteFrom('referral_codes')
    .where('program_id', '=', programId)
    .where('member_id', '=', memberId)
    .execute();
  await trx
    .updateTable('referrals')
    .set({ code: null })
    .where('program_id', '=', programId)
    .where((eb) => eb.or([eb('referrer_id', '=', memberId), eb('referee_id', '=', memberId)]))
    .execute();
}
