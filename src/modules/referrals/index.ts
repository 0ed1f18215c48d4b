// The referrals module's public surface ("member gets member"): codes and links, attribution of a friend's
// signup, qualification and the bonuses of both sides, abuse checks, targets and the report.
import { defineModule, migrationsBeside } from '../../platform/module.ts';
import { referralsJobs } from './jobs.ts';
import { qualifyOnPurchaseSubscription } from './qualify.ts';
import { referredMemberSubscription } from './attribution.ts';
import { eraseMemberReferrals, memberReferralRecords } from './privacy.ts';
import { referralsRoutes } from './routes.ts';
import { mergeReferrals } from './merge.ts';

export const referralsModule = defineModule({
  name: 'referrals',
  mergeMember: mergeReferrals,
  routes: [referralsRoutes],
  permissions: ['rewards:read', 'rewards:write'],
  jobs: referralsJobs,
  subscriptions: [referredMemberSubscription, qualifyOnPurchaseSubscription],
  migrations: migrationsBeside(import.meta.url),
  memberData: {
    name: 'referrals',
    exportData: (db, { programId, memberId }) => memberReferralRecords(db, programId, memberId),
    erase: (trx, _clock, { programId, memberId }) => eraseMemberReferrals(trx, programId, memberId),
  },
});

export { attributeReferral, type Attribution, type ReferralClaim } from './attribution.ts';
export { checkPendingReferrals, checkReferee, type QualifyOutcome } from './qualify.ts';
export { ensureReferralCode } from './codes.ts';
export { getReferralSettings, updateReferralSettings, type ReferralSettings } from './settings.ts';
export { referralReport } from './report.ts';
export { mailbox, screenReferral, type BlockReason } from './abuse.ts';
