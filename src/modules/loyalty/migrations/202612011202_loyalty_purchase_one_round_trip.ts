import { sql, type Kysely } from 'kysely';
import { runSqlFile } from '../../../platform/db/sql-file.ts';
import { up as createTwoStatementFunctions } from './202612011200_loyalty_purchase_functions.ts';

// The one-statement purchase path in one round trip (purchase-fast-path.ts): instead of reading the accounts
// first and writing in a second statement, the caller sends each purchase with its outcome for every account
// state that matters, and this function reads the account, picks the outcome and writes — or declines, and the
// caller takes the full transaction. Replaces the two functions of migration 202612011200. The function is
// version 1 of sql/loyalty_record_purchases.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`drop function loyalty_purchase_snapshots(jsonb)`.execute(db);
  await runSqlFile(db, {
    dir: new URL('../sql/', import.meta.url),
    name: 'loyalty_record_purchases',
    version: 1,
  });
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function loyalty_record_purchases(jsonb);`.execute(db);
  await createTwoStatementFunctions(db);
}
