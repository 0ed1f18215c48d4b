import { sql, type Kysely } from 'kysely';

// An API key can be bound to one partner (a coalition business), like a partner user's program role: it then
// sees and changes only that partner's purchases.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table api_keys add column partner_id uuid`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table api_keys drop column partner_id`.execute(db);
}
