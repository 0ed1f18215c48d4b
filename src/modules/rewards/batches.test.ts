import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTest, type TestContext } from '../../../test/harness.ts';
import { clubJobs } from '../../app/index.ts';
import { Worker } from '../../platform/jobs/index.ts';
import { couponBatchRow, GENERATE_CODES_JOB, generateNextChunk, insertBatchCodes } from './batches.ts';
import { rewardsJobs } from './jobs.ts';
import type { Db } from '../../platform/db/database.ts';
import { bulkCodeLength, drawCodes } from './bulk-codes.ts';
import { CODE_ALPHABET } from './codes.ts';
import { makeRewardsProgram } from './test-fixtures.ts';

let t: TestContext;
beforeAll(async () => {
  t = await setupTest();
});
afterAll(() => t.close());

type Program = Awaited<ReturnType<typeof makeRewardsProgram>>;

async function countCodes(p: Program, batchId: string) {
  const row = await t.db
    .selectFrom('coupons')
    .select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.count<string>('code').distinct().as('distinct')])
    .where('program_id', '=', p.programId)
    .where('campaign_id', '=', batchId)
    .executeTakeFirstOrThrow();
  return { n: Number(row.n), distinct: Number(row.distinct) };
}

const createBatch = (p: Program, payload: Record<string, unknown>) =>
  p.admin.request({ method: 'POST', url: p.url('/coupon-batches'), payload });

