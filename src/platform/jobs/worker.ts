// Runs jobs: claims due jobs up to its concurrency, runs their handlers, and records the outcome.
// stop() stops claiming and waits for running jobs to finish; a job cut off by a crash comes back
// when its lease expires. Beside the jobs it dispatches the event outbox to the outbox subscribers it is given
// (platform/events), in a loop of its own so that a slow subscriber does not hold up jobs.
import crypto from 'node:crypto';
import os from 'node:os';
import type { Config } from '../../config.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import { dispatchEvents } from '../events/dispatch.ts';
import type { OutboxSubscription } from '../events/types.ts';
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
  /** Outbox subscribers to dispatch events to (none: this worker runs jobs only). */
  subscriptions?: readonly OutboxSubscription[];
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
  readonly #subscriptions: readonly OutboxSubscription[];
  readonly #concurrency: number;
  readonly #pollMs: number;
  readonly #log: WorkerLog;
  readonly #running = new Set<Promise<void>>();
  #stopping = false;
  #loop: Promise<void> | undefined;
  #dispatchLoop: Promise<void> | undefined;
  #wakeDispatch: (() => void) | undefined;
  #wake: (() => void) | undefined;

  constructor(options: WorkerOptions) {
    this.id = options.workerId ?? `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;
    this.#db = options.db;
    this.#clock = options.clock;
    this.#config = options.config ?? {};
    this.#concurrency = options.concurrency ?? 4;
    this.#pollMs = options.pollMs ?? 1000;
    this.#log = options.log ?? silent;
    this.#subscriptions = options.subscriptions ?? [];
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
      if (outcome === 'deferred') return;
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

  /** Hands the outbox's new events to the subscribers; returns how many were handled. */
  dispatch(): Promise<number> {
    if (this.#subscriptions.length === 0) return Promise.resolve(0);
    return dispatchEvents(this.#db, this.#clock, this.#subscriptions);
  }

  /**
   * Runs due jobs and dispatches events until neither is left (tests and CLI use this with a simulated
   * clock); returns the jobs and events handled.
   */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const events = await this.dispatch();
      const n = await this.tick();
      await Promise.all(this.#running);
      total += n + events;
      if (n === 0 && events === 0) return total;
    }
  }

  #sleep(): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, this.#pollMs);
      this.#wakeDispatch = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  start(): void {
    if (this.#loop) return;
    this.#log.info({ workerId: this.id, concurrency: this.#concurrency }, 'worker started');
    if (this.#subscriptions.length > 0) {
      this.#dispatchLoop = (async () => {
        while (!this.#stopping) {
          let handled = 0;
          try {
            handled = await this.dispatch();
          } catch (error) {
            this.#log.error({ err: error }, 'event dispatch failed');
          }
          if (!this.#stopping && handled === 0) await this.#sleep();
        }
      })();
    }
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
    this.#wakeDispatch?.();
    await this.#loop;
    await this.#dispatchLoop;
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
