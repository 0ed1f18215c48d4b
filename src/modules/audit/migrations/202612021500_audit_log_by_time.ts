import { sql, type Kysely } from 'kysely';

// The audit log reads newest first by the time of the change (imports and simulated clocks write rows whose ids
// do not follow their times), filtered by actor, action, record and dates.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index audit_log_program_at_idx on audit_log (program_id, at desc, id desc)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index audit_log_program_at_idx`.execute(db);
}
