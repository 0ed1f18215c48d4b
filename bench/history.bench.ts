// Sales history import of 1M order lines (the generated retail file of src/modules/demo/retail-data.ts, in the
// public shape with its dirt: cancellations, lines without a customer, zero prices, duplicates) on real
// PostgreSQL, rows/s, next to PostgreSQL's COPY of the same file into a scratch table, in the same run; and
// the importer's peak memory. Target: ≥ 0.1 of COPY, flat memory. BENCH_HISTORY_LINES changes the size;
// BENCH_DATABASE_URL (bench/pgbench.ts) must allow creating a database (a throwaway one, dropped after).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { migrateClub } from '../src/app/index.ts';
import { SYSTEM_ACTOR } from '../src/modules/audit/index.ts';
import { retailOrderLines, type RetailShape } from '../src/modules/demo/index.ts';
import { createImport, getImport, runImport } from '../src/modules/imports/index.ts';
import { createProgram } from '../src/modules/programs/index.ts';
import { systemClock } from '../src/platform/clock.ts';
import { openDatabase } from '../src/platform/db/database.ts';
import { adminQuery, dbUrl } from './pgbench.ts';

const LINES = Number(process.env.BENCH_HISTORY_LINES ?? 1_000_000);
const log = (line: string) => console.error(`[history] ${line}`);

const pad = (n: number) => String(n).padStart(2, '0');
/** "01/12/2025 08:26", day first, wall-clock time in the program's zone (as tills write it). */
const tillTime = (d: Date) =>
  `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
const cell = (s: string) => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);

async function writeCsv(file: string, lines: number): Promise<void> {
  // About 12 lines per customer over two years: enough customers that the generator does not run dry.
  const shape: RetailShape = {
    seed: 2026,
    customers: Math.ceil(lines / 6),
    from: new Date('2024-12-01T00:00:00Z'),
    days: 730,
  };
  const out = fs.createWriteStream(file);
  out.write('InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n');
  let n = 0;
  let chunk: string[] = [];
  for (const l of retailOrderLines(shape)) {
    chunk.push(
      `${l.invoice},${l.stockCode},${cell(l.description)},${l.quantity},${tillTime(l.invoiceDate)},` +
        `${(l.unitPrice / 100).toFixed(2)},${l.customerId ?? ''},${l.country}`,
    );
    if (++n >= lines) break;
    if (chunk.length >= 5_000) {
      if (!out.write(chunk.join('\n') + '\n'))
        await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      chunk = [];
    }
  }
  out.write(chunk.join('\n') + '\n');
  await new Promise<void>((resolve) => out.end(() => resolve()));
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'moadon-bench-history-'));
  const file = path.join(tmp, 'sales.csv');
  const dbName = `moadon_bench_history_${Date.now()}`;
  await adminQuery(`create database ${dbName}`);
  const url = dbUrl(dbName);
  const database = await openDatabase({ databaseUrl: url, poolSize: 4 });
  try {
    await migrateClub(database.db);
    await writeCsv(file, LINES);
    const sizeMb = fs.statSync(file).size / 1024 ** 2;
    log(`wrote ${LINES} lines (${sizeMb.toFixed(0)} MB)`);

    // The limit: COPY of the same file (header skipped) into a scratch table of text columns.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(
      `create unlogged table copy_scratch (a text, b text, c text, d text, e text, f text, g text, h text)`,
    );
    const copyStart = performance.now();
    await pipeline(
      fs.createReadStream(file),
      client.query(copyFrom(`copy copy_scratch from stdin with (format csv, header true)`)),
    );
    const copySeconds = (performance.now() - copyStart) / 1000;
    await client.query('drop table copy_scratch');
    await client.end();

    const program = await createProgram(database.db, {
      slug: 'bench',
      name: 'Bench bakery',
      currency: 'ILS',
      timeZone: 'Asia/Jerusalem',
    });
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let peakRss = rssBefore;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
    const start = performance.now();
    const created = await createImport(database.db, systemClock, SYSTEM_ACTOR, {
      programId: program.id,
      filePath: file,
      fileName: 'sales.csv',
      dryRun: false,
      kind: 'history',
      options: {},
      dir: tmp,
      enqueue: false,
    });
    const marks: { rows: number; at: number; rss: number }[] = [];
    let lastLog = start;
    await runImport(database.db, systemClock, created.id, {
      onBatch: ({ rowsDone }) => {
        const rss = process.memoryUsage().rss;
        peakRss = Math.max(peakRss, rss);
        marks.push({ rows: rowsDone, at: performance.now(), rss });
        if (performance.now() - lastLog > 10_000) {
          lastLog = performance.now();
          log(`… ${rowsDone} lines`);
        }
      },
    });
    const seconds = (performance.now() - start) / 1000;
    clearInterval(sampler);
    const done = await getImport(database.db, program.id, created.id);
    if (done.status !== 'completed' || done.counts.total < LINES) {
      throw new Error(`import ended ${done.status}: ${JSON.stringify(done.counts)} ${done.failure ?? ''}`);
    }
    const rows = done.counts.total;
    const rate = Math.round(rows / seconds);
    const copyRate = Math.round(rows / copySeconds);
    const tenth = (from: number, to: number) => {
      const a = (from > 0 && marks.find((m) => m.rows >= from)) || { rows: 0, at: start };
      const b = marks.find((m) => m.rows >= to) ?? marks.at(-1)!;
      return Math.round((b.rows - a.rows) / ((b.at - a.at) / 1000));
    };
    const rssAt = (share: number) => marks[Math.floor((marks.length - 1) * share)]!.rss / 1024 ** 2;
    const h = done.history!;
    console.log(
      JSON.stringify({
        bench: 'history',
        value: rate,
        unit: 'rows/s',
        limit: copyRate,
        ratio: Math.round((rate / copyRate) * 1000) / 1000,
        note:
          `${rows} lines (${sizeMb.toFixed(0)} MB) in ${seconds.toFixed(1)} s → ${done.counts.created} orders, ` +
          `${h.membersCreated} members created, ${done.counts.updated} refunded by cancellations, dropped ` +
          `${JSON.stringify(h.dropped)}; first tenth ${tenth(0, rows / 10)} rows/s, last tenth ` +
          `${tenth((rows * 9) / 10, rows)} rows/s; RSS ${Math.round(rssBefore / 1024 ** 2)} MB before, ` +
          `${rssAt(0.25).toFixed(0)}/${rssAt(0.5).toFixed(0)}/${rssAt(1).toFixed(0)} MB at a quarter/half/end, ` +
          `peak ${Math.round(peakRss / 1024 ** 2)} MB; limit = COPY of the same file into an unlogged ` +
          `scratch table (${copySeconds.toFixed(1)} s); ratio = value/limit (target ≥ 0.1)`,
      }),
    );
  } finally {
    await database.close();
    await adminQuery(`drop database if exists ${dbName} with (force)`);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
