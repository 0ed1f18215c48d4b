// CPU time of processes by pid, from /proc (Linux). Used to put the CPU a purchase costs (load generator, Node
// server, PostgreSQL backends) next to what one pgbench transaction costs (pgbench, PostgreSQL backends): unlike
// throughput, CPU time per operation does not depend on what else the machine is doing.
import fs from 'node:fs';
import pg from 'pg';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

export function processCpuMs(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return undefined; // gone, or not Linux
  }
}

/**
 * Samples the CPU time of the PostgreSQL backends serving `database` until stopped;
 * backends that end between samples lose at most one interval. Returns the CPU spent meanwhile, in ms.
 */
export function sampleBackendCpu(serverUrl: string, database: string): { stop(): Promise<number> } {
  const client = new pg.Client({ connectionString: serverUrl });
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const sample = async () => {
    const r = await client.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1', [
      database,
    ]);
    for (const { pid } of r.rows) {
      const ms = processCpuMs(pid);
      if (ms === undefined) continue;
      if (!first.has(pid)) first.set(pid, started ? 0 : ms);
      last.set(pid, ms);
    }
  };
  let started = false;
  let inFlight: Promise<void> = Promise.resolve();
  const ready = client.connect().then(async () => {
    await sample();
    started = true;
    const tick = () => {
      if (stopped) return;
      inFlight = sample().then(() => {
        if (!stopped) timer = setTimeout(tick, 100);
      });
    };
    timer = setTimeout(tick, 100);
  });
  return {
    async stop() {
      await ready;
      stopped = true;
      clearTimeout(timer);
      // A sample under way finishes before the last one and before the connection closes.
      await inFlight;
      await sample();
      await client.end();
      let total = 0;
      for (const [pid, ms] of last) total += ms - (first.get(pid) ?? 0);
      return total;
    },
  };
}
