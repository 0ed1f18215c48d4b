import { sql, type Kysely } from 'kysely';

// search_text holds the folded name and e-mail (see search.ts), written by the members service.
// created_at defaults to millisecond precision so that cursors (ISO strings) reproduce it exactly.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table members add column search_text text not null default '';
    update members set search_text = lower(concat_ws(' ', first_name, last_name, email));
    alter table members alter column created_at set default date_trunc('milliseconds', now());
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table members alter column created_at set default now();
    alter table members drop column search_text;
  `.execute(db);
}
