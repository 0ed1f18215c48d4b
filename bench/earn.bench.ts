// Earn benchmark: purchases per second through the HTTP API into the points ledger on real PostgreSQL,
// compared with pgbench's TPS for a simple-update transaction (-N) on the same server in the same run.
// Both sides run at each client count of BENCH_CONCURRENCY; the headline compares the best rate of each side
// (its capacity on this machine), and the note gives every pair.
// Env: BENCH_DATABASE_URL or DATABASE_URL (a server to create throwaway databases on), BENCH_SECONDS (10 per
// client count), BENCH_CONCURRENCY (8,16,32,64), BENCH_MEMBERS (500).
import { Worker } from 'node:worker_threads';
import { sql } from 'kysely';
import { openDatabase } from '../src/platform/db/database.ts';
import { buildClubApp, migrateClub } from '../src/app/index.ts';
import { systemClock } from '../src/platform/clock.ts';
import { createApiKey } from '../src/modules/auth/service.ts';
import { SYSTEM_ACTOR } from '../src/modules/audit/index.ts';
import { createProgram } from '../src/modules/programs/index.ts';
import { createMember } from '../src/modules/members/index.ts';
import { createEarningRule } from '../src/modules/loyalty/earning-rules.ts';
import { recordPurchase } from '../src/modules/loyalty/purchases.ts';
import { checkLedger } from '../src/modules/loyalty/index.ts';
import { purchasePaths } from '../src/modules/loyalty/purchase-fast-path.ts';
import { sampleBackendCpu } from './cpu-time.ts';
import { adminQuery as admin, benchServer as server, dbUrl, measurePgbench, percentile } from './pgbench.ts';

const seconds = Number(process.env.BENCH_SECONDS || 10);
const concurrencies = (process.env.BENCH_CONCURRENCY || '8,16,32,64').split(',').map(Number);
const memberCount = Number(process.env.BENCH_MEMBERS || 500);
const log = (msg: string) => process.stderr.write(`[earn] ${msg}\n`);
// 10,000 points at the base rate: above the top default tier's 5,000-point threshold.
const SETTLING_TOTAL = 1_000_000;

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

interface HttpRun {
  clients: number;
  rate: number;
  p50: number;
  p99: number;
  errors: number;
  nodeCpuMs: number;
  clientCpuMs: number;
  pgCpuMs: number;
  /** Purchases per path: `one_statement`, or why the full path was taken. */
  paths: Record<string, number>;
}

/** "one statement 97.1 %, full path 2.9 % (first_purchase 1.0 %, tier_threshold 1.9 %)" */
function pathShares(paths: Record<string, number>): string {
  const total = Object.values(paths).reduce((a, b) => a + b, 0) || 1;
  const pct = (n: number) => `${((100 * n) / total).toFixed(1)} %`;
  const full = Object.entries(paths)
    .filter(([path]) => path !== 'one_statement')
    .sort((a, b) => b[1] - a[1]);
  const fullTotal = full.reduce((sum, [, n]) => sum + n, 0);
  const why = full.map(([reason, n]) => `${reason} ${pct(n)}`).join(', ');
  return `one statement ${pct(paths.one_statement ?? 0)}, full path ${pct(fullTotal)}${why ? ` (${why})` : ''}`;
}

