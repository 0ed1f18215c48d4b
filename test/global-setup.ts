// Prepares one migrated database for the whole run: a fresh PostgreSQL database when TEST_DATABASE_URL is
// set, otherwise a PGlite snapshot that each test file loads into its own in-memory instance.
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../src/platform/db/database.ts';
import { migrateClub } from '../src/app/index.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    testDatabase: { kind: 'postgres'; url: string } | { kind: 'pglite'; snapshot: string };
  }
}

export default async function setup(project: TestProject) {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const name = `moadon_test_${Date.now()}_${process.pid}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const database = await openDatabase({ databaseUrl: url.toString() });
    await migrateClub(database.db);
    await database.close();
    project.provide('testDatabase', { kind: 'postgres', url: url.toString() });
    return async () => {
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    };
  }
  const dir = path.resolve('.test-data');
  fs.mkdirSync(dir, { recursive: true });
  const snapshot = path.join(dir, `snapshot-${process.pid}.tar`);
  const database = await openDatabase({});
  await migrateClub(database.db);
  const dump = await database.pglite!.dumpDataDir('none');
  fs.writeFileSync(snapshot, Buffer.from(await dump.arrayBuffer()));
  await database.close();
  project.provide('testDatabase', { kind: 'pglite', snapshot });
  return () => fs.rmSync(snapshot, { force: true });
}
