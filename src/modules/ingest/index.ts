// The ingest module's public surface. Other modules import only from here.
import { defineModule, migrationsBeside } from '../../platform/module.ts';
import { ingestJobs } from './jobs.ts';
import { eraseMemberEvents, memberEventRecords } from './privacy.ts';
import { ingestRoutes } from './routes.ts';
import { ingestPermissions } from './permissions.ts';
import { mergeIngest } from './merge.ts';

export const ingestModule = defineModule({
  name: 'ingest',
  mergeMember: mergeIngest,
  routes: [ingestRoutes],
  permissions: ['ingest:write', 'members:read'],
  definesPermissions: ingestPermissions,
  jobs: ingestJobs,
  migrations: migrationsBeside(import.meta.url),
  memberData: {
    name: 'events',
    exportData: (db, { programId, memberId }) => memberEventRecords(db, programId, memberId),
    erase: (trx, _clock, { programId, memberId }) => eraseMemberEvents(trx, programId, memberId),
  },
});

export { ingestJobs } from './jobs.ts';
export { listMemberEvents, type IngestResult, type MemberEvent } from './service.ts';
export type { EffectStatus, EventType } from './tables.ts';
export { eraseMemberEvents, memberEventRecords } from './privacy.ts';