describe('bulk codes: pure drawing', () => {
  it('grows the code with the batch so one guess stays below 2^-60, using only the alphabet', () => {
    expect(bulkCodeLength(1)).toBe(15);
    expect(bulkCodeLength(1_000_000)).toBe(17);
    for (const n of [1, 1_000, 1_000_000]) {
      expect(bulkCodeLength(n) * Math.log2(CODE_ALPHABET.length) - Math.log2(n)).toBeGreaterThanOrEqual(60);
    }
    const codes = drawCodes(2_000, 17, 'SUMMER');
    expect(new Set(codes.map((c) => c.code)).size).toBe(2_000);
    for (const c of codes) {
      expect(c.code).toMatch(/^SUMMER[2-9A-HJKMNP-Z]{17}$/);
      expect(c.display).toMatch(
        /^SUMMER-[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{2}$/,
      );
    }
  });
});

describe('coupon batches', () => {
  it('generates the codes in a background job with progress, exports them, and a code works at the till', async () => {
    const p = await makeRewardsProgram(t);
    const reward = await p.reward();
    const created = await createBatch(p, {
      rewardId: reward.id,
      name: 'Summer flyers',
      count: 6_000,
      prefix: 'sun',
    });
    expect(created.statusCode).toBe(201);
    const batch = created.json();
    expect(batch).toMatchObject({
      status: 'generating',
      requested: 6_000,
      generated: 0,
      percent: 0,
      prefix: 'SUN',
    });
    const job = await t.db
      .selectFrom('jobs')
      .select(['type', 'state'])
      .where('program_id', '=', p.programId)
      .execute();
    expect(job).toEqual([{ type: 'rewards.generate-codes', state: 'queued' }]);

    await generateNextChunk(t.db, t.clock, p.programId, batch.id, 4_000);
    const half = await p.admin.request({ method: 'GET', url: p.url(`/coupon-batches/${batch.id}`) });
    expect(half.json()).toMatchObject({ status: 'generating', generated: 4_000, percent: 66.6 });

    await new Worker({ db: t.db, clock: t.clock, modules: clubJobs }).drain();
    const done = await p.admin.request({ method: 'GET', url: p.url(`/coupon-batches/${batch.id}`) });
    expect(done.json()).toMatchObject({ status: 'ready', generated: 6_000, percent: 100 });
    expect(await countCodes(p, batch.id)).toEqual({ n: 6_000, distinct: 6_000 });

    const csv = await p.admin.request({ method: 'GET', url: p.url(`/coupon-batches/${batch.id}/codes.csv`) });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toBe('code,status,expires_at,redeemed_at,order_id');
    expect(lines).toHaveLength(6_001);
    const first = lines[1]!.split(',')[0]!;
    expect(first).toMatch(/^SUN-/);

    const redeemed = await p.tillCall('redeem', { code: first, orderId: 'flyer-1', cart: p.cart() });
    expect(redeemed.statusCode).toBe(201);
    const list = await p.admin.request({ method: 'GET', url: p.url('/coupon-batches') });
    expect(list.json().items.map((b: { id: string }) => b.id)).toEqual([batch.id]);
  });

  it('resumes after a cut-off chunk without duplicates or missing codes', async () => {
    const p = await makeRewardsProgram(t);
    const reward = await p.reward();
    const batch = (await createBatch(p, { rewardId: reward.id, name: 'Resumed', count: 5_000 })).json();
    await generateNextChunk(t.db, t.clock, p.programId, batch.id, 2_000);
    // A chunk whose transaction never commits (the process died in it): its codes are gone with it.
    await expect(
      t.db.transaction().execute(async (trx) => {
        const row = await couponBatchRow(trx, p.programId, batch.id, true);
        await insertBatchCodes(trx, t.clock.now(), row, drawCodes(1_000, row.code_length, ''), 'campaign');
        throw new Error('killed');
      }),
    ).rejects.toThrow('killed');
    expect(await countCodes(p, batch.id)).toEqual({ n: 2_000, distinct: 2_000 });
    await new Worker({ db: t.db, clock: t.clock, modules: clubJobs }).drain();
    expect(await countCodes(p, batch.id)).toEqual({ n: 5_000, distinct: 5_000 });
    // Running the job again (a replay) adds nothing.
    await generateNextChunk(t.db, t.clock, p.programId, batch.id);
    expect(await countCodes(p, batch.id)).toEqual({ n: 5_000, distinct: 5_000 });
  });

  it('a job that fails for good leaves its batch failed with the reason; retrying makes the rest', async () => {
    const p = await makeRewardsProgram(t);
    const reward = await p.reward();
    const batch = (
      await createBatch(p, { rewardId: reward.id, name: 'Doomed', count: 100, prefix: 'X' })
    ).json();
    const jobRow = await t.db
      .selectFrom('jobs')
      .select(['id', 'type', 'program_id', 'payload', 'max_attempts'])
      .where('program_id', '=', p.programId)
      .executeTakeFirstOrThrow();
    const run = (attempts: number, db: Db = t.db) =>
      rewardsJobs.handlers[GENERATE_CODES_JOB]!(
        {
          id: jobRow.id,
          type: jobRow.type,
          programId: p.programId,
          payload: jobRow.payload,
          attempts,
          maxAttempts: jobRow.max_attempts,
        },
        { db, clock: t.clock, config: {} },
      );
    // A database that refuses the codes (a full disk, say): every attempt fails the same way.
    const refusing = t.db.withPlugin({
      transformQuery(args) {
        if (args.node.kind === 'RawNode' && args.node.sqlFragments.join('').includes('insert into coupons'))
          throw new Error('could not extend file: No space left on device');
        return args.node;
      },
      transformResult: async (args) => args.result,
    });
    const read = async () =>
      (await p.admin.request({ method: 'GET', url: p.url(`/coupon-batches/${batch.id}`) })).json();

    // An early attempt is retried by the queue: the batch is still generating.
    await expect(run(1, refusing)).rejects.toThrow('No space left on device');
    expect(await read()).toMatchObject({ status: 'generating', failure: null });
    const notFailed = await p.admin.request({
      method: 'POST',
      url: p.url(`/coupon-batches/${batch.id}/retry`),
    });
    expect(notFailed.statusCode).toBe(409);
    expect(notFailed.json().error.code).toBe('batch_not_failed');

    // The last attempt fails the batch with its reason (the queue ends the job dead).
    await expect(run(jobRow.max_attempts, refusing)).rejects.toThrow('No space left on device');
    await t.db.updateTable('jobs').set({ state: 'dead' }).where('id', '=', jobRow.id).execute();
    const failed = await read();
    expect(failed).toMatchObject({ status: 'failed', generated: 0 });
    expect(failed.failure).toBe('generation_failed: could not extend file: No space left on device');
    expect(failed.finishedAt).not.toBeNull();

    // Space freed, retried: a new job makes every code.
    const retried = await p.admin.request({
      method: 'POST',
      url: p.url(`/coupon-batches/${batch.id}/retry`),
    });
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toMatchObject({ status: 'generating', failure: null, finishedAt: null });
    const jobs = await t.db
      .selectFrom('jobs')
      .select(['id', 'state'])
      .where('program_id', '=', p.programId)
      .orderBy('id')
      .execute();
    expect(jobs.map((j) => j.state)).toEqual(['dead', 'queued']);
    await run(1);
    expect(await read()).toMatchObject({ status: 'ready', generated: 100, percent: 100 });
    expect(await countCodes(p, batch.id)).toEqual({ n: 100, distinct: 100 });
    const audit = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('program_id', '=', p.programId)
      .where('entity_id', '=', batch.id)
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['coupon_batch.create', 'coupon_batch.retry']);
  });

  it('imports codes from another system with an answer per rejected row, and again changes nothing', async () => {
    const p = await makeRewardsProgram(t);
    const reward = await p.reward();
    const batch = (await createBatch(p, { rewardId: reward.id, name: 'From the old POS', count: 0 })).json();
    expect(batch).toMatchObject({ status: 'ready', percent: 100 });
    const other = (await createBatch(p, { rewardId: reward.id, name: 'Other', count: 0 })).json();
    const send = (batchId: string, body: string, headers = {}) =>
      p.admin.request({
        method: 'POST',
        url: p.url(`/coupon-batches/${batchId}/codes`),
        headers: { 'content-type': 'text/csv', ...headers },
        payload: body,
      });
    expect((await send(other.id, 'code\nTAKEN-0001\n')).json()).toMatchObject({ imported: 1 });

    const file = [
      'code,note',
      'old-1234-abcd,first',
      'OLD 1234 ABCD,same again',
      'x!,garbage',
      'taken0001,other batch',
      'NEW-9999,fine',
    ].join('\n');
    const res = await send(batch.id, file, { 'idempotency-key': 'import-1' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      rows: 5,
      imported: 2,
      unchanged: 0,
      rejectedCount: 3,
      rejected: [
        { row: 3, code: 'OLD 1234 ABCD', reason: 'duplicate_in_file' },
        { row: 4, code: 'x!', reason: 'malformed_code' },
        { row: 5, code: 'taken0001', reason: 'code_taken' },
      ],
      batch: { imported: 2 },
    });
    const replay = await send(batch.id, file, { 'idempotency-key': 'import-1' });
    expect(replay.headers['idempotent-replayed']).toBe('true');
    const again = await send(batch.id, file);
    expect(again.json()).toMatchObject({
      imported: 0,
      unchanged: 2,
      rejectedCount: 3,
      batch: { imported: 2 },
    });
    expect(await countCodes(p, batch.id)).toEqual({ n: 2, distinct: 2 });
    const v = await p.tillCall('validate', { code: 'old1234abcd', cart: p.cart() });
    expect(v.json()).toMatchObject({ valid: true });
  });

  it('refuses bad input with a stable code and stores nothing', async () => {
    const p = await makeRewardsProgram(t);
    const reward = await p.reward();
    const tooMany = await createBatch(p, { rewardId: reward.id, name: 'x', count: 1_000_001 });
    expect(tooMany.statusCode).toBe(400);
    const prefix = await createBatch(p, { rewardId: reward.id, name: 'x', count: 5, prefix: 'no-way!' });
    expect(prefix.json().error.code).toBe('invalid_prefix');
    const past = await createBatch(p, {
      rewardId: reward.id,
      name: 'x',
      count: 5,
      expiresAt: '2001-01-01T00:00:00Z',
    });
    expect(past.json().error.code).toBe('invalid_expiry');
    const unknown = await createBatch(p, { rewardId: crypto.randomUUID(), name: 'x', count: 5 });
    expect(unknown.statusCode).toBe(404);
    const batch = (await createBatch(p, { rewardId: reward.id, name: 'x', count: 0 })).json();
    const noColumn = await p.admin.request({
      method: 'POST',
      url: p.url(`/coupon-batches/${batch.id}/codes`),
      headers: { 'content-type': 'text/csv' },
      payload: 'coupon\nABCD-1234\n',
    });
    expect(noColumn.json().error.code).toBe('missing_code_column');
    const list = await p.admin.request({ method: 'GET', url: p.url('/coupon-batches') });
    expect(list.json().items).toHaveLength(1);
  });
});
