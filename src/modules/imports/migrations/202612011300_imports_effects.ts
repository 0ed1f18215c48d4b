import { sql, type Kysely } from 'kysely';

// What an import recorded besides members (consent records, list memberships), committed with each batch.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table imports add column effects jsonb not null default '{}'::jsonb`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table imports drop column effects`.execute(db);
}
