import { sql, type Kysely } from 'kysely';

// Creating a program (a new club, with its creator as owner) is an installation-wide right, not something any
// signed-in viewer or partner may do. Who has it: the first admin user, and whoever already owns a program.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table admin_users add column may_create_programs boolean not null default false;
    update admin_users set may_create_programs = true
     where id in (select admin_user_id from program_roles where role = 'owner')
        or id = (select id from admin_users order by created_at, id limit 1);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table admin_users drop column may_create_programs`.execute(db);
}
