import { sql, type Kysely } from 'kysely';

// Member portal sign-in: one-time codes (only their hash is kept) and member sessions, apart from admin ones.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table portal_otps (
      id uuid primary key default gen_random_uuid(),
      program_id uuid not null references programs(id),
      channel text not null check (channel in ('email','sms')),
      destination text not null,
      member_id uuid references members(id),
      code_hash text not null,
      attempts integer not null default 0,
      expires_at timestamptz not null,
      consumed_at timestamptz,
      ip text,
      created_at timestamptz not null default now()
    );
    create index portal_otps_destination on portal_otps (program_id, destination, created_at desc);
    create index portal_otps_ip on portal_otps (program_id, ip, created_at desc);
    create table portal_sessions (
      token_hash text primary key,
      program_id uuid not null references programs(id),
      member_id uuid not null references members(id),
      csrf_token text not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null
    );
    create index portal_sessions_member on portal_sessions (program_id, member_id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table portal_sessions; drop table portal_otps;`.execute(db);
}
