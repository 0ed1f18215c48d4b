// Earn benchmark: purchases per second through the HTTP API into the points ledger on real PostgreSQL,
// compared with pgbench's TPS for a simple-update transaction (-N) on the same server in the same run.
// Env: BENCH_DATABASE_URL or DATABASE_URL (a server to create throwaway databases on), BENCH_SECONDS (10),
// BENCH_CONCURRENCY (8), BENCH_MEMBERS (500).
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { openDatabase } from '../src/platform/db/database.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';
import { systemClock } from '../src/platform/clock.ts';
import { buildApp } from '../src/platform/http/app.ts';
import { createApiKey } from '../src/modules/auth/service.ts';
import { SYSTEM_ACTOR } from '../src/modules/audit/index.ts';
import { createProgram } from '../src/modules/programs/index.ts';
import { createMember } from '../src/modules/members/index.ts';
import { createEarningRule } from '../src/modules/loyalty/earning-rules.ts';
import { checkLedger } from '../src/modules/loyalty/index.ts';
import { processCpuMs, sampleBackendCpu } from './cpu-time.ts';

const server =
  process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const seconds = Number(process.env.BENCH_SECONDS || 10);
const concurrency = Number(process.env.BENCH_CONCURRENCY || 8);
const memberCount = Number(process.env.BENCH_MEMBERS || 500);
const log = (msg: string) => process.stderr.write(`[earn] ${msg}\n`);

