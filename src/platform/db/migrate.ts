// Migrations live beside the module that owns the tables: src/**/migrations/<YYYYMMDDHHMM>_<module>_<what>.ts.
// They run in name order; unordered ones (merged from parallel work) are allowed.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './database.ts';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function migrationFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...migrationFiles(full));
    else if (path.basename(dir) === 'migrations' && /^\d{12}_[a-z0-9_]+\.ts$/.test(entry.name))
      found.push(full);
  }
  return found;
}

class ModuleMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    const migrations: Record<string, Migration> = {};
    for (const file of migrationFiles(SRC).sort((a, b) => path.basename(a).localeCompare(path.basename(b)))) {
      const name = path.basename(file, '.ts');
      if (migrations[name]) throw new Error(`Two migrations are named ${name}`);
      migrations[name] = (await import(pathToFileURL(file).href)) as Migration;
    }
    return migrations;
  }
}

export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: new ModuleMigrationProvider(),
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
