// Each member's lifetime value figures, kept by the value module's subscription to purchase.recorded and
// purchase.refunded (metrics.ts). A read model: rebuilt from the loyalty purchases by replaying the subscriber.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table value_member_metrics (
      program_id uuid not null,
      member_id uuid primary key,
      currency text not null,
      orders integer not null,
      net_spend bigint not null,
      first_purchase_at timestamptz,
      last_purchase_at timestamptz,
      distinct_categories integer not null,
      top_category text,
      last_event_id bigint not null,
      updated_at timestamptz not null
    );
    create index value_member_metrics_spend_idx on value_member_metrics (program_id, net_spend desc, member_id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table value_member_metrics`.execute(db);
}
