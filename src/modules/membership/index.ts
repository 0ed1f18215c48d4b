// The membership module's public surface: lists, tags, consent, member events, signup forms, member links.
export {
  consentHistory,
  currentConsents,
  hasConsent,
  recordConsent,
  type ConsentInput,
  type ConsentRecord,
  type ConsentSource,
  type CurrentConsent,
} from './consent.ts';
export { listMemberEvents, recordMemberEvent, type MemberEventType } from './events.ts';
export {
  addMemberTags,
  assertListsExist,
  memberLists,
  memberTags,
  subscribeToLists,
  unsubscribeFromLists,
} from './lists.ts';
export type { ConsentChannel, ConsentPurpose, ConsentStatus } from './tables.ts';
