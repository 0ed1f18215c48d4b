// The members module's public surface. Other modules import only from here.
import { defineModule, migrationsBeside } from '../../platform/module.ts';
import { anonymiseMember, memberRecord } from './privacy.ts';
import { memberRoutes } from './routes.ts';
import { membersPermissions } from './permissions.ts';

export const membersModule = defineModule({
  name: 'members',
  routes: [memberRoutes],
  permissions: ['members:delete', 'members:read', 'members:write'],
  definesPermissions: membersPermissions,
  migrations: migrationsBeside(import.meta.url),
  memberData: {
    name: 'member',
    exportData: (db, { programId, memberId }) => memberRecord(db, programId, memberId),
    erase: (trx, clock, { programId, memberId }) => anonymiseMember(trx, clock, programId, memberId),
  },
});

export {
  createMember,
  deleteMember,
  updateMember,
  upsertMemberByIdentity,
  type CreateMemberOptions,
  type MemberInput,
} from './service.ts';
export {
  findMemberByIdentity,
  getMember,
  listMembers,
  membersByIds,
  memberView,
  type Member,
  type MemberIdentity,
} from './member-reads.ts';
export { MEMBER_EVENT_TYPES } from './events.ts';
export {
  isPhoneRegion,
  normaliseEmail,
  normalisePhone,
  normaliseTimeZone,
  parseCalendarDate,
} from './contact.ts';
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
