import { sql, type Kysely } from 'kysely';

// Signup forms and their submissions. A double opt-in submission waits here (status 'pending') until the
// person confirms; only then is the member created or updated, subscribed and their consent recorded.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table signup_forms (
      id uuid primary key default gen_random_uuid(),
      program_id uuid not null references programs(id),
      name text not null,
      status text not null default 'active' check (status in ('active','archived')),
      definition jsonb not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index signup_forms_program_idx on signup_forms (program_id, created_at desc);

    create table form_submissions (
      id uuid primary key default gen_random_uuid(),
      program_id uuid not null references programs(id),
      form_id uuid not null references signup_forms(id),
      member_id uuid references members(id),
      status text not null check (status in ('pending','confirmed','subscribed','expired')),
      email text,
      phone text,
      member_input jsonb not null,
      consents jsonb not null,
      locale text not null,
      ip text,
      user_agent text,
      submitted_at timestamptz not null,
      expires_at timestamptz,
      confirmed_at timestamptz,
      confirm_ip text,
      confirm_user_agent text
    );
    create index form_submissions_ip_idx on form_submissions (ip, submitted_at);
    create index form_submissions_email_idx on form_submissions (program_id, email, submitted_at);
    create index form_submissions_form_idx on form_submissions (program_id, form_id, submitted_at desc);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table form_submissions; drop table signup_forms;`.execute(db);
}