function dbUrl(name: string): string {
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

function pgbenchBinary(): string {
  try {
    return execFileSync('which', ['pgbench']).toString().trim();
  } catch {
    const root = '/usr/lib/postgresql';
    for (const v of fs.existsSync(root) ? fs.readdirSync(root).sort().reverse() : []) {
      const candidate = `${root}/${v}/bin/pgbench`;
      if (fs.existsSync(candidate)) return candidate;
    }
    throw new Error('pgbench not found (install postgresql-client or the server package)');
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

// The load generator runs on its own thread (as pgbench's clients are a process of their own), with
// one keep-alive HTTP/1.1 connection per simulated POS terminal.
const CLIENT = `
const { parentPort, workerData: w } = require('node:worker_threads');
const net = require('node:net');
const target = new URL(w.url);
let seq = w.firstOrder, errors = 0;
const latencies = [];
const fs = require('node:fs');
const threadCpuMs = () => {
  try {
    const f = fs.readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch { return 0; }
};
const cpuAtStart = threadCpuMs();
const begun = performance.now();
const until = begun + w.ms;
// A minimal keep-alive HTTP/1.1 client (the server under test is what is measured, not the load generator).
function terminal() {
  return new Promise((resolve) => {
    const socket = net.connect(Number(target.port), target.hostname);
    socket.setNoDelay(true);
    let buffer = Buffer.alloc(0), started = 0;
    const send = () => {
      if (performance.now() >= until) { socket.end(); return resolve(); }
      const n = seq++;
      const total = 1000 + (n % 50) * 137;
      const body = JSON.stringify({ orderId: 'b-' + n, memberId: w.members[n % w.members.length], total,
        currency: 'ILS', items: [{ sku: 'SKU-' + (n % 20), category: 'general', quantity: 1, price: total }],
        channel: 'store' });
      started = performance.now();
      socket.write('POST ' + target.pathname + ' HTTP/1.1\\r\\nhost: ' + target.host + '\\r\\nauthorization: Bearer ' +
        w.key + '\\r\\ncontent-type: application/json\\r\\ncontent-length: ' + Buffer.byteLength(body) + '\\r\\n\\r\\n' + body);
    };
    socket.on('data', (chunk) => {
      buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
      const end = buffer.indexOf('\\r\\n\\r\\n');
      if (end < 0) return;
      const head = buffer.subarray(0, end).toString('latin1');
      const length = Number(/content-length: *(\\d+)/i.exec(head)?.[1] ?? 0);
      if (buffer.length < end + 4 + length) return;
      buffer = buffer.subarray(end + 4 + length);
      if (head.slice(9, 12) !== '201') errors++;
      latencies.push(performance.now() - started);
      send();
    });
    socket.on('error', () => { errors++; resolve(); });
    socket.on('connect', send);
  });
}
Promise.all(Array.from({ length: w.concurrency }, terminal))
  .then(() => parentPort.postMessage({ latencies, errors, seconds: (performance.now() - begun) / 1000,
    cpuMs: threadCpuMs() - cpuAtStart }));
`;

function loadFromWorker(workerData: {
  url: string;
  key: string;
  members: string[];
  concurrency: number;
  ms: number;
  firstOrder: number;
}): Promise<{ latencies: number[]; errors: number; seconds: number; cpuMs: number }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(CLIENT, { eval: true, workerData });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

async function measureHttp(): Promise<{
  rate: number;
  p50: number;
  p99: number;
  errors: number;
  nodeCpuMs: number;
  clientCpuMs: number;
  pgCpuMs: number;
}> {
  const name = `moadon_bench_${Date.now()}`;
  await admin(`create database ${name}`);
  const database = await openDatabase({ databaseUrl: dbUrl(name), poolSize: concurrency * 2 });
  try {
    await migrateToLatest(database.db);
    const { db } = database;
    const program = await createProgram(db, { slug: 'bench', name: 'Bench club', currency: 'ILS' });
    await createEarningRule(db, systemClock, SYSTEM_ACTOR, program.id, {
      name: 'Base rate',
      trigger: 'purchase',
      effect: { type: 'per_spend', points: 1, per: 100 },
    });
    const members: string[] = [];
    for (let i = 0; i < memberCount; i++) {
      const m = await createMember(db, systemClock, SYSTEM_ACTOR, program.id, { externalId: `bench-${i}` });
      members.push(m.id);
    }
    const { key } = await createApiKey(db, {
      programId: program.id,
      name: 'bench',
      permissions: ['purchases:write'],
      createdBy: null,
    });
    const app = await buildApp({ db, clock: systemClock });
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const url = `${address}/api/programs/${program.id}/purchases`;
    log('warming up');
    await loadFromWorker({ url, key, members, concurrency, ms: 2000, firstOrder: 0 });
    log(`measuring for ${seconds} s with ${concurrency} concurrent clients`);
    const backends = sampleBackendCpu(server, name);
    const cpuBefore = process.cpuUsage();
    const {
      latencies,
      errors,
      seconds: elapsed,
      cpuMs: clientCpu,
    } = await loadFromWorker({
      url,
      key,
      members,
      concurrency,
      ms: seconds * 1000,
      firstOrder: 1_000_000,
    });
    const cpu = process.cpuUsage(cpuBefore);
    const pgCpu = await backends.stop();
    const done = Math.max(1, latencies.length);
    await app.close();
    const check = await checkLedger(db, program.id);
    if (check.problems.length)
      throw new Error(`ledger check failed: ${JSON.stringify(check.problems.slice(0, 3))}`);
    latencies.sort((a, b) => a - b);
    return {
      rate: latencies.length / elapsed,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      nodeCpuMs: ((cpu.user + cpu.system) / 1000 - clientCpu) / done,
      clientCpuMs: clientCpu / done,
      pgCpuMs: pgCpu / done,
      errors,
    };
  } finally {
    await database.close();
    await admin(`drop database if exists ${name} with (force)`);
  }
}

async function measurePgbench(): Promise<{ tps: number; clientCpuMs: number; pgCpuMs: number }> {
  const bin = pgbenchBinary();
  const name = `moadon_pgbench_${Date.now()}`;
  const url = dbUrl(name);
  await admin(`create database ${name}`);
  try {
    execFileSync(bin, ['-i', '-q', url], { stdio: 'ignore' });
    const child = spawn(bin, ['-N', '-c', String(concurrency), '-j', '2', '-T', String(seconds), url], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const cpu = sampleBackendCpu(server, name);
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    // The last sample before pgbench exits: its own CPU time is read while it still exists.
    let clientCpu = 0;
    const watch = setInterval(() => (clientCpu = processCpuMs(child.pid!) ?? clientCpu), 50);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearInterval(watch);
    const total = await cpu.stop();
    if (code !== 0) throw new Error(`pgbench exited with ${code}`);
    const match =
      /tps = ([\d.]+) \(without initial connection time\)/.exec(out) ?? /tps = ([\d.]+)/.exec(out);
    const transactions = /number of transactions actually processed: (\d+)/.exec(out);
    if (!match || !transactions) throw new Error(`could not read pgbench output:\n${out}`);
    const n = Number(transactions[1]);
    return { tps: Number(match[1]), clientCpuMs: clientCpu / n, pgCpuMs: total / n };
  } finally {
    await admin(`drop database if exists ${name} with (force)`);
  }
}

const http = await measureHttp();
log(
  `${http.rate.toFixed(0)} purchases/s, p50 ${http.p50.toFixed(1)} ms, p99 ${http.p99.toFixed(1)} ms, ${http.errors} errors`,
);
log('running pgbench -N');
const bench = await measurePgbench();
const tps = bench.tps;
log(`pgbench -N: ${tps.toFixed(0)} TPS`);
const ours = http.clientCpuMs + http.nodeCpuMs + http.pgCpuMs;
const theirs = bench.clientCpuMs + bench.pgCpuMs;
const cpuNote =
  `CPU per purchase ${ours.toFixed(2)} ms (load generator ${http.clientCpuMs.toFixed(2)}, ` +
  `Node server ${http.nodeCpuMs.toFixed(2)}, ` +
  `PostgreSQL ${http.pgCpuMs.toFixed(2)}) vs per pgbench transaction ${theirs.toFixed(2)} ms (pgbench ` +
  `${bench.clientCpuMs.toFixed(2)}, PostgreSQL ${bench.pgCpuMs.toFixed(2)}): CPU-bound ratio ${(theirs / ours).toFixed(2)}`;
log(cpuNote);
const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
console.log(
  JSON.stringify({
    bench: 'earn',
    value: round(http.rate, 1),
    unit: 'purchases/s',
    limit: round(tps, 1),
    ratio: round(http.rate / tps, 3),
    note: `p50 ${http.p50.toFixed(1)} ms, p99 ${http.p99.toFixed(1)} ms; ${cpuNote}; limit = pgbench -N TPS (${concurrency} clients, ${seconds} s)${http.errors ? `; ${http.errors} errors` : ''}`,
  }),
);
