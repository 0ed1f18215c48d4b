import { sql, type Kysely } from 'kysely';

// Every tenant-owned table carries program_id so the schema can later be sharded by it (Citus).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table app_settings (
      key text primary key,
      value text not null
    );

    create table programs (
      id uuid primary key default gen_random_uuid(),
      slug text not null unique,
      name text not null,
      default_locale text not null default 'he',
      default_region text not null default 'IL',
      currency text not null default 'ILS',
      time_zone text not null default 'Asia/Jerusalem',
      member_attribute_schema jsonb not null default '{}'::jsonb,
      settings jsonb not null default '{}'::jsonb,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );

    create table admin_users (
      id uuid primary key default gen_random_uuid(),
      email text not null,
      name text not null,
      password_hash text not null,
      locale text not null default 'en',
      created_at timestamptz not null default now(),
      disabled_at timestamptz
    );
    create unique index admin_users_email_key on admin_users (lower(email));

    create table program_roles (
      program_id uuid not null references programs(id),
      admin_user_id uuid not null references admin_users(id),
      role text not null check (role in ('owner','marketer','agent','partner','viewer')),
      partner_id uuid,
      created_at timestamptz not null default now(),
      primary key (program_id, admin_user_id)
    );

    create table sessions (
      token_hash text primary key,
      admin_user_id uuid not null references admin_users(id),
      csrf_token text not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null
    );
    create index sessions_user_idx on sessions (admin_user_id);

    create table api_keys (
      id uuid primary key default gen_random_uuid(),
      program_id uuid not null references programs(id),
      name text not null,
      prefix text not null,
      key_hash text not null unique,
      permissions text[] not null,
      created_by uuid references admin_users(id),
      created_at timestamptz not null default now(),
      last_used_at timestamptz,
      revoked_at timestamptz
    );
    create index api_keys_program_idx on api_keys (program_id);

    create table login_attempts (
      id bigserial primary key,
      email text not null,
      ip text not null,
      succeeded boolean not null,
      at timestamptz not null default now()
    );
    create index login_attempts_email_idx on login_attempts (lower(email), at);
    create index login_attempts_ip_idx on login_attempts (ip, at);

    create table audit_log (
      id bigserial primary key,
      program_id uuid,
      actor_type text not null check (actor_type in ('user','api_key','system')),
      actor_id text,
      action text not null,
      entity_type text not null,
      entity_id text,
      before jsonb,
      after jsonb,
      ip text,
      request_id text,
      at timestamptz not null default now()
    );
    create index audit_log_program_idx on audit_log (program_id, id desc);

    create table idempotency_keys (
      scope text not null,
      key text not null,
      request_hash text not null,
      state text not null check (state in ('in_progress','done')),
      response_status integer,
      response_body jsonb,
      created_at timestamptz not null default now(),
      primary key (scope, key)
    );

    create table jobs (
      id bigserial primary key,
      program_id uuid,
      type text not null,
      payload jsonb not null default '{}'::jsonb,
      state text not null default 'queued' check (state in ('queued','running','done','dead')),
      run_at timestamptz not null default now(),
      attempts integer not null default 0,
      max_attempts integer not null default 10,
      unique_key text,
      last_error text,
      locked_by text,
      locked_until timestamptz,
      created_at timestamptz not null default now(),
      finished_at timestamptz
    );
    create index jobs_claim_idx on jobs (run_at) where state = 'queued';
    create unique index jobs_unique_key on jobs (unique_key) where unique_key is not null and state in ('queued','running');
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table jobs, idempotency_keys, audit_log, login_attempts, api_keys, sessions, program_roles,
    admin_users, programs, app_settings`.execute(db);
}
