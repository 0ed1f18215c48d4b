// Loyalty facts for other modules' reports (campaign statistics): purchases and points earned by a set of
// members in a time range, as query builders the report composes into its SQL (platform/db/report-facts.ts).
import type { Db } from '../../platform/db/database.ts';
import type { FactWindow } from '../../platform/db/report-facts.ts';

/**
 * Purchases in the window in one currency: member_id, at, amount (the total less what was refunded, minor
 * units).
 */
export function purchaseFacts(db: Db, w: FactWindow & { currency: string }) {
  return db
    .selectFrom('loyalty_purchases')
    .select(['member_id', 'occurred_at as at'])
    .select((eb) => eb('total', '-', eb.ref('refunded_total')).as('amount'))
    .where('program_id', '=', w.programId)
    .where('member_id', 'in', w.members)
    .where('occurred_at', '>=', w.from)
    .where('occurred_at', '<', w.until)
    .where('currency', '=', w.currency);
}

/** Points earned in the window (ledger earn entries): member_id, at, points. */
export function pointsEarnedFacts(db: Db, w: FactWindow) {
  return db
    .selectFrom('loyalty_ledger')
    .select(['member_id', 'occurred_at as at', 'points'])
    .where('program_id', '=', w.programId)
    .where('member_id', 'in', w.members)
    .where('kind', '=', 'earn')
    .where('occurred_at', '>=', w.from)
    .where('occurred_at', '<', w.until);
}
