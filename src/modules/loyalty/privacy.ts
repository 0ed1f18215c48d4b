// A member's points account, ledger and purchases, for a GDPR data export. Erasure leaves all of it in place:
// these rows hold amounts and ids only, and accounting needs the totals (the member row itself is anonymised).
import type { Db } from '../../platform/db/database.ts';

export async function memberLoyaltyRecords(db: Db, programId: string, memberId: string) {
  const [account, ledger, purchases] = await Promise.all([
    db
      .selectFrom('loyalty_accounts')
      .selectAll()
      .where('program_id', '=', programId)
      .where('member_id', '=', memberId)
      .executeTakeFirst(),
    db
      .selectFrom('loyalty_ledger')
      .selectAll()
      .where('program_id', '=', programId)
      .where('member_id', '=', memberId)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('loyalty_purchases')
      .selectAll()
      .where('program_id', '=', programId)
      .where('member_id', '=', memberId)
      .orderBy('occurred_at')
      .execute(),
  ]);
  return { account: account ?? null, ledger, purchases };
}
