import type { Kysely } from 'kysely';
import { runSqlFile } from '../../../platform/db/sql-file.ts';

// One statement writes every credit of points — both ways of recording a purchase, event bonuses and
// adjustments (record-credits.ts) — and names why it declined one (version 2 of sql/loyalty_record_purchases).
const file = (version: number) => ({
  dir: new URL('../sql/', import.meta.url),
  name: 'loyalty_record_purchases',
  version,
});

export async function up(db: Kysely<unknown>): Promise<void> {
  await runSqlFile(db, file(2));
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runSqlFile(db, file(1));
}
