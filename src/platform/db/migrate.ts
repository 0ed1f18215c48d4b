// Migrations live beside the module that owns the tables: <module>/migrations/<YYYYMMDDHHMM>_<module>_<what>.ts,
// named by the module's manifest; the kernel's own are in platform/db, platform/jobs and platform/events. They run in name order
// across all folders; unordered ones (merged from parallel work) are allowed.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { ModuleManifest } from '../module.ts';
import type { Db } from './database.ts';

const KERNEL_MIGRATIONS = [
  fileURLToPath(new URL('./migrations', import.meta.url)),
  fileURLToPath(new URL('../jobs/migrations', import.meta.url)),
  fileURLToPath(new URL('../events/migrations', import.meta.url)),
];

function migrationFiles(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((name) => /^\d{12}_[a-z0-9_]+\.ts$/.test(name))
    .map((name) => path.join(dir, name));
}

class ModuleMigrationProvider implements MigrationProvider {
  constructor(private readonly dirs: readonly string[]) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const migrations: Record<string, Migration> = {};
    const files = this.dirs.flatMap(migrationFiles);
    for (const file of files.sort((a, b) => path.basename(a).localeCompare(path.basename(b)))) {
      const name = path.basename(file, '.ts');
      if (migrations[name]) throw new Error(`Two migrations are named ${name}`);
      migrations[name] = (await import(pathToFileURL(file).href)) as Migration;
    }
    return migrations;
  }
}

/** Applies the kernel's and the given modules' migrations. */
export async function migrateToLatest(db: Db, modules: readonly ModuleManifest[]): Promise<string[]> {
  const dirs = [...KERNEL_MIGRATIONS, ...modules.flatMap((m) => (m.migrations ? [m.migrations] : []))];
  const migrator = new Migrator({
    db,
    provider: new ModuleMigrationProvider(dirs),
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
