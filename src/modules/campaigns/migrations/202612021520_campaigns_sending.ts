import { sql, type Kysely } from 'kysely';

// Sending: an optional per-campaign rate (messages per minute, below the transport's own limit), and the A/B
// winner's decision as it was made (the metric's counts per variant at the time), kept for the results.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table campaigns
      add column send_rate_per_minute integer check (send_rate_per_minute is null or send_rate_per_minute > 0),
      add column winner_decision jsonb;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table campaigns drop column send_rate_per_minute, drop column winner_decision`.execute(db);
}
