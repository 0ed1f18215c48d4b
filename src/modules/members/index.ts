// The members module's public surface. Other modules import only from here.
export {
  createMember,
  deleteMember,
  findMemberByIdentity,
  getMember,
  listMembers,
  membersByIds,
  memberView,
  updateMember,
  upsertMemberByIdentity,
  type CreateMemberOptions,
  type Member,
  type MemberCreatedHook,
  type MemberIdentity,
  type MemberInput,
} from './service.ts';
export { normaliseEmail, normalisePhone, normaliseTimeZone, parseCalendarDate } from './contact.ts';
export { foldForSearch } from './search.ts';
export {
  applyMemberBatch,
  normaliseImportRow,
  refreshMemberStatistics,
  type BulkOutcome,
  type MemberColumns,
  type ProgramRules,
} from './bulk.ts';
export { programRules } from './service.ts';
export { anonymiseMember, memberRecord } from './privacy.ts';
