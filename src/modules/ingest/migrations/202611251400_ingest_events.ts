import { sql, type Kysely } from 'kysely';

// Segment-style events (identify, track, page, screen) as received, deduplicated by (program, message id).
// Events from visitors not yet known as members keep anonymous_id / user_id and get member_id once an
// identify links them; effect_status says whether their loyalty effect still waits for that.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table events (
      id bigserial,
      program_id uuid not null references programs(id),
      member_id uuid references members(id),
      anonymous_id text,
      user_id text,
      type text not null check (type in ('identify','track','page','screen')),
      name text,
      properties jsonb not null default '{}'::jsonb,
      context jsonb not null default '{}'::jsonb,
      message_id text not null,
      occurred_at timestamptz not null,
      received_at timestamptz not null,
      effect_status text not null default 'none'
        check (effect_status in ('none','applied','awaiting_member','failed')),
      effect jsonb,
      primary key (program_id, id)
    );
    create unique index events_message_id_key on events (program_id, message_id);
    create index events_member_idx on events (program_id, member_id, occurred_at desc, id desc)
      where member_id is not null;
    create index events_anonymous_idx on events (program_id, anonymous_id) where member_id is null;
    create index events_user_idx on events (program_id, user_id) where member_id is null;
    create index events_awaiting_idx on events (program_id, member_id) where effect_status = 'awaiting_member';

    create table ingest_anonymous_ids (
      program_id uuid not null references programs(id),
      anonymous_id text not null,
      member_id uuid not null references members(id),
      linked_at timestamptz not null,
      primary key (program_id, anonymous_id)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table ingest_anonymous_ids; drop table events`.execute(db);
}
