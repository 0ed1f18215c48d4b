// The membership module's public surface: lists, tags, consent, member events, signup forms, member links.
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
  addMemberTags,
  assertListsExist,
  listDirectory,
  listNameKey,
  memberLists,
  memberTags,
  subscribeToLists,
  unsubscribeFromLists,
} from './lists.ts';
export { memberLinks, type MemberLinks } from './links.ts';
export { uiLocale } from './i18n.ts';
export { grantMarketing, withdrawMarketing } from './unsubscribe.ts';
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
