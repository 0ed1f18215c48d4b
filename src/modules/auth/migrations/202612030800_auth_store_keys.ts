import { sql, type Kysely } from 'kysely';

// An API key can be bound to one store (a till): it then validates, redeems and undoes coupons only as that
// store, and reaches no route that is not store-scoped. Stores are the free-form ids carts already carry.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table api_keys add column store_id text`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table api_keys drop column store_id`.execute(db);
}
