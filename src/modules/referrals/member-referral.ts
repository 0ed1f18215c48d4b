// A member's referral as they (or staff) see it: their code and link, how many friends opened it, joined
// and qualified, what it earned them, and the offer in force.
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { displayReferralCode, ensureReferralCode } from './codes.ts';
import { memberReferralProgress } from './report.ts';
import { getReferralSettings } from './settings.ts';

export async function memberReferral(
  db: Db,
  clock: Clock,
  publicUrl: string,
  programId: string,
  memberId: string,
) {
  const code = await ensureReferralCode(db, clock, programId, memberId);
  const settings = await getReferralSettings(db, programId);
  const display = displayReferralCode(code.code);
  return {
    code: display,
    link: `${publicUrl}/r/${display}`,
    visits: Number(code.visits),
    ...(await memberReferralProgress(db, programId, memberId)),
    offer: {
      enabled: settings.enabled,
      referrerPoints: settings.referrerPoints,
      refereePoints: settings.refereePoints,
      minPurchase: settings.minPurchase,
      qualifyWithinDays: settings.qualifyWithinDays,
    },
  };
}
