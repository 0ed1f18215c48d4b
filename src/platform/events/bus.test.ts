// The event bus on a real database: an event exists exactly when the change that publishes it commits; each
// outbox subscriber handles each event of its types exactly once, in order — through a handler that throws, a
// dispatcher that dies mid-batch, two dispatchers racing, and a transaction that commits after a later one.
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeProgram, openTestDatabase, setupTest, type TestContext } from '../../../test/harness.ts';
import { modules } from '../../app/index.ts';
import type { Database, Db } from '../db/database.ts';
import { Worker } from '../jobs/worker.ts';
import { defineModule } from '../module.ts';
import {
  dispatchEvents,
  dispatchSubscriber,
  registerSubscribers,
  replaySubscriber,
  subscriberStatus,
} from './dispatch.ts';
import { publishEvent, publishEvents } from './outbox.ts';
import { installSubscriptions } from './registry.ts';
import type { OutboxSubscription, RecordedEvent } from './types.ts';

declare module './types.ts' {
  interface EventPayloads {
    'bus_test.happened': { n: number };
    'bus_test.other': { n: number };
  }
}

let t: TestContext;
beforeAll(async () => {
  t = await setupTest();
  // What handlers write: one row per handling, so a second handling of an event shows as a second row.
  await sql`create table if not exists bus_test_handled (subscriber text not null, event_id bigint not null,
    n int not null)`.execute(t.db);
});
afterAll(() => t.close());

const HOUR = 3_600_000;

/**
 * A club of its own, and a subscriber (registered: its position exists) that records the club's events only:
 * other tests and test files publish into the same outbox.
 */
async function scenario(
  options: {
    from?: 'beginning' | 'now';
    programId?: string;
    fail?: (trx: Db, event: RecordedEvent, attempt: number) => Promise<void>;
  } = {},
) {
  const program = options.programId ? { id: options.programId } : await makeProgram(t.db);
  const name = `bus_test.${crypto.randomBytes(4).toString('hex')}`;
  const attempts = new Map<number, number>();
  const subscriber: OutboxSubscription<'bus_test.happened'> = {
    name,
    types: ['bus_test.happened'],
    from: options.from ?? 'beginning',
    async handle(trx, event) {
      if (event.programId !== program.id) return;
      await sql`insert into bus_test_handled (subscriber, event_id, n)
        values (${name}, ${event.id}, ${event.payload.n})`.execute(trx);
      const attempt = (attempts.get(event.id) ?? 0) + 1;
      attempts.set(event.id, attempt);
      await options.fail?.(trx, event, attempt);
    },
  };
  await registerSubscribers(t.db, t.clock, [subscriber as unknown as OutboxSubscription]);
  const publish = (db: Db, n: number, type: 'bus_test.happened' | 'bus_test.other' = 'bus_test.happened') =>
    publishEvent(db, t.clock, { type, programId: program.id, memberId: null, payload: { n } });
  const handled = async () =>
    (
      await sql<{ n: number; times: number }>`select n, count(*)::int as times from bus_test_handled
        where subscriber = ${name} group by n order by min(event_id)`.execute(t.db)
    ).rows;
  return { program, subscriber: subscriber as unknown as OutboxSubscription, publish, handled };
}

