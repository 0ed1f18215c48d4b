import { sql, type Kysely } from 'kysely';

// A member merged into another (two profiles of one person) is retired with a pointer to the one that kept
// everything: a repeated merge request answers from it, and the audit trail names both.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table members add column merged_into uuid references members(id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table members drop column merged_into`.execute(db);
}
