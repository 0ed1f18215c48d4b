// Rewards facts for other modules' reports (campaign statistics): coupons redeemed by a set of members in a
// time range, as a query builder the report composes into its SQL (platform/db/report-facts.ts).
import type { Db } from '../../platform/db/database.ts';
import type { FactWindow } from '../../platform/db/report-facts.ts';

/** Coupons (rewards, gift cards, campaign coupons) used at a till or shop and not undone: member_id, at. */
export function couponRedemptionFacts(db: Db, w: FactWindow) {
  return db
    .selectFrom('coupon_events as e')
    .innerJoin('coupons as c', (j) =>
      j.onRef('c.id', '=', 'e.coupon_id').onRef('c.program_id', '=', 'e.program_id'),
    )
    .select(['c.member_id', 'e.at'])
    .where('e.program_id', '=', w.programId)
    .where('e.type', '=', 'redeemed')
    .where('e.undone_at', 'is', null)
    .where('c.member_id', 'in', w.members)
    .where('e.at', '>=', w.from)
    .where('e.at', '<', w.until);
}