const once = (ns: number[]) => ns.map((n) => ({ n, times: 1 }));
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('publishing', () => {
  it('records an event with the change that commits, and none with the change that rolls back', async () => {
    const s = await scenario();
    await t.db.transaction().execute((trx) => s.publish(trx, 1));
    await expect(
      t.db.transaction().execute(async (trx) => {
        await s.publish(trx, 2);
        throw new Error('the change fails');
      }),
    ).rejects.toThrow('the change fails');
    await s.publish(t.db, 3, 'bus_test.other');
    await dispatchEvents(t.db, t.clock, [s.subscriber]);
    expect(await s.handled()).toEqual(once([1]));
    const [row] = await t.db
      .selectFrom('event_outbox')
      .selectAll()
      .where('program_id', '=', s.program.id)
      .orderBy('id')
      .execute();
    expect(row).toMatchObject({ type: 'bus_test.happened', payload: { n: 1 }, occurred_at: t.clock.now() });
  });

  it('runs in-transaction subscribers inside the publishing transaction: a throw undoes the change', async () => {
    const program = await makeProgram(t.db);
    const seen: number[] = [];
    installSubscriptions([
      defineModule({
        name: 'bus_test',
        subscriptions: [
          {
            name: 'bus_test.inline',
            types: ['bus_test.happened'],
            delivery: 'in-transaction',
            async handle(_trx, event, ctx) {
              const { n } = event.payload as { n: number };
              if (n < 0) throw new Error('refused');
              seen.push(n);
              expect(ctx.actor).toEqual({ who: 'tester' });
            },
          },
        ],
      }),
    ]);
    try {
      const event = (n: number) => ({
        type: 'bus_test.happened' as const,
        programId: program.id,
        memberId: null,
        payload: { n },
      });
      await publishEvents(t.db, t.clock, [event(1), event(2)], { actor: { who: 'tester' } });
      await expect(
        t.db
          .transaction()
          .execute((trx) => publishEvent(trx, t.clock, event(-1), { actor: { who: 'tester' } })),
      ).rejects.toThrow('refused');
      expect(seen).toEqual([1, 2]);
      const stored = await t.db
        .selectFrom('event_outbox')
        .select('payload')
        .where('program_id', '=', program.id)
        .orderBy('id')
        .execute();
      expect(stored.map((r) => r.payload)).toEqual([{ n: 1 }, { n: 2 }]);
    } finally {
      installSubscriptions(modules);
    }
  });
});

describe('delivery to an outbox subscriber', () => {
  it('hands each event once, in order, across batches and later runs', async () => {
    const s = await scenario();
    for (const n of range(1, 25)) await s.publish(t.db, n);
    expect(await dispatchEvents(t.db, t.clock, [s.subscriber], { batchSize: 10 })).toBeGreaterThanOrEqual(25);
    for (const n of range(26, 30)) await s.publish(t.db, n);
    await dispatchEvents(t.db, t.clock, [s.subscriber], { batchSize: 10 });
    await dispatchEvents(t.db, t.clock, [s.subscriber], { batchSize: 10 });
    expect(await s.handled()).toEqual(once(range(1, 30)));
  });

  it('starts a `now` subscriber after the events recorded before it; a replay hands them all again', async () => {
    const program = await makeProgram(t.db);
    const before = { programId: program.id, memberId: null, payload: { n: 1 } };
    await publishEvent(t.db, t.clock, { type: 'bus_test.happened', ...before });
    const s = await scenario({ from: 'now', programId: program.id });
    await s.publish(t.db, 2);
    await dispatchEvents(t.db, t.clock, [s.subscriber]);
    expect(await s.handled()).toEqual(once([2]));
    await replaySubscriber(t.db, t.clock, s.subscriber.name);
    await dispatchEvents(t.db, t.clock, [s.subscriber]);
    expect(await s.handled()).toEqual([
      { n: 1, times: 1 },
      { n: 2, times: 2 },
    ]);
  });

  it('rolls back a handler that throws, keeps what came before, and retries from it after a backoff', async () => {
    const s = await scenario({
      from: 'now',
      fail: async (_trx, event, attempt) => {
        if ((event.payload as { n: number }).n === 7 && attempt === 1) throw new Error('mail server away');
      },
    });
    for (const n of range(1, 12)) await s.publish(t.db, n);
    await dispatchEvents(t.db, t.clock, [s.subscriber]);
    // 7's insert was rolled back with its handler; nothing after 7 ran.
    expect(await s.handled()).toEqual(once(range(1, 6)));
    const [status] = await subscriberStatus(t.db, [s.subscriber]);
    expect(status).toMatchObject({ handled: 6, failures: 1, behind: 6 });
    expect(status!.lastError).toContain('mail server away');
    // Not before the backoff has passed.
    expect(await dispatchSubscriber(t.db, t.clock, s.subscriber)).toMatchObject({ skipped: 'retry_later' });
    t.clock.advance(HOUR);
    await dispatchEvents(t.db, t.clock, [s.subscriber]);
    expect(await s.handled()).toEqual(once(range(1, 12)));
    expect((await subscriberStatus(t.db, [s.subscriber]))[0]).toMatchObject({
      handled: 12,
      failures: 0,
      lastError: null,
      behind: 0,
    });
  });
});

