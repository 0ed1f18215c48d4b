// The membership module's public surface: lists, tags, consent, member events, signup forms, member links.
import { defineModule, migrationsBeside } from '../../platform/module.ts';
import { publicFormRoutes } from './forms/public-routes.ts';
import { formRoutes } from './forms/routes.ts';
import { membershipJobs } from './jobs.ts';
import { listRoutes } from './lists-routes.ts';
import { memberMembershipRoutes } from './member-membership-routes.ts';
import { eraseMembershipData, memberMembershipRecords } from './privacy.ts';
import { unsubscribeRoutes } from './unsubscribe-routes.ts';
import { membershipPermissions } from './permissions.ts';
import { mergeMembership } from './merge.ts';

export const membershipModule = defineModule({
  name: 'membership',
  mergeMember: mergeMembership,
  routes: [listRoutes, memberMembershipRoutes, formRoutes, publicFormRoutes, unsubscribeRoutes],
  permissions: ['membership:read', 'membership:write', 'messaging:inbound'],
  definesPermissions: membershipPermissions,
  jobs: membershipJobs,
  migrations: migrationsBeside(import.meta.url),
  memberData: {
    name: 'membership',
    exportData: memberMembershipRecords,
    erase: (trx, _clock, subject) => eraseMembershipData(trx, subject),
  },
});

export {
  consentHistory,
  currentConsents,
  hasConsent,
  recordConsent,
  recordConsentChanges,
  type ConsentChangesResult,
  type ConsentInput,
  type ConsentRecord,
  type ConsentSource,
  type CurrentConsent,
} from './consent.ts';
export { listMemberEvents, recordMemberEvent, type MemberEventType } from './events.ts';
export {
  addMembersToLists,
  assertListsExist,
  createList,
  listDirectory,
  listNameKey,
  listSubscribers,
  memberLists,
  subscribeToLists,
  unsubscribeFromLists,
} from './lists.ts';
export { memberLinks, type MemberLinks } from './links.ts';
export { addMemberTags, memberTags } from './tags.ts';
export { uiLocale } from './i18n.ts';
export {
  grantMarketing,
  withdrawAfterComplaint,
  withdrawAfterMailtoUnsubscribe,
  withdrawMarketing,
} from './unsubscribe.ts';
export {
  changeMarketingConsents,
  memberMarketingConsents,
  type MarketingConsentChange,
  type MarketingConsentView,
} from './member-consents.ts';
export type { ConsentChannel, ConsentPurpose, ConsentStatus } from './tables.ts';
export { eraseMembershipData, memberMembershipRecords } from './privacy.ts';
export { membershipJobs } from './jobs.ts';
export { expirePendingSignups } from './forms/expiry.ts';
export { UNSUBSCRIBE_SOURCES, unsubscribeFacts } from './report-facts.ts';
