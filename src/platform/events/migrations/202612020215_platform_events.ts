// The event bus: one outbox (event_outbox; `events` is ingest's table of tracked Segment events) for every
// module's events, and each outbox subscriber's position in it. `tx` is
// the id of the transaction that wrote the event: ids (bigserial) are taken in insert order but transactions
// commit in any order, so a reader going by id alone could pass an id whose transaction commits later and
// never see it. The dispatcher reads in (tx, id) order only below the oldest transaction still running
// (pg_snapshot_xmin): that set never grows, so a position in it is safe (ADR 0007).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table event_outbox (
      id bigserial,
      program_id uuid not null,
      type text not null,
      member_id uuid,
      payload jsonb not null default '{}'::jsonb,
      occurred_at timestamptz not null,
      tx xid8 not null default pg_current_xact_id(),
      primary key (program_id, id)
    );
    create index event_outbox_dispatch_idx on event_outbox (tx, id);
    create index event_outbox_member_idx on event_outbox (program_id, member_id, id);
    create index event_outbox_type_idx on event_outbox (program_id, type, id);

    create table event_subscribers (
      name text primary key,
      position_tx xid8 not null,
      position_id bigint not null default 0,
      handled bigint not null default 0,
      failures int not null default 0,
      last_error text,
      retry_at timestamptz,
      created_at timestamptz not null,
      updated_at timestamptz not null
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table event_subscribers, event_outbox`.execute(db);
}
