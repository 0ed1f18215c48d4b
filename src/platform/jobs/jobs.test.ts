import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTest, type TestContext } from '../../../test/harness.ts';
import { AppError } from '../http/errors.ts';
import { enqueueJob, retryDeadJob, retryDelayMs, type Job } from './queue.ts';
import { Worker, type JobModule } from './worker.ts';

let t: TestContext;
beforeAll(async () => {
  t = await setupTest();
});
afterAll(() => t.close());

const unique = () => `t${Math.random().toString(36).slice(2)}`;

async function jobRow(id: number) {
  return t.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

describe('job queue', () => {
  it('runs a queued job once and records it done', async () => {
    const type = unique();
    const seen: Job[] = [];
    const worker = new Worker({
      db: t.db,
      clock: t.clock,
      modules: [{ handlers: { [type]: async (job) => void seen.push(job) } }],
    });
    const id = await enqueueJob(t.db, t.clock, { type, payload: { greeting: 'שלום' } });
    expect(id).not.toBeNull();
    await worker.drain();
    expect(seen.map((j) => j.payload)).toEqual([{ greeting: 'שלום' }]);
    expect((await jobRow(id!)).state).toBe('done');
  });

  it('waits for run_at', async () => {
    const type = unique();
    let runs = 0;
    const worker = new Worker({
      db: t.db,
      clock: t.clock,
      modules: [{ handlers: { [type]: async () => void runs++ } }],
    });
    await enqueueJob(t.db, t.clock, { type, runAt: new Date(t.clock.now().getTime() + 60_000) });
    await worker.drain();
    expect(runs).toBe(0);
    t.clock.advance(61_000);
    await worker.drain();
    expect(runs).toBe(1);
  });

  it('ends a job dead at once on a permanent error (an AppError with a 4xx status), without retries', async () => {
    const type = unique();
    let calls = 0;
    const worker = new Worker({
      db: t.db,
      clock: t.clock,
      modules: [
        {
          handlers: {
            [type]: async () => {
              calls++;
              throw new AppError('invalid_csv', 400, 'Line 2: a quoted value is never closed');
            },
          },
        },
      ],
    });
    const id = (await enqueueJob(t.db, t.clock, { type, maxAttempts: 5 }))!;
    await worker.drain();
    t.clock.advance(10 * 3_600_000);
    await worker.drain();
    expect(calls).toBe(1);
    expect(await jobRow(id)).toMatchObject({ state: 'dead', attempts: 1 });
    expect((await jobRow(id)).last_error).toContain('a quoted value is never closed');
  });

  it('retries with backoff and ends dead after max attempts; a dead job can be retried', async () => {
    const type = unique();
    let calls = 0;
    const failing: JobModule = {
      handlers: {
        [type]: async () => {
          calls++;
          throw new Error('SMTP unavailable');
        },
      },
    };
    const worker = new Worker({ db: t.db, clock: t.clock, modules: [failing] });
    const id = (await enqueueJob(t.db, t.clock, { type, maxAttempts: 3 }))!;
    await worker.drain();
    let row = await jobRow(id);
    expect(row).toMatchObject({ state: 'queued', attempts: 1, last_error: 'Error: SMTP unavailable' });
    expect(row.run_at.getTime()).toBeGreaterThan(t.clock.now().getTime());
    for (let i = 0; i < 2; i++) {
      t.clock.advance(3_600_000);
      await worker.drain();
    }
    row = await jobRow(id);
    expect(row.state).toBe('dead');
    expect(calls).toBe(3);
    t.clock.advance(10 * 3_600_000);
    await worker.drain();
    expect(calls).toBe(3);
    expect(await retryDeadJob(t.db, t.clock, id)).toBe(true);
    expect((await jobRow(id)).state).toBe('queued');
  });

  it('backoff grows exponentially and is capped', () => {
    expect(retryDelayMs(1, () => 0.5)).toBe(2000);
    expect(retryDelayMs(3, () => 0.5)).toBe(8000);
    expect(retryDelayMs(30, () => 0.5)).toBe(3_600_000);
  });

  it('deduplicates by unique key while queued or running, not after', async () => {
    const type = unique();
    const worker = new Worker({
      db: t.db,
      clock: t.clock,
      modules: [{ handlers: { [type]: async () => {} } }],
    });
    const key = unique();
    expect(await enqueueJob(t.db, t.clock, { type, uniqueKey: key })).not.toBeNull();
    expect(await enqueueJob(t.db, t.clock, { type, uniqueKey: key })).toBeNull();
    await worker.drain();
    expect(await enqueueJob(t.db, t.clock, { type, uniqueKey: key })).not.toBeNull();
  });

  it('several workers never run the same job twice', async () => {
    const type = unique();
    const runs = new Map<number, number>();
    const module: JobModule = {
      handlers: {
        [type]: async (job) => {
          runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
          await new Promise((r) => setTimeout(r, 1));
        },
      },
    };
    const ids = await Promise.all(Array.from({ length: 40 }, () => enqueueJob(t.db, t.clock, { type })));
    const workers = [1, 2, 3].map(
      () => new Worker({ db: t.db, clock: t.clock, modules: [module], concurrency: 4 }),
    );
    await Promise.all(workers.map((w) => w.drain()));
    expect([...runs.keys()].sort()).toEqual([...ids].sort());
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
  });

  it('gives a job back when its worker died mid-run (lease expired)', async () => {
    const type = unique();
    const id = (await enqueueJob(t.db, t.clock, { type }))!;
    // A worker claims it and "crashes": the row stays running with a lease.
    await t.db
      .updateTable('jobs')
      .set({ state: 'running', locked_by: 'dead-worker', locked_until: t.clock.now() })
      .where('id', '=', id)
      .execute();
    t.clock.advance(1000);
    let runs = 0;
    const worker = new Worker({
      db: t.db,
      clock: t.clock,
      modules: [{ handlers: { [type]: async () => void runs++ } }],
    });
    await worker.drain();
    expect(runs).toBe(1);
    expect((await jobRow(id)).state).toBe('done');
  });

  it('recurring schedules enqueue one run per period across workers', async () => {
    const type = unique();
    let runs = 0;
    const module: JobModule = {
      handlers: { [type]: async () => void runs++ },
      schedules: [{ name: `sched-${type}`, type, everySeconds: 3600 }],
    };
    const a = new Worker({ db: t.db, clock: t.clock, modules: [module] });
    const b = new Worker({ db: t.db, clock: t.clock, modules: [module] });
    await Promise.all([a.drain(), b.drain()]);
    await a.drain();
    expect(runs).toBe(1);
    t.clock.advance(3600_000);
    await Promise.all([a.drain(), b.drain()]);
    expect(runs).toBe(2);
  });

  it('stop() waits for a running job to finish', async () => {
    const type = unique();
    let finished = false;
    const worker = new Worker({
      db: t.db,
      clock: t.clock,
      pollMs: 10,
      modules: [
        {
          handlers: {
            [type]: async () => {
              await new Promise((r) => setTimeout(r, 50));
              finished = true;
            },
          },
        },
      ],
    });
    const id = (await enqueueJob(t.db, t.clock, { type }))!;
    worker.start();
    while ((await jobRow(id)).state === 'queued') await new Promise((r) => setTimeout(r, 5));
    await worker.stop();
    expect(finished).toBe(true);
    expect((await jobRow(id)).state).toBe('done');
  });
});
