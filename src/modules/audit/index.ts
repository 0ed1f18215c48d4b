export {
  actorOf,
  listAudit,
  recordAudit,
  SYSTEM_ACTOR,
  type AuditActor,
  type AuditEntry,
} from './service.ts';
export { auditEntriesFor, redactAuditSnapshots } from './privacy.ts';