async function measureHttp(): Promise<HttpRun[]> {
  const name = `moadon_bench_${Date.now()}`;
  await admin(`create database ${name}`);
  // The server's own pool size, as deployed.
  const database = await openDatabase({ databaseUrl: dbUrl(name) });
  try {
    await migrateClub(database.db);
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
    // A live program's tables have statistics (autovacuum analyzes them); freshly seeded ones do not yet.
    await sql`analyze`.execute(db);
    const { key } = await createApiKey(db, {
      programId: program.id,
      name: 'bench',
      permissions: ['purchases:write'],
      createdBy: null,
    });
    const app = await buildClubApp({ db, clock: systemClock });
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const url = `${address}/api/programs/${program.id}/purchases`;
    const runs: HttpRun[] = [];
    try {
      // Every member's first purchase, large enough to reach the top tier: a member's first purchase and tier
      // changes take the full transaction (several round trips, many times the CPU of a common purchase).
      // Left to the measured runs, how many of them fall into which run depends on how fast the runs before it
      // were, so the figures depended on the machine's speed and load: measured runs see settled members.
      log('settling members: a first purchase each, up to the top tier');
      for (let i = 0; i < members.length; i += 8) {
        await Promise.all(
          members.slice(i, i + 8).map((memberId, j) =>
            recordPurchase(db, systemClock, SYSTEM_ACTOR, program.id, {
              orderId: `settle-${i + j}`,
              memberId,
              total: SETTLING_TOTAL,
              currency: 'ILS',
            }),
          ),
        );
      }
      log(`settling paths: ${pathShares(purchasePaths({ reset: true }))}`);
      log('warming up');
      await loadFromWorker({ url, key, members, concurrency: 8, ms: 2000, firstOrder: 0 });
      log(`warm-up paths: ${pathShares(purchasePaths({ reset: true }))}`);
      // Statistics as autovacuum keeps them on a live program: plans prepared on the empty tables of a new
      // database (when any index looks as good as another) are replanned.
      await sql`analyze`.execute(db);
      for (const [i, clients] of concurrencies.entries()) {
        log(`measuring for ${seconds} s with ${clients} concurrent clients`);
        const backends = sampleBackendCpu(server, name);
        const cpuBefore = process.cpuUsage();
        const run = await loadFromWorker({
          url,
          key,
          members,
          concurrency: clients,
          ms: seconds * 1000,
          firstOrder: (i + 1) * 10_000_000,
        });
        const cpu = process.cpuUsage(cpuBefore);
        const pgCpu = await backends.stop();
        const done = Math.max(1, run.latencies.length);
        const latencies = run.latencies.sort((a, b) => a - b);
        const r: HttpRun = {
          clients,
          rate: latencies.length / run.seconds,
          p50: percentile(latencies, 50),
          p99: percentile(latencies, 99),
          nodeCpuMs: ((cpu.user + cpu.system) / 1000 - run.cpuMs) / done,
          clientCpuMs: run.cpuMs / done,
          pgCpuMs: pgCpu / done,
          errors: run.errors,
          paths: purchasePaths({ reset: true }),
        };
        runs.push(r);
        log(
          `${clients} clients: ${r.rate.toFixed(0)} purchases/s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, ${r.errors} errors`,
        );
        log(`${clients} clients, paths: ${pathShares(r.paths)}`);
      }
    } finally {
      await app.close();
    }
    const check = await checkLedger(db, program.id);
    if (check.problems.length)
      throw new Error(`ledger check failed: ${JSON.stringify(check.problems.slice(0, 3))}`);
    return runs;
  } finally {
    await database.close();
    await admin(`drop database if exists ${name} with (force)`);
  }
}

const best = <T>(runs: T[], by: (r: T) => number): T => runs.reduce((a, b) => (by(b) > by(a) ? b : a));

const http = await measureHttp();
log('running pgbench -N');
const pgbench = await measurePgbench(concurrencies, seconds, log);
const ours = best(http, (r) => r.rate);
const theirs = best(pgbench, (r) => r.tps);
const oursCpu = ours.clientCpuMs + ours.nodeCpuMs + ours.pgCpuMs;
const theirsCpu = theirs.clientCpuMs + theirs.pgCpuMs;
const cpuNote =
  `CPU per purchase ${oursCpu.toFixed(2)} ms (load generator ${ours.clientCpuMs.toFixed(2)}, ` +
  `Node server ${ours.nodeCpuMs.toFixed(2)}, PostgreSQL ${ours.pgCpuMs.toFixed(2)}) vs per pgbench ` +
  `transaction ${theirsCpu.toFixed(2)} ms (pgbench ${theirs.clientCpuMs.toFixed(2)}, PostgreSQL ` +
  `${theirs.pgCpuMs.toFixed(2)}): CPU-bound ratio ${(theirsCpu / oursCpu).toFixed(2)}`;
const pairs = http
  .map((h, i) => `${h.clients} clients ${h.rate.toFixed(0)}/${pgbench[i]!.tps.toFixed(0)}`)
  .join(', ');
log(`purchases/s vs pgbench TPS by clients: ${pairs}`);
log(cpuNote);
const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
const errors = http.reduce((sum, r) => sum + r.errors, 0);
console.log(
  JSON.stringify({
    bench: 'earn',
    value: round(ours.rate, 1),
    unit: 'purchases/s',
    limit: round(theirs.tps, 1),
    ratio: round(ours.rate / theirs.tps, 3),
    note:
      `best of each side: ${ours.clients} clients, p50 ${ours.p50.toFixed(1)} ms, p99 ${ours.p99.toFixed(1)} ms; ` +
      `limit = pgbench -N TPS at ${theirs.clients} clients (${seconds} s per run); ` +
      `purchases/s vs TPS by clients: ${pairs}; at the best rates: ${cpuNote}; ` +
      `paths at ${ours.clients} clients: ${pathShares(ours.paths)}` +
      (errors ? `; ${errors} errors` : ''),
  }),
);
