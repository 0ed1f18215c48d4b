import { sql, type Kysely } from 'kysely';

// A sales history import (order lines recorded as past purchases) next to the member imports, on one engine.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table imports add column kind text not null default 'members' check (kind in ('members','history'))
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table imports drop column kind`.execute(db);
}
