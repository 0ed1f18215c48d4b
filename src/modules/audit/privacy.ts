// The audit trail keeps who did what to a record; after an erasure it must no longer keep the record's
// personal data in its before/after snapshots, nor the IP of public requests about it (a signup confirmed,
// a sign-in code asked for: the person's own address), while staff and API keys stay on record as actors.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';

export function auditEntriesFor(db: Db, programId: string, entityType: string, entityId: string) {
  return db
    .selectFrom('audit_log')
    .select(['id', 'action', 'actor_type', 'actor_id', 'before', 'after', 'at'])
    .where('program_id', '=', programId)
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', entityId)
    .orderBy('id')
    .execute();
}

export async function redactAuditSnapshots(
  trx: Db,
  programId: string,
  entityType: string,
  entityId: string,
): Promise<void> {
  const redacted = JSON.stringify({ redacted: 'personal data erased' });
  await trx
    .updateTable('audit_log')
    .set({
      before: sql`case when before is null then null else ${redacted}::jsonb end`,
      after: sql`case when after is null then null else ${redacted}::jsonb end`,
      ip: sql`case when actor_type = 'system' then null else ip end`,
    })
    .where('program_id', '=', programId)
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', entityId)
    .execute();
}
