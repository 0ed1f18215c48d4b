// What the rewards module holds about a member, for a data export: their coupons and each one's history.
// Erasure keeps them: codes, amounts and ids only, and the business's liability and accounting need them.
import type { Db } from '../../platform/db/database.ts';
import { couponHistory, listMemberCoupons } from './coupons.ts';

export async function memberRewardRecords(db: Db, programId: string, memberId: string) {
  const coupons = await listMemberCoupons(db, programId, memberId);
  return Promise.all(coupons.map(async (c) => ({ ...c, history: await couponHistory(db, programId, c.id) })));
}
