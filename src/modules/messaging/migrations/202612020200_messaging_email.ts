import { sql, type Kysely } from 'kysely';

// E-mail delivery: sending domains with their DKIM keys (private key sealed), SMTP transports per program and
// purpose with their token bucket, tracking switches, and the opens and clicks tracking records.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table sending_domains (
      id uuid primary key default gen_random_uuid(),
      program_id uuid not null references programs(id),
      domain text not null,
      dkim_selector text not null,
      dkim_public_key text not null,
      dkim_private_key_sealed text not null,
      created_at timestamptz not null,
      unique (program_id, domain)
    );

    create table email_transports (
      program_id uuid not null references programs(id),
      purpose text not null check (purpose in ('marketing','service')),
      smtp_url_sealed text not null,
      smtp_host text not null,
      from_address text not null,
      per_minute integer not null check (per_minute > 0),
      burst integer not null check (burst > 0),
      pool_size integer not null check (pool_size between 1 and 50),
      tokens double precision not null,
      refilled_at timestamptz not null,
      updated_at timestamptz not null,
      primary key (program_id, purpose)
    );

    create table email_settings (
      program_id uuid primary key references programs(id),
      track_opens boolean not null default false,
      track_clicks boolean not null default false,
      updated_at timestamptz not null
    );

    create table message_opens (
      id bigserial primary key,
      program_id uuid not null,
      message_id uuid not null references messages(id),
      at timestamptz not null,
      machine boolean not null,
      machine_reason text
    );
    create index message_opens_message_idx on message_opens (program_id, message_id);

    create table message_clicks (
      id bigserial primary key,
      program_id uuid not null,
      message_id uuid not null references messages(id),
      link_index integer not null,
      url text not null,
      at timestamptz not null,
      machine boolean not null
    );
    create index message_clicks_message_idx on message_clicks (program_id, message_id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table message_clicks; drop table message_opens; drop table email_settings;
    drop table email_transports; drop table sending_domains;
  `.execute(db);
}
