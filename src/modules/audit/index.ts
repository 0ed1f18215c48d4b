// The audit module's public surface: who changed what, and when.
import { defineModule, migrationsBeside } from '../../platform/module.ts';
import { auditEntriesFor, redactAuditSnapshots } from './privacy.ts';
import { auditRoutes } from './routes.ts';
import { auditPermissions } from './permissions.ts';

export const auditModule = defineModule({
  name: 'audit',
  routes: [auditRoutes],
  migrations: migrationsBeside(import.meta.url),
  permissions: ['audit:read'],
  definesPermissions: auditPermissions,
  memberData: {
    name: 'auditTrail',
    exportData: (db, { programId, memberId }) => auditEntriesFor(db, programId, 'member', memberId),
    erase: (trx, _clock, { programId, memberId }) => redactAuditSnapshots(trx, programId, 'member', memberId),
  },
});

export {
  actorOf,
  listAudit,
  recordAudit,
  SYSTEM_ACTOR,
  type AuditActor,
  type AuditEntry,
} from './service.ts';
export { auditEntriesFor, redactAuditSnapshots } from './privacy.ts';
