import { sql, type Kysely } from 'kysely';

// The expiry job looks for pending submissions past their expiry: a small partial index keeps that cheap.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index form_submissions_pending_idx on form_submissions (expires_at) where status = 'pending'
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index form_submissions_pending_idx`.execute(db);
}
