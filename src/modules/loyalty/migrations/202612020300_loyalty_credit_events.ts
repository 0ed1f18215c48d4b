import { sql, type Kysely } from 'kysely';
import { runSqlFile } from '../../../platform/db/sql-file.ts';

// Loyalty's events move into the event bus's outbox (event_outbox): the rows of loyalty_events are copied in
// id order, and the credit statement (version 3 of sql/loyalty_record_purchases) publishes purchase.recorded
// and points.earned in the statement that writes them.
const file = (version: number) => ({
  dir: new URL('../sql/', import.meta.url),
  name: 'loyalty_record_purchases',
  version,
});

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    insert into event_outbox (program_id, type, member_id, payload, occurred_at)
    select program_id, type, member_id, payload, occurred_at from loyalty_events order by id;
    drop table loyalty_events;
  `.execute(db);
  await runSqlFile(db, file(3));
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runSqlFile(db, file(2));
  await sql`
    create table loyalty_events (
      id bigserial,
      program_id uuid not null,
      member_id uuid not null,
      type text not null,
      payload jsonb not null default '{}'::jsonb,
      occurred_at timestamptz not null,
      primary key (program_id, id)
    );
    create index loyalty_events_member_idx on loyalty_events (program_id, member_id, id);
    insert into loyalty_events (program_id, member_id, type, payload, occurred_at)
    select program_id, member_id, type, payload, occurred_at from event_outbox
    where member_id is not null
      and type in ('tier.changed', 'points.expiring', 'points.expired')
    order by id;
  `.execute(db);
}
