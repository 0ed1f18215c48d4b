// Durable background jobs in PostgreSQL. Jobs are claimed with FOR UPDATE SKIP LOCKED, so any number of
// worker processes can share the table without running a job twice. Failures retry with exponential
// backoff; after max_attempts the job is 'dead' (kept for inspection and manual retry). A permanent error —
// an AppError with a 4xx status, the input's own fault — is dead at once: a retry would read the same input and
// fail the same way.
import { sql } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../http/errors.ts';

export interface JobSpec {
  type: string;
  payload?: Record<string, unknown>;
  programId?: string | null;
  /** When to run; default now. */
  runAt?: Date;
  /** While a job with this key is queued or running, enqueueing another with the same key does nothing. */
  uniqueKey?: string;
  maxAttempts?: number;
}

export interface Job {
  id: number;
  type: string;
  programId: string | null;
  payload: Record<string, unknown>;
  attempts: number;
  maxAttempts: number;
}

/** Returns the new job's id, or null when a queued/running job already holds the unique key. */
export async function enqueueJob(db: Db, clock: Clock, spec: JobSpec): Promise<number | null> {
  const row = await db
    .insertInto('jobs')
    .values({
      type: spec.type,
      payload: JSON.stringify(spec.payload ?? {}),
      program_id: spec.programId ?? null,
      run_at: spec.runAt ?? clock.now(),
      unique_key: spec.uniqueKey ?? null,
      ...(spec.maxAttempts ? { max_attempts: spec.maxAttempts } : {}),
      created_at: clock.now(),
    })
    .onConflict((oc) =>
      oc
        .column('unique_key')
        .where('unique_key', 'is not', null)
        .where('state', 'in', ['queued', 'running'])
        .doNothing(),
    )
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Brings a queued job with this unique key forward to now (a person resumed what it was waiting for). */
export async function wakeJob(db: Db, clock: Clock, uniqueKey: string): Promise<void> {
  await db
    .updateTable('jobs')
    .set({ run_at: clock.now() })
    .where('unique_key', '=', uniqueKey)
    .where('state', '=', 'queued')
    .where('run_at', '>', clock.now())
    .execute();
}

/** Exponential backoff: 2^attempt seconds (2 s, 4 s, 8 s …), at most one hour, with ±20 % jitter. */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(3_600_000, 1000 * 2 ** attempt);
  return Math.round(base * (0.8 + 0.4 * random()));
}

export const LEASE_MS = 5 * 60_000;

export async function claimJobs(db: Db, clock: Clock, workerId: string, limit: number): Promise<Job[]> {
  const now = clock.now();
  const leaseUntil = new Date(now.getTime() + LEASE_MS);
  const rows = await sql<{
    id: number;
    type: string;
    program_id: string | null;
    payload: Record<string, unknown>;
    attempts: number;
    max_attempts: number;
  }>`
    update jobs set state = 'running', attempts = attempts + 1, locked_by = ${workerId}, locked_until = ${leaseUntil}
    where id in (
      select id from jobs where state = 'queued' and run_at <= ${now}
      order by run_at, id limit ${limit}
      for update skip locked
    )
    returning id, type, program_id, payload, attempts, max_attempts`.execute(db);
  return rows.rows.map((r) => ({
    id: Number(r.id),
    type: r.type,
    programId: r.program_id,
    payload: r.payload,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
  }));
}

export async function completeJob(db: Db, clock: Clock, job: Job): Promise<void> {
  await db
    .updateTable('jobs')
    .set({ state: 'done', finished_at: clock.now(), locked_by: null, locked_until: null, last_error: null })
    .where('id', '=', job.id)
    .execute();
}

/** An error that no retry can cure: the request's (the job's input's) own fault. */
export function isPermanent(error: unknown): boolean {
  return error instanceof AppError && error.status >= 400 && error.status < 500;
}

/**
 * Thrown by a handler that cannot do its work yet (a rate limit, a quiet hour): the job runs again at `until`,
 * and the attempt is not counted against max_attempts.
 */
export class JobDeferred extends Error {
  constructor(
    readonly until: Date,
    reason: string,
  ) {
    super(reason);
    this.name = 'JobDeferred';
  }
}

