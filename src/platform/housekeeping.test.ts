// Retention of the outbox and of finished jobs (platform/events/prune.ts, platform/jobs/prune.ts) and the
// kernel's daily jobs that run them, on a simulated clock. Pruning is global (every program, every
// subscriber's position), so this file works on a database of its own: on PostgreSQL a fresh one, migrated
// here; on PGlite each file has its own anyway.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { openOwnPostgresDatabase, openTestDatabase, type OwnDatabase } from '../../test/harness.ts';
import { DAY_MS, ManualClock } from './clock.ts';
import type { Database, Db } from './db/database.ts';
import { publishEvent } from './events/index.ts';
import { pruneDeliveredEvents } from './events/prune.ts';
import { housekeepingJobs } from './housekeeping.ts';
import { pruneFinishedJobs } from './jobs/prune.ts';
import { Worker } from './jobs/worker.ts';

const target = inject('testDatabase');
let database: Database;
let db: Db;
let own: OwnDatabase | undefined;

beforeAll(async () => {
  if (target.kind === 'postgres') {
    own = await openOwnPostgresDatabase(target.url, 'moadon_housekeeping', 3);
    database = own.database;
  } else {
    database = await openTestDatabase();
  }
  db = database.db;
}, 120_000);
afterAll(async () => {
  if (own) await own.drop();
  else await database?.close();
});

const NOW = Date.parse('2027-03-01T12:00:00Z');
const daysAgo = (days: number) => new ManualClock(new Date(NOW - days * DAY_MS));
const programId = crypto.randomUUID();

async function eventAt(days: number) {
  const e = await publishEvent(db, daysAgo(days), {
    type: 'member.updated',
    programId,
    memberId: null,
    payload: { changed: [`aged-${days}`] },
  });
  const row = await db
    .selectFrom('event_outbox')
    .select((eb) => [eb.cast<string>('tx', 'text').as('tx')])
    .where('id', '=', e.id)
    .executeTakeFirstOrThrow();
  return { id: e.id, tx: row.tx };
}

const remaining = async () =>
  (
    await db
      .selectFrom('event_outbox')
      .select('id')
      .where('program_id', '=', programId)
      .orderBy('id')
      .execute()
  ).map((r) => Number(r.id));

async function placeSubscriber(name: string, position: { tx: string; id: number }) {
  const at = new Date(NOW);
  await db
    .insertInto('event_subscribers')
    .values({ name, position_tx: position.tx, position_id: position.id, created_at: at, updated_at: at })
    .onConflict((oc) => oc.column('name').doUpdateSet({ position_tx: position.tx, position_id: position.id }))
    .execute();
}

describe('outbox retention', () => {
  it('deletes events past the retention only once every subscriber has passed them', async () => {
    await db.deleteFrom('event_subscribers').execute();
    const oldest = await eventAt(500);
    const old = await eventAt(450);
    const recent = await eventAt(10);
    const clock = new ManualClock(new Date(NOW));

    // No subscriber has a position yet: nothing was delivered, nothing goes.
    expect(await pruneDeliveredEvents(db, clock, { retentionDays: 400 })).toBe(0);

    // One subscriber past everything, one that has handled only the oldest event.
    await placeSubscriber('test.caught-up', { tx: recent.tx, id: recent.id + 1 });
    await placeSubscriber('test.behind', { tx: oldest.tx, id: oldest.id + 1 });
    expect(await pruneDeliveredEvents(db, clock, { retentionDays: 400 })).toBe(1);
    expect(await remaining()).toEqual([old.id, recent.id]);

    // The slow subscriber catches up: the other old event goes; the recent one stays (inside the retention).
    await placeSubscriber('test.behind', { tx: recent.tx, id: recent.id + 1 });
    expect(await pruneDeliveredEvents(db, clock, { retentionDays: 400, batchSize: 1 })).toBe(1);
    expect(await remaining()).toEqual([recent.id]);
    expect(await pruneDeliveredEvents(db, clock, { retentionDays: 5 })).toBe(1);
    expect(await remaining()).toEqual([]);
  });
});

describe('finished jobs retention', () => {
  async function job(state: 'queued' | 'done' | 'dead', finishedDaysAgo: number | null) {
    const at = new Date(NOW - (finishedDaysAgo ?? 30) * DAY_MS);
    const row = await db
      .insertInto('jobs')
      .values({ type: 'test.noop', payload: '{}', run_at: at, created_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .updateTable('jobs')
      .set({ state, finished_at: finishedDaysAgo === null ? null : at })
      .where('id', '=', row.id)
      .execute();
    return Number(row.id);
  }
  const left = async (ids: number[]) =>
    (await db.selectFrom('jobs').select('id').where('id', 'in', ids).orderBy('id').execute()).map((r) =>
      Number(r.id),
    );

  it('deletes done and dead jobs finished before the retention; keeps recent and unfinished ones', async () => {
    const ids = [
      await job('done', 20),
      await job('dead', 15),
      await job('done', 13),
      await job('dead', 2),
      await job('queued', null),
    ];
    const clock = new ManualClock(new Date(NOW));
    expect(await pruneFinishedJobs(db, clock, { retentionDays: 14, batchSize: 1 })).toBe(2);
    expect(await left(ids)).toEqual(ids.slice(2));
  });

  it('the daily housekeeping jobs prune on the configured retention', async () => {
    const stale = await job('done', 40);
    const kept = await job('done', 20);
    const clock = new ManualClock(new Date(NOW));
    const worker = new Worker({
      db,
      clock,
      modules: [housekeepingJobs],
      config: { jobRetentionDays: 30, eventRetentionDays: 400 },
    });
    await worker.drain();
    expect(await left([stale, kept])).toEqual([kept]);
    const schedules = await db
      .selectFrom('job_schedules')
      .select(['name', 'every_seconds'])
      .where('name', 'like', 'platform.prune-%')
      .orderBy('name')
      .execute();
    expect(schedules).toEqual([
      { name: 'platform.prune-events', every_seconds: 86_400 },
      { name: 'platform.prune-jobs', every_seconds: 86_400 },
    ]);
    // The runs themselves are finished jobs, kept until their own retention passes.
    clock.advance(DAY_MS);
    await worker.drain();
    const runs = await db
      .selectFrom('jobs')
      .select('type')
      .where('type', 'like', 'platform.prune-%')
      .where('state', '=', 'done')
      .execute();
    expect(runs).toHaveLength(4);
  });
});
