// Statements that outgrow a migration's template literal and change over time (a PL/pgSQL function) live in
// `.sql` files beside the module's migrations, one file per version: `<dir>/<name>.v<N>.sql`. A migration loads
// one version, so a database keeps what it applied and a fresh one replays the versions in order. To change
// the statement, copy the latest version to the next number, edit that file and add a migration that loads it;
// never edit a version a migration has loaded.
import fs from 'node:fs';
import { sql, type Kysely } from 'kysely';

export function sqlFileText(dir: URL, name: string, version: number): string {
  return fs.readFileSync(new URL(`${name}.v${version}.sql`, dir), 'utf8');
}

/** Runs every statement of one version of a module's SQL file. */
export async function runSqlFile(
  db: Kysely<unknown>,
  file: { dir: URL; name: string; version: number },
): Promise<void> {
  await sql.raw(sqlFileText(file.dir, file.name, file.version)).execute(db);
}
