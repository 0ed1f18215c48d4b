// The loyalty module's public surface. Other modules import only from here.
import { defineModule, migrationsBeside } from '../../platform/module.ts';
import { checkLedger } from './consistency.ts';
import { loyaltyJobs } from './jobs.ts';
import { mergeLoyalty } from './merge.ts';
import { eraseLoyaltyTexts, memberLoyaltyRecords } from './privacy.ts';
import { loyaltyRoutes } from './routes.ts';
import { signupBonusSubscription } from './signup-bonus.ts';
import { loyaltyPermissions } from './permissions.ts';

export const loyaltyModule = defineModule({
  name: 'loyalty',
  routes: [loyaltyRoutes],
  permissions: ['loyalty:read', 'loyalty:write', 'points:adjust', 'purchases:write'],
  definesPermissions: loyaltyPermissions,
  jobs: loyaltyJobs,
  subscriptions: [signupBonusSubscription],
  migrations: migrationsBeside(import.meta.url),
  memberData: {
    name: 'loyalty',
    exportData: (db, { programId, memberId }) => memberLoyaltyRecords(db, programId, memberId),
    // Amounts, points and ids stay (accounting needs the totals); the reasons staff typed are free text.
    erase: (trx, _clock, { programId, memberId }) => eraseLoyaltyTexts(trx, programId, memberId),
  },
  mergeMember: mergeLoyalty,
  commands: {
    'check-ledger': {
      summary: 'Verify every points account equals the sum of its ledger and lots (exit 1 on problems)',
      usage: 'moadon check-ledger [programId]',
      run: async (args, ctx) => {
        const database = await ctx.openDatabase();
        const result = await checkLedger(database.db, args[0]).finally(() => database.close());
        for (const p of result.problems) {
          console.log(
            `${p.programId} ${p.memberId}: ${p.problem} (expected ${p.expected}, found ${p.actual})`,
          );
        }
        console.log(`${result.accounts} accounts checked, ${result.problems.length} problems`);
        return result.problems.length === 0 ? 0 : 1;
      },
    },
  },
});

export { getAccount, getAccounts, type Account } from './account.ts';
export { checkLedger, type LedgerProblem } from './consistency.ts';
export { awardEventBonus, type EventBonus, type EventBonusInput } from './events.ts';
export { createEarningRule, type EarningRuleInput } from './earning-rules.ts';
export { expirePoints, warnExpiringPoints } from './expiry.ts';
export { listLedger, type LedgerEntry } from './ledger.ts';
export {
  listLoyaltyEvents,
  LOYALTY_EVENT_TYPES,
  type LoyaltyEvent,
  type LoyaltyEventType,
} from './outbox.ts';
export { adjustPoints, redeemPoints, transferPoints, type PointsMovement } from './points.ts';
export type { PurchaseInput } from './purchase-input.ts';
export type { PurchaseLine } from './rules/types.ts';
export { dryRunPurchase, getPurchase, recordPurchase, type Purchase } from './purchases.ts';
export { refundPurchase, type Refund } from './refunds.ts';
export { listPurchases, type ListedPurchase } from './purchase-list.ts';
export { updateLoyaltySettings } from './program-settings.ts';
export {
  ensureLoyaltyDefaults,
  loadLoyaltyConfig,
  type LoyaltyConfig,
  type LoyaltySettings,
  type Tier,
} from './settings.ts';
export type { SignupBonusSource } from './tables.ts';
export { reevaluateTiers } from './tiers.ts';
export { awardSignupBonus, type NewMember } from './signup-bonus.ts';
export { eraseLoyaltyTexts, memberLoyaltyRecords } from './privacy.ts';
export { loyaltyJobs } from './jobs.ts';
export { tierMetric } from './tiers.ts';
export { nextTier } from './tier-rules.ts';
export {
  awardPointsInTransaction,
  lockMemberStanding,
  returnPointsInTransaction,
  spendPointsInTransaction,
  type MemberStanding,
  type PointsInTransaction,
} from './spend.ts';
export { pointsEarnedFacts, purchaseFacts } from './report-facts.ts';
export {
  recordPurchaseHistory,
  type HistoryOutcome,
  type HistoryPurchase,
  type HistoryRefund,
} from './history.ts';
