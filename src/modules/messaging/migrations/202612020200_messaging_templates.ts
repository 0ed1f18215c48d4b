import { sql, type Kysely } from 'kysely';

// Message templates per program: one row per template, its per-locale variants (subject + MJML body for
// e-mail, text for SMS) in one jsonb object, since they are saved, checked and versioned together. And the
// sender details every marketing message's footer carries (Israeli mode: the law's sender identity).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table message_templates (
      id uuid primary key default gen_random_uuid(),
      program_id uuid not null references programs(id),
      key text not null,
      name text not null,
      channel text not null check (channel in ('email','sms')),
      purpose text not null check (purpose in ('marketing','service')),
      default_locale text not null,
      variants jsonb not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      unique (program_id, key)
    );
    create index message_templates_list_idx on message_templates (program_id, updated_at desc);

    create table message_sender_profiles (
      program_id uuid primary key references programs(id),
      business_name text not null,
      address text,
      contact_email text,
      contact_phone text,
      israeli_mode boolean,
      updated_at timestamptz not null
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table message_templates; drop table message_sender_profiles;`.execute(db);
}
