// A member's points account, ledger, purchases, refunds and loyalty events, for a GDPR data export. Erasure
// keeps the amounts, points and ids (accounting needs the totals; the member row itself is anonymised) and
// empties the free text staff typed into reasons, which often names the person.
import type { Db } from '../../platform/db/database.ts';
import { listEvents } from '../../platform/events/index.ts';
import { LOYALTY_EVENT_TYPES } from './outbox.ts';

/** A member's loyalty events in an export (from the outbox, oldest first). */
const MAX_EXPORTED_EVENTS = 100_000;

/** What a ledger reason says after the erasure of its member. */
export const ERASED_REASON = 'erased';

export async function memberLoyaltyRecords(db: Db, programId: string, memberId: string) {
  const [account, ledger, purchases, refunds, events] = await Promise.all([
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
    memberRefunds(db, programId, memberId).selectAll('loyalty_refunds').orderBy('created_at').execute(),
    listEvents(db, programId, { types: LOYALTY_EVENT_TYPES, memberId, limit: MAX_EXPORTED_EVENTS }),
  ]);
  return { account: account ?? null, ledger, purchases, refunds, events };
}

function memberRefunds(db: Db, programId: string, memberId: string) {
  return db
    .selectFrom('loyalty_refunds')
    .innerJoin('loyalty_purchases', 'loyalty_purchases.id', 'loyalty_refunds.purchase_id')
    .where('loyalty_refunds.program_id', '=', programId)
    .where('loyalty_purchases.program_id', '=', programId)
    .where('loyalty_purchases.member_id', '=', memberId);
}

/** Runs inside the erasure's transaction; idempotent. */
export async function eraseLoyaltyTexts(trx: Db, programId: string, memberId: string): Promise<void> {
  await trx
    .updateTable('loyalty_ledger')
    .set({ reason: ERASED_REASON })
    .where('program_id', '=', programId)
    .where('member_id', '=', memberId)
    .where('reason', '!=', ERASED_REASON)
    .execute();
  const refunds = await memberRefunds(trx, programId, memberId)
    .select('loyalty_refunds.id')
    .where('loyalty_refunds.reason', 'is not', null)
    .execute();
  if (refunds.length) {
    await trx
      .updateTable('loyalty_refunds')
      .set({ reason: null })
      .where('program_id', '=', programId)
      .where(
        'id',
        'in',
        refunds.map((r) => r.id),
      )
      .execute();
  }
}
