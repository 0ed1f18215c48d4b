import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table members (
      id uuid primary key default gen_random_uuid(),
      program_id uuid not null references programs(id),
      external_id text,
      email text,
      phone text,
      first_name text,
      last_name text,
      birthday date,
      anniversary date,
      locale text,
      time_zone text,
      attributes jsonb not null default '{}'::jsonb,
      status text not null default 'active' check (status in ('active','deleted','anonymized')),
      source text not null default 'api',
      referred_by uuid references members(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      deleted_at timestamptz
    );
    create unique index members_external_id_key on members (program_id, external_id)
      where external_id is not null and deleted_at is null;
    create unique index members_email_key on members (program_id, email)
      where email is not null and deleted_at is null;
    create index members_phone_idx on members (program_id, phone);
    create index members_page_idx on members (program_id, created_at desc, id desc);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table members`.execute(db);
}
