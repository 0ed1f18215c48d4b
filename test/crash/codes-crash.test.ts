// The crash suite, bulk coupon codes: a real `moadon worker` process is killed with SIGKILL while it generates
// a 60,000-code batch. Once the dead worker's lease has run out (a simulated clock here, LEASE_MS), another
// worker takes the job up and resumes after the last committed chunk: exactly 60,000 codes, all distinct,
// the counter equal to the rows. The worker runs on a database of its own, so that it takes no other test
// file's jobs. PostgreSQL only, like crash.test.ts.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openOwnPostgresDatabase, type OwnDatabase } from '../harness.ts';
import { clubJobs } from '../../src/app/index.ts';
import { SYSTEM_ACTOR } from '../../src/modules/audit/index.ts';
import { createCouponBatch, createReward, getCouponBatch } from '../../src/modules/rewards/index.ts';
import { createProgram } from '../../src/modules/programs/index.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import type { Database } from '../../src/platform/db/database.ts';
import { LEASE_MS, Worker } from '../../src/platform/jobs/index.ts';

const target = inject('testDatabase');
const onPostgres = target.kind === 'postgres';
if (!onPostgres) {
  console.info(
    'coupon codes crash test skipped: it kills a worker process on PostgreSQL; set TEST_DATABASE_URL',
  );
}

const CODES = 60_000;
let database: Database;
let url: string;
let own: OwnDatabase | undefined;

beforeAll(async () => {
  if (target.kind !== 'postgres') return;
  own = await openOwnPostgresDatabase(target.url, 'moadon_crash');
  ({ database, url } = own);
}, 120_000);
afterAll(async () => {
  await own?.drop();
});

describe.skipIf(!onPostgres)('crash suite: kill -9 of a worker generating coupon codes', () => {
  it(
    'the batch is taken up again after the lease and ends with every code once',
    { timeout: 240_000 },
    async () => {
      const db = database.db;
      const clock = new ManualClock(new Date());
      const program = await createProgram(db, { slug: 'crash-codes', name: 'Crash club' });
      const reward = await createReward(db, clock, SYSTEM_ACTOR, program.id, {
        kind: 'fixed_discount',
        costPoints: 0,
        texts: { en: { name: '₪10 off' } },
        effect: { amount: 1_000 },
      });
      const batch = await createCouponBatch(db, clock, SYSTEM_ACTOR, program.id, {
        rewardId: reward.id,
        name: 'Flyers',
        count: CODES,
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
      const stored = async () => {
        const row = await db
          .selectFrom('coupons')
          .select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.count<string>('code').distinct().as('d')])
          .where('program_id', '=', program.id)
          .executeTakeFirstOrThrow();
        return { n: Number(row.n), distinct: Number(row.d) };
      };
      let gone = false;
      void exited.then(() => (gone = true));
      // Kill it once a quarter of the codes are in: mid-batch.
      while ((await stored()).n < CODES / 4) {
        if (gone) throw new Error(`the worker exited before the batch was under way:\n${output}`);
      }
      worker.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');

      const cut = await stored();
      expect(cut.n).toBeLessThan(CODES);
      // What was committed is whole: the counter says exactly how many codes are stored.
      expect((await getCouponBatch(db, program.id, batch.id)).generated).toBe(cut.n);
      const codeJobs = () =>
        db
          .selectFrom('jobs')
          .selectAll()
          .where('program_id', '=', program.id)
          .where('type', '=', 'rewards.generate-codes')
          .execute();
      const held = await codeJobs();
      expect(held.map((j) => j.state)).toEqual(['running']);

      // Before the dead worker's lease runs out nobody takes the job; after it, the next worker does.
      await new Worker({ db, clock, modules: clubJobs }).drain();
      expect((await stored()).n).toBe(cut.n);
      const leaseEnd = held[0]!.locked_until!.getTime();
      clock.advance(Math.max(0, leaseEnd - clock.now().getTime()) + LEASE_MS + 1_000);
      await new Worker({ db, clock, modules: clubJobs }).drain();

      const jobs = await codeJobs();
      expect(jobs.map((j) => [j.state, j.attempts])).toEqual([['done', 2]]);
      const view = await getCouponBatch(db, program.id, batch.id);
      expect(view).toMatchObject({ status: 'ready', generated: CODES, percent: 100 });
      expect(await stored()).toEqual({ n: CODES, distinct: CODES });
    },
  );
});
