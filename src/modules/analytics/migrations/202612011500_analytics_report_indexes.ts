import { sql, type Kysely } from 'kysely';

// Indexes for the analytics reports: each time series reads one program's rows in a time range, and the
// included columns let PostgreSQL answer from the index alone (index-only scans) on large tables.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index loyalty_ledger_time_idx on loyalty_ledger (program_id, occurred_at) include (kind, points);
    create index loyalty_purchases_time_idx on loyalty_purchases (program_id, occurred_at)
      include (member_id, total, currency);
    create index loyalty_refunds_time_idx on loyalty_refunds (program_id, created_at) include (purchase_id, amount);
    create index members_left_idx on members (program_id, deleted_at) where deleted_at is not null;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index loyalty_ledger_time_idx, loyalty_purchases_time_idx, loyalty_refunds_time_idx,
    members_left_idx`.execute(db);
}
