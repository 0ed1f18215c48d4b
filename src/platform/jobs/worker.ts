// Runs jobs: claims due jobs up to its concurrency, runs their handlers, and records the outcome.
// stop() stops claiming and waits for running jobs to finish; a job cut off by a crash comes back
// when its lease expires.
import crypto from 'node:crypto';
import os from 'node:os';
import type { Config } from '../../config.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import {
  claimJobs,
  completeJob,
  enqueueDueSchedules,
  failJob,
  releaseExpiredLeases,
  type Job,
  type RecurringSchedule,
} from './queue.ts';

export interface JobContext {
  db: Db;
  clock: Clock;
  /** Settings handlers need at run time (e.g. SMTP_URL for the send job); tests pass only what they use. */
  config: Partial<Config>;
}

export type JobHandler = (job: Job, ctx: JobContext) => Promise<void>;

/** What a module contributes: handlers by job type, and recurring schedules. */
export interface JobModule {
  handlers: Record<string, JobHandler>;
  schedules?: RecurringSchedule[];
}

export interface WorkerLog {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface WorkerOptions {
  db: Db;
  clock: Clock;
  modules: readonly JobModule[];
  config?: Partial<Config>;
  concurrency?: number;
  pollMs?: number;
  log?: WorkerLog;
  workerId?: string;
}

const silent: WorkerLog = { info: () => {}, error: () => {} };

export class Worker {
  readonly id: string;
  readonly #db: Db;
  readonly #clock: Clock;
  readonly #config: Partial<Config>;
  readonly #handlers = new Map<string, JobHandler>();
  readonly #schedules: RecurringSchedule[] = [];
  readonly #concurrency: number;
  readonly #pollMs: number;
  readonly #log: WorkerLog;
  readonly #running = new Set<Promise<void>>();
  #stopping = false;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;

  constructor(options: WorkerOptions) {
    this.id = options.workerId ?? `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;
    this.#db = options.db;
    this.#clock = options.clock;
    this.#config = options.config ?? {};
    this.#concurrency = options.concurrency ?? 4;
    this.#pollMs = options.pollMs ?? 1000;
    this.#log = options.log ?? silent;
    for (const module of options.modules) {
      for (const [type, handler] of Object.entries(module.handlers)) {
        if (this.#handlers.has(type)) throw new Error(`Two job handlers for type ${type}`);
        this.#handlers.set(type, handler);
      }
      this.#schedules.push(...(module.schedules ?? []));
    }
  }

  async #run(job: Job): Promise<void> {
    const ctx = { db: this.#db, clock: this.#clock, config: this.#config };
    try {
      const handler = this.#handlers.get(job.type);
      if (!handler) throw new Error(`No handler for job type "${job.type}"`);
      await handler(job, ctx);
      await completeJob(this.#db, this.#clock, job);
    } catch (error) {
      const outcome = await failJob(this.#db, this.#clock, job, error).catch(() => 'unrecorded');
      this.#log.error(
        { err: error, jobId: job.id, type: job.type, attempts: job.attempts, outcome },
        'job failed',
      );
    }
  }

  /** One round: housekeeping, then claim and run as many due jobs as there are free slots. */
  async tick(): Promise<number> {
    await releaseExpiredLeases(this.#db, this.#clock);
    await enqueueDueSchedules(this.#db, this.#clock, this.#schedules);
    const free = this.#concurrency - this.#running.size;
    if (free <= 0 || this.#stopping) return 0;
    const jobs = await claimJobs(this.#db, this.#clock, this.id, free);
    for (const job of jobs) {
      const running: Promise<void> = this.#run(job).finally(() => {
        this.#running.delete(running);
        this.#wake?.();
      });
      this.#running.add(running);
    }
    return jobs.length;
  }

  /** Runs due jobs until none are left (tests and CLI use this with a simulated clock). */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.tick();
      await Promise.all(this.#running);
      total += n;
      if (n === 0) return total;
    }
  }

  start(): void {
    if (this.#loop) return;
    this.#log.info({ workerId: this.id, concurrency: this.#concurrency }, 'worker started');
    this.#loop = (async () => {
      while (!this.#stopping) {
        let claimed = 0;
        try {
          claimed = await this.tick();
        } catch (error) {
          this.#log.error({ err: error }, 'worker tick failed');
        }
        if (this.#stopping) break;
        if (claimed === 0 || this.#running.size >= this.#concurrency) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, this.#pollMs);
            this.#wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          this.#wake = undefined;
        }
      }
    })();
  }

  /** Stops claiming and waits (up to timeoutMs) for running jobs to finish. */
  async stop(timeoutMs = 30_000): Promise<void> {
    this.#stopping = true;
    this.#wake?.();
    await this.#loop;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(this.#running),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    this.#log.info({ workerId: this.id, unfinished: this.#running.size }, 'worker stopped');
  }
}
