import { sql, type Kysely } from 'kysely';

// Every purchase updates its member's account row. The index on last_activity_at made each of those updates
// write new index entries (a changed indexed column rules out a HOT update), so an active member's account
// collected a dead index entry per purchase until vacuum, and every lookup of the account walked them all.
// Without it, and with room left on each page, the update stays on the page (HOT) and the primary key keeps one
// entry per account. The daily inactivity-expiry job, the index's only reader, scans the program's accounts.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index loyalty_accounts_activity_idx;
    alter table loyalty_accounts set (fillfactor = 70);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table loyalty_accounts reset (fillfactor);
    create index loyalty_accounts_activity_idx on loyalty_accounts (program_id, last_activity_at);
  `.execute(db);
}
