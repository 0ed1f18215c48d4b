import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table segments (
      id uuid primary key default gen_random_uuid(),
      program_id uuid not null references programs(id),
      name text not null,
      description text not null default '',
      rule jsonb not null,
      member_count integer not null default 0,
      refreshed_at timestamptz,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      deleted_at timestamptz
    );
    create unique index segments_name_key on segments (program_id, name) where deleted_at is null;

    create table segment_members (
      program_id uuid not null,
      segment_id uuid not null references segments(id),
      member_id uuid not null references members(id),
      entered_at timestamptz not null,
      primary key (segment_id, member_id)
    );

    create table segment_events (
      id bigserial primary key,
      program_id uuid not null,
      segment_id uuid not null references segments(id),
      member_id uuid not null references members(id),
      type text not null check (type in ('segment.entered', 'segment.left')),
      occurred_at timestamptz not null
    );
    create index segment_events_program_idx on segment_events (program_id, id);
    create index segment_events_member_idx on segment_events (program_id, member_id, id);

    create table segment_sizes (
      program_id uuid not null,
      segment_id uuid not null references segments(id),
      day date not null,
      members integer not null,
      measured_at timestamptz not null,
      primary key (segment_id, day)
    );

    -- What the rule fields read most: tracked events by name and time, tags by member.
    create index events_segment_idx on events (program_id, name, occurred_at) include (member_id)
      where type = 'track' and member_id is not null;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index events_segment_idx; drop table segment_sizes, segment_events, segment_members, segments`.execute(
    db,
  );
}
