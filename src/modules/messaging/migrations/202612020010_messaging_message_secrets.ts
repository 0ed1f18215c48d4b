import { sql, type Kysely } from 'kysely';

// Secrets in messages (sign-in codes, confirmation and unsubscribe tokens) are kept apart from the stored copy,
// which holds placeholders; the sender puts them back and the row goes once the message is delivered.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table message_secrets (
      message_id uuid primary key references messages(id) on delete cascade,
      program_id uuid not null references programs(id),
      secrets jsonb not null
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table message_secrets`.execute(db);
}