export async function failJob(
  db: Db,
  clock: Clock,
  job: Job,
  error: unknown,
): Promise<'retry' | 'dead' | 'deferred'> {
  if (error instanceof JobDeferred) {
    await db
      .updateTable('jobs')
      .set({
        state: 'queued',
        run_at: error.until,
        attempts: sql`greatest(attempts - 1, 0)`,
        locked_by: null,
        locked_until: null,
      })
      .where('id', '=', job.id)
      .execute();
    return 'deferred';
  }
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const dead = job.attempts >= job.maxAttempts || isPermanent(error);
  await db
    .updateTable('jobs')
    .set({
      state: dead ? 'dead' : 'queued',
      run_at: new Date(clock.now().getTime() + (dead ? 0 : retryDelayMs(job.attempts))),
      last_error: message.slice(0, 4000),
      locked_by: null,
      locked_until: null,
      ...(dead ? { finished_at: clock.now() } : {}),
    })
    .where('id', '=', job.id)
    .execute();
  return dead ? 'dead' : 'retry';
}

/** Keeps a long-running job's lease (e.g. an import batch by batch), so it is not handed to another worker. */
export async function extendJobLease(db: Db, clock: Clock, jobId: number): Promise<void> {
  await db
    .updateTable('jobs')
    .set({ locked_until: new Date(clock.now().getTime() + LEASE_MS) })
    .where('id', '=', jobId)
    .where('state', '=', 'running')
    .execute();
}

/** Puts back jobs whose worker died mid-run (lease expired), so another worker picks them up. */
export async function releaseExpiredLeases(db: Db, clock: Clock): Promise<number> {
  const result = await db
    .updateTable('jobs')
    .set({ state: 'queued', locked_by: null, locked_until: null })
    .where('state', '=', 'running')
    .where('locked_until', '<', clock.now())
    .executeTakeFirst();
  return Number(result.numUpdatedRows ?? 0);
}

/** Hands a job back to the queue untouched (shutdown before it started). */
export async function releaseJob(db: Db, job: Job): Promise<void> {
  await db
    .updateTable('jobs')
    .set({ state: 'queued', attempts: sql`greatest(attempts - 1, 0)`, locked_by: null, locked_until: null })
    .where('id', '=', job.id)
    .where('state', '=', 'running')
    .execute();
}

export async function retryDeadJob(db: Db, clock: Clock, jobId: number): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({ state: 'queued', attempts: 0, run_at: clock.now(), finished_at: null })
    .where('id', '=', jobId)
    .where('state', '=', 'dead')
    .executeTakeFirst();
  return Number(result.numUpdatedRows ?? 0) === 1;
}

export interface RecurringSchedule {
  /** Unique name, e.g. 'loyalty.expire-points'. */
  name: string;
  /** Job type to enqueue each time. */
  type: string;
  everySeconds: number;
}

/** Registers schedules (idempotent) and enqueues the runs that are due. Safe with many workers. */
export async function enqueueDueSchedules(
  db: Db,
  clock: Clock,
  schedules: readonly RecurringSchedule[],
): Promise<number> {
  if (schedules.length === 0) return 0;
  const now = clock.now();
  await db
    .insertInto('job_schedules')
    .values(
      schedules.map((s) => ({ name: s.name, type: s.type, every_seconds: s.everySeconds, next_run_at: now })),
    )
    .onConflict((oc) =>
      oc.column('name').doUpdateSet((eb) => ({
        type: eb.ref('excluded.type'),
        every_seconds: eb.ref('excluded.every_seconds'),
      })),
    )
    .execute();
  let enqueued = 0;
  for (const schedule of schedules) {
    const won = await db
      .updateTable('job_schedules')
      .set({ next_run_at: new Date(now.getTime() + schedule.everySeconds * 1000), last_run_at: now })
      .where('name', '=', schedule.name)
      .where('next_run_at', '<=', now)
      .returning('name')
      .executeTakeFirst();
    if (won && (await enqueueJob(db, clock, { type: schedule.type, uniqueKey: `schedule:${schedule.name}` })))
      enqueued++;
  }
  return enqueued;
}