describe('the worker', () => {
  it('dispatches to the subscribers it is given when it drains, and when it runs', async () => {
    const s = await scenario({ from: 'now' });
    await s.publish(t.db, 1);
    const worker = new Worker({
      db: t.db,
      clock: t.clock,
      modules: [],
      subscriptions: [s.subscriber],
      pollMs: 10,
    });
    await worker.drain();
    expect(await s.handled()).toEqual(once([1]));
    await s.publish(t.db, 2);
    worker.start();
    await expect.poll(() => s.handled(), { interval: 20 }).toEqual(once([1, 2]));
    await worker.stop();
  });
});

describe('delivery on PostgreSQL with several connections', () => {
  let other: Database;
  beforeAll(async () => {
    other = await openTestDatabase();
  });
  afterAll(() => other.close());

  it('resumes after a dispatcher dies mid-batch: every event handled exactly once', async (context) => {
    if (t.database.kind !== 'postgres') return context.skip();
    const s = await scenario({
      from: 'now',
      fail: async (trx, event, attempt) => {
        // The dispatcher's connection is cut in the middle of its transaction, as when its process is killed.
        if ((event.payload as { n: number }).n === 15 && attempt === 1)
          await sql`select pg_terminate_backend(pg_backend_pid())`.execute(trx);
      },
    });
    for (const n of range(1, 40)) await s.publish(t.db, n);
    await expect(dispatchEvents(other.db, t.clock, [s.subscriber], { batchSize: 10 })).rejects.toThrow();
    // The first batch (1–10) committed; 11–15 died with the connection.
    expect(await s.handled()).toEqual(once(range(1, 10)));
    await dispatchEvents(other.db, t.clock, [s.subscriber], { batchSize: 10 });
    expect(await s.handled()).toEqual(once(range(1, 40)));
  });

  it('lets two dispatchers race without handling an event twice or out of order', async (context) => {
    if (t.database.kind !== 'postgres') return context.skip();
    const order: number[] = [];
    let entered!: () => void;
    const inHandler = new Promise<void>((resolve) => (entered = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const s = await scenario({
      from: 'now',
      fail: async (_trx, event) => {
        const { n } = event.payload as { n: number };
        order.push(n);
        if (n === 1) {
          entered();
          await gate;
        }
      },
    });
    for (const n of range(1, 200)) await s.publish(t.db, n);
    // The first holds the subscriber in its handler; the second, on another connection, passes it by.
    const first = dispatchSubscriber(t.db, t.clock, s.subscriber, { batchSize: 5 });
    await inHandler;
    expect(await dispatchSubscriber(other.db, t.clock, s.subscriber, { batchSize: 5 })).toEqual({
      handled: 0,
      skipped: 'busy',
      caughtUp: false,
    });
    release();
    expect(await first).toMatchObject({ handled: 5 });
    // Then both run flat out until the outbox is drained.
    const run = async (db: Db) => {
      for (let i = 0; i < 60; i++) await dispatchSubscriber(db, t.clock, s.subscriber, { batchSize: 5 });
    };
    await Promise.all([run(t.db), run(other.db)]);
    await dispatchEvents(t.db, t.clock, [s.subscriber]);
    expect(await s.handled()).toEqual(once(range(1, 200)));
    expect(order).toEqual(range(1, 200));
  });

  it('does not pass an event whose transaction commits after a later one', async (context) => {
    if (t.database.kind !== 'postgres') return context.skip();
    const s = await scenario();
    const slow = await t.db.startTransaction().execute();
    await s.publish(slow, 1); // the lower id, committed last
    await s.publish(other.db, 2);
    await dispatchEvents(other.db, t.clock, [s.subscriber]);
    // Held back behind the open transaction, not passed.
    expect(await s.handled()).toEqual([]);
    await slow.commit().execute();
    await dispatchEvents(other.db, t.clock, [s.subscriber]);
    expect(await s.handled()).toEqual(once([1, 2]));
  });
});
