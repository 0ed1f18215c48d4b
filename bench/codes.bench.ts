// Bulk coupon codes: a batch of 1M codes generated and stored by the batch job's own code (chunks of 10,000,
// each committed with the batch's counter), in codes per second, next to PostgreSQL's COPY of 1M rows of the
// same shape (random codes of the same length, every column the job writes) into a table created LIKE
// coupons, with the same indexes, in the same run. Peak RSS over the run shows whether memory stays flat.
// Issue target: ≥ 0.25 of COPY. BENCH_DATABASE_URL (bench/pgbench.ts's server)
// must allow creating a database; a throwaway one is created and dropped. BENCH_CODES changes the size.
import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { systemClock } from '../src/platform/clock.ts';
import { openDatabase } from '../src/platform/db/database.ts';
import { migrateClub } from '../src/app/index.ts';
import { SYSTEM_ACTOR } from '../src/modules/audit/index.ts';
import { createProgram } from '../src/modules/programs/index.ts';
import {
  createCouponBatch,
  createReward,
  generateNextChunk,
  getCouponBatch,
} from '../src/modules/rewards/index.ts';
import { bulkCodeLength, drawCodes } from '../src/modules/rewards/bulk-codes.ts';
import { adminQuery, dbUrl } from './pgbench.ts';

const CODES = Number(process.env.BENCH_CODES ?? 1_000_000);
const log = (msg: string) => process.stderr.write(`[codes] ${msg}\n`);

async function main() {
  const dbName = `moadon_bench_codes_${Date.now()}`;
  await adminQuery(`create database ${dbName}`);
  const url = dbUrl(dbName);
  const database = await openDatabase({ databaseUrl: url, poolSize: 4 });
  try {
    await migrateClub(database.db);
    const db = database.db;
    const program = await createProgram(db, { slug: 'bench', name: 'Bench' });
    const reward = await createReward(db, systemClock, SYSTEM_ACTOR, program.id, {
      kind: 'fixed_discount',
      costPoints: 0,
      texts: { en: { name: '₪20 off' } },
      effect: { amount: 2_000 },
    });

    const length = bulkCodeLength(CODES);
    const rssBefore = process.memoryUsage().rss;
    let peakRss = rssBefore;
    const start = performance.now();
    const batch = await createCouponBatch(db, systemClock, SYSTEM_ACTOR, program.id, {
      rewardId: reward.id,
      name: 'Bench flyers',
      count: CODES,
    });
    // What the job handler does, chunk after chunk (without its lease updates).
    let lastLog = start;
    for (;;) {
      const chunk = await generateNextChunk(db, systemClock, program.id, batch.id);
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      if (performance.now() - lastLog > 10_000) {
        lastLog = performance.now();
        log(`… ${chunk.generated} codes`);
      }
      if (chunk.done) break;
    }
    const seconds = (performance.now() - start) / 1000;
    const done = await getCouponBatch(db, program.id, batch.id);
    const stored = await db
      .selectFrom('coupons')
      .select((eb) => eb.fn.count<string>('code').distinct().as('n'))
      .where('program_id', '=', program.id)
      .executeTakeFirstOrThrow();
    if (done.status !== 'ready' || Number(stored.n) !== CODES) {
      throw new Error(`batch ended ${done.status} with ${stored.n} distinct codes`);
    }
    // The limit: COPY of as many rows as the job writes, drawn beforehand, after the job's run so its memory is measured alone (drawing is not timed), into a
    // logged table LIKE coupons with its defaults, constraints and indexes.
    const now = new Date().toISOString();
    const batchId = crypto.randomUUID();
    const lines: string[] = [];
    for (let i = 0; i < CODES; i += 100_000) {
      for (const c of drawCodes(Math.min(100_000, CODES - i), length, '')) {
        lines.push(
          `${program.id}\t${c.code}\t${c.display}\tcampaign\t${reward.id}\t${batchId}\tfixed_discount\t` +
            `{"amount": 2000}\t{}\t${now}\n`,
        );
      }
    }
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('create table copy_scratch (like coupons including all)');
    const copyStart = performance.now();
    await pipeline(
      Readable.from(lines),
      client.query(
        copyFrom(
          'copy copy_scratch (program_id, code, display_code, source, reward_id, campaign_id, kind, effect, ' +
            'conditions, issued_at) from stdin',
        ),
      ),
    );
    const copySeconds = (performance.now() - copyStart) / 1000;
    lines.length = 0;
    await client.query('drop table copy_scratch');
    await client.end();
    log(`COPY of ${CODES} rows: ${copySeconds.toFixed(1)} s`);

    const rate = Math.round(CODES / seconds);
    const copyRate = Math.round(CODES / copySeconds);
    console.log(
      JSON.stringify({
        bench: 'codes',
        value: rate,
        unit: 'codes/s',
        limit: copyRate,
        ratio: Math.round((rate / copyRate) * 1000) / 1000,
        note:
          `${CODES} codes of ${length} symbols in ${seconds.toFixed(1)} s, all distinct; peak RSS ` +
          `${Math.round(peakRss / 1024 ** 2)} MB (${Math.round(rssBefore / 1024 ** 2)} MB before); limit = ` +
          `PostgreSQL COPY of as many rows into a table LIKE coupons with its indexes ` +
          `(${copySeconds.toFixed(1)} s); ratio = value/limit; target ≥ 0.25`,
      }),
    );
  } finally {
    await database.close();
    await adminQuery(`drop database if exists ${dbName} with (force)`);
  }
}

await main();
