import { sql, type Kysely } from 'kysely';

// member_events folds into the event bus's outbox (event_outbox): its rows are copied in id order.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    insert into event_outbox (program_id, type, member_id, payload, occurred_at)
    select program_id, type, member_id, payload, occurred_at from member_events order by id;
    drop table member_events;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table member_events (
      id bigserial primary key,
      program_id uuid not null references programs(id),
      member_id uuid not null references members(id),
      type text not null,
      payload jsonb not null default '{}'::jsonb,
      occurred_at timestamptz not null
    );
    create index member_events_type_idx on member_events (program_id, type, id);
    create index member_events_member_idx on member_events (program_id, member_id, id);
    insert into member_events (program_id, member_id, type, payload, occurred_at)
    select program_id, member_id, type, payload, occurred_at from event_outbox
    where type in ('member.joined', 'member.unsubscribed') order by id;
  `.execute(db);
}
