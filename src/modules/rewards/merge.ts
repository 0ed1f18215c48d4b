// A member merged into another (members/merge.ts): the duplicate's coupons become the survivor's. A
// redemption holding a coupon's row lock finishes first; the move then carries the redeemed coupon.
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { moveMemberRows } from '../../platform/db/move-member-rows.ts';
import type { MemberMergeSubject } from '../../platform/module.ts';

export async function mergeRewards(trx: Db, _clock: Clock, subject: MemberMergeSubject) {
  await moveMemberRows(trx, 'coupons', subject);
}
