import { sql, type Kysely } from 'kysely';

// Which ways of becoming a member award the `signup` event rules on creation. An import brings in existing
// customers, so it is left out by default.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table loyalty_settings
      add column signup_bonus_sources text[] not null default '{admin,api,form,ingest}'
        check (signup_bonus_sources <@ array['admin','api','form','ingest','import']::text[])
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table loyalty_settings drop column signup_bonus_sources`.execute(db);
}
