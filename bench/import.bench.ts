// Import rate of a 1M-row CSV on real PostgreSQL, and the importer's peak memory. Compared with
// PostgreSQL's own COPY of the same file into a scratch table (the fastest way rows get into the server),
// measured in the same run. BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) must
// allow creating a database; a throwaway one is created and dropped. BENCH_IMPORT_ROWS changes the size.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { systemClock } from '../src/platform/clock.ts';
import { openDatabase } from '../src/platform/db/database.ts';
import { migrateClub } from '../src/app/index.ts';
import { SYSTEM_ACTOR } from '../src/modules/audit/index.ts';
import { createProgram } from '../src/modules/programs/index.ts';
import { createImport, getImport, runImport } from '../src/modules/imports/index.ts';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 1_000_000);
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const FIRST = ['דוד', 'שרה', 'מריה', 'יוסף', 'נועה', 'علی', 'مریم', 'رضا', 'Daniel', 'Maya'];
const LAST = ['כהן', 'לוי', 'מזרחי', 'פרץ', 'رضایی', 'محمدی', 'حسینی', 'Smith', 'Cohen', 'Levy'];

async function writeCsv(file: string, rows: number) {
  const out = fs.createWriteStream(file);
  out.write('\ufeffמספר לקוח,אימייל,טלפון,שם פרטי,שם משפחה,תאריך לידה\n');
  for (let i = 0; i < rows; i++) {
    const day = String((i % 28) + 1).padStart(2, '0');
    const month = String((i % 12) + 1).padStart(2, '0');
    const line =
      `C${i},member${i}@example.com,05${(i % 8) + 2}-${String(1_000_000 + (i % 9_000_000)).slice(-7)},` +
      `${FIRST[i % 10]},${LAST[(i >> 3) % 10]},${day}/${month}/${1950 + (i % 55)}\n`;
    if (!out.write(line)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'moadon-bench-import-'));
  const file = path.join(tmp, 'members.csv');
  const dbName = `moadon_bench_import_${Date.now()}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  const url = new URL(serverUrl);
  url.pathname = `/${dbName}`;
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 4 });
  try {
    await migrateClub(database.db);
    await writeCsv(file, ROWS);
    const sizeMb = fs.statSync(file).size / 1024 ** 2;

    // The limit: COPY of the same file (header skipped) into a scratch table of text columns.
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    await client.query(`create unlogged table copy_scratch (a text, b text, c text, d text, e text, f text)`);
    const copyStart = performance.now();
    await pipeline(
      fs.createReadStream(file),
      client.query(copyFrom(`copy copy_scratch from stdin with (format csv, header true)`)),
    );
    const copySeconds = (performance.now() - copyStart) / 1000;
    await client.query('drop table copy_scratch');
    await client.end();

    const program = await createProgram(database.db, { slug: 'bench', name: 'Bench', defaultRegion: 'IL' });
    const rssBefore = process.memoryUsage().rss;
    let peakRss = rssBefore;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
    const start = performance.now();
    const created = await createImport(database.db, systemClock, SYSTEM_ACTOR, {
      programId: program.id,
      filePath: file,
      fileName: 'members.csv',
      dryRun: false,
      options: {},
      dir: tmp,
      enqueue: false,
    });
    let lastLog = start;
    // The rate over the first and the last tenth of the file: a rate that decays shows up as a gap.
    const marks: { rows: number; at: number }[] = [];
    await runImport(database.db, systemClock, created.id, {
      onBatch: ({ rowsDone }) => {
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
        marks.push({ rows: rowsDone, at: performance.now() });
        if (performance.now() - lastLog > 10_000) {
          lastLog = performance.now();
          console.error(`  … ${rowsDone} rows`);
        }
      },
    });
    const seconds = (performance.now() - start) / 1000;
    clearInterval(sampler);
    const done = await getImport(database.db, program.id, created.id);
    if (done.status !== 'completed' || done.counts.created !== ROWS) {
      throw new Error(`import ended ${done.status}: ${JSON.stringify(done.counts)} ${done.failure ?? ''}`);
    }
    const rate = Math.round(ROWS / seconds);
    const rateBetween = (from: number, to: number) => {
      const a = (from > 0 && marks.find((m) => m.rows >= from)) || { rows: 0, at: start };
      const b = marks.find((m) => m.rows >= to) ?? marks.at(-1)!;
      return Math.round((b.rows - a.rows) / ((b.at - a.at) / 1000));
    };
    const firstTenth = rateBetween(0, ROWS / 10);
    const lastTenth = rateBetween((ROWS * 9) / 10, ROWS);
    const copyRate = Math.round(ROWS / copySeconds);
    console.log(
      JSON.stringify({
        bench: 'import',
        value: rate,
        unit: 'rows/s',
        limit: copyRate,
        ratio: Math.round((rate / copyRate) * 1000) / 1000,
        note:
          `first tenth ${firstTenth} rows/s, last tenth ${lastTenth} rows/s; ` +
          `peak RSS ${Math.round(peakRss / 1024 ** 2)} MB (${Math.round(rssBefore / 1024 ** 2)} MB before); ` +
          `${ROWS} rows, ${sizeMb.toFixed(0)} MB file, ${seconds.toFixed(1)} s; limit = PostgreSQL COPY of ` +
          `the same file into an unlogged scratch table (${copySeconds.toFixed(1)} s); ratio = value/limit`,
      }),
    );
  } finally {
    await database.close();
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
