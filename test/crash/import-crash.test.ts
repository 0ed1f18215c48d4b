// The crash suite, background work: a real `moadon worker` process is killed with SIGKILL in the middle of a
// 20,000-row import. Its job is not stuck: once the dead worker's lease has run out (a simulated clock here,
// LEASE_MS), another worker takes it up, the import resumes after its last committed batch and ends with
// every row imported exactly once. The worker runs on a database of its own, so that it takes no other test
// file's jobs. PostgreSQL only, like crash.test.ts.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openOwnPostgresDatabase, type OwnDatabase } from '../harness.ts';
import { clubJobs } from '../../src/app/index.ts';
import { SYSTEM_ACTOR } from '../../src/modules/audit/index.ts';
import { createImport, getImport, IMPORT_JOB } from '../../src/modules/imports/index.ts';
import { createProgram } from '../../src/modules/programs/index.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import type { Database } from '../../src/platform/db/database.ts';
import { LEASE_MS, Worker } from '../../src/platform/jobs/index.ts';

const target = inject('testDatabase');
const onPostgres = target.kind === 'postgres';
if (!onPostgres) {
  console.info('import crash test skipped: it kills a worker process on PostgreSQL; set TEST_DATABASE_URL');
}

const ROWS = 20_000;
let database: Database;
let url: string;
let tmp: string;
let own: OwnDatabase | undefined;

beforeAll(async () => {
  if (target.kind !== 'postgres') return;
  own = await openOwnPostgresDatabase(target.url, 'moadon_crash');
  ({ database, url } = own);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'moadon-import-crash-'));
}, 120_000);
afterAll(async () => {
  await own?.drop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe.skipIf(!onPostgres)('crash suite: kill -9 of a worker mid-import', () => {
  it(
    'the import is taken up again after the lease and imports every row once',
    { timeout: 240_000 },
    async () => {
      const db = database.db;
      const clock = new ManualClock(new Date());
      const program = await createProgram(db, { slug: 'crash-import', name: 'Crash club' });
      const file = path.join(tmp, 'members.csv');
      const lines = ['customer id,email,first name'];
      for (let i = 0; i < ROWS; i++) lines.push(`c-${i},member${i}@example.com,חבר ${i}`);
      fs.writeFileSync(file, lines.join('\n') + '\n');
      const created = await createImport(db, clock, SYSTEM_ACTOR, {
        programId: program.id,
        filePath: file,
        fileName: 'members.csv',
        dryRun: false,
        options: {},
        dir: tmp,
        enqueue: true,
      });

      const worker = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'worker'], {
        env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'error' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      worker.stdout.on('data', (d: Buffer) => (output += d.toString()));
      worker.stderr.on('data', (d: Buffer) => (output += d.toString()));
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        worker.on('exit', (_code, signal) => resolve(signal)),
      );
      const imported = async () =>
        Number(
          (
            await db
              .selectFrom('members')
              .select((eb) => eb.fn.countAll<string>().as('n'))
              .where('program_id', '=', program.id)
              .executeTakeFirstOrThrow()
          ).n,
        );
      let gone = false;
      void exited.then(() => (gone = true));
      // Kill it once a quarter of the rows are in: mid-import.
      while ((await imported()) < ROWS / 4) {
        if (gone) throw new Error(`the worker exited before the import was under way:\n${output}`);
      }
      worker.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');

      const cut = await imported();
      // The worker also ran the program's own scheduled work (loyalty sweeps) on start; only the import's job is held.
      expect(cut).toBeGreaterThanOrEqual(ROWS / 4);
      expect(cut).toBeLessThan(ROWS);
      const held = await db
        .selectFrom('jobs')
        .selectAll()
        .where('program_id', '=', program.id)
        .where('type', '=', IMPORT_JOB)
        .execute();
      expect(held.map((j) => j.state)).toEqual(['running']);

      // Before the dead worker's lease runs out nobody takes the job; after it, the next worker does.
      await new Worker({ db, clock, modules: clubJobs }).drain();
      const stillHeld = await db
        .selectFrom('jobs')
        .select('state')
        .where('program_id', '=', program.id)
        .where('type', '=', IMPORT_JOB)
        .execute();
      expect(stillHeld).toEqual([{ state: 'running' }]);
      // The dead worker extended its lease (LEASE_MS) after each batch, on its own clock.
      const leaseEnd = held[0]!.locked_until!.getTime();
      expect(leaseEnd - clock.now().getTime()).toBeLessThanOrEqual(LEASE_MS + 60_000);
      clock.advance(leaseEnd - clock.now().getTime() + 1_000);
      await new Worker({ db, clock, modules: clubJobs }).drain();

      const jobs = await db
        .selectFrom('jobs')
        .selectAll()
        .where('program_id', '=', program.id)
        .where('type', '=', IMPORT_JOB)
        .execute();
      expect(jobs.map((j) => [j.state, j.attempts])).toEqual([['done', 2]]);
      const view = await getImport(db, program.id, created.id);
      expect(view.status).toBe('completed');
      expect(view.counts).toEqual({ total: ROWS, created: ROWS, updated: 0, unchanged: 0, rejected: 0 });
      expect(await imported()).toBe(ROWS);
      const distinct = await db
        .selectFrom('members')
        .select((eb) => eb.fn.count<string>('external_id').distinct().as('n'))
        .where('program_id', '=', program.id)
        .executeTakeFirstOrThrow();
      expect(Number(distinct.n)).toBe(ROWS);
    },
  );
});
