// What the benchmarks that compare with PostgreSQL share: the server to create throwaway databases on, and
// `pgbench -N` (a one-row-update transaction) at given client counts, with its CPU per transaction.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import pg from 'pg';
import { processCpuMs, sampleBackendCpu } from './cpu-time.ts';

export const benchServer =
  process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

export function dbUrl(name: string): string {
  const url = new URL(benchServer);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function adminQuery(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: benchServer });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
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

export interface PgbenchRun {
  clients: number;
  tps: number;
  clientCpuMs: number;
  pgCpuMs: number;
}

/** `pgbench -N -j 2 -T seconds` at each client count, on a fresh `pgbench -i` database. */
export async function measurePgbench(
  concurrencies: readonly number[],
  seconds: number,
  log: (msg: string) => void,
): Promise<PgbenchRun[]> {
  const bin = pgbenchBinary();
  const name = `moadon_pgbench_${Date.now()}`;
  const url = dbUrl(name);
  await adminQuery(`create database ${name}`);
  const runs: PgbenchRun[] = [];
  try {
    execFileSync(bin, ['-i', '-q', url], { stdio: 'ignore' });
    for (const clients of concurrencies) {
      const child = spawn(bin, ['-N', '-c', String(clients), '-j', '2', '-T', String(seconds), url], {
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      const cpu = sampleBackendCpu(benchServer, name);
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
      runs.push({ clients, tps: Number(match[1]), clientCpuMs: clientCpu / n, pgCpuMs: total / n });
      log(`pgbench -N, ${clients} clients: ${Number(match[1]).toFixed(0)} TPS`);
    }
    return runs;
  } finally {
    await adminQuery(`drop database if exists ${name} with (force)`);
  }
}
