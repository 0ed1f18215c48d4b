import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table imports (
      id uuid primary key default gen_random_uuid(),
      program_id uuid not null references programs(id),
      status text not null default 'queued' check (status in ('queued','running','completed','failed')),
      dry_run boolean not null,
      file_name text not null,
      file_path text not null,
      checksum text not null,
      size_bytes bigint not null,
      encoding text not null,
      options jsonb not null,
      total_rows integer not null default 0,
      created integer not null default 0,
      updated integer not null default 0,
      unchanged integer not null default 0,
      rejected integer not null default 0,
      rows_done integer not null default 0,
      bytes_done bigint not null default 0,
      errors_path text not null,
      errors_bytes bigint not null default 0,
      report jsonb not null default '{}'::jsonb,
      same_as_import_id uuid,
      failure text,
      created_by text,
      created_at timestamptz not null default now(),
      started_at timestamptz,
      heartbeat_at timestamptz,
      finished_at timestamptz
    );
    create index imports_program_idx on imports (program_id, created_at desc);
    create index imports_checksum_idx on imports (program_id, checksum);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table imports`.execute(db);
}
