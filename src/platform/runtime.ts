// Process lifecycles: `serve` (HTTP + workers in one process) and `worker` (workers only), with clean
// shutdown on SIGINT/SIGTERM: stop taking requests and jobs, finish what is running, close the database.
import pino from 'pino';
import { configWarnings, type Config } from '../config.ts';
import { systemClock } from './clock.ts';
import { openDatabase, type Database } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { buildApp } from './http/app.ts';
import { listenForMetrics } from './http/metrics.ts';
import { outboxSubscriptionsOf } from './events/registry.ts';
import { housekeepingJobs } from './housekeeping.ts';
import { Worker } from './jobs/worker.ts';
import type { ListenerContext, ModuleManifest, RunningListener, StartContext } from './module.ts';

export async function openMigratedDatabase(
  config: Config,
  modules: readonly ModuleManifest[],
): Promise<{ database: Database; applied: string[] }> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const applied = await migrateToLatest(database.db, modules);
    return { database, applied };
  } catch (error) {
    await database.close();
    throw error;
  }
}

function onShutdown(log: pino.Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: string) => {
    if (stopping) {
      log.warn('second signal: exiting now; unfinished jobs return to the queue when their lease expires');
      process.exit(130);
    }
    stopping = true;
    log.info({ signal }, 'shutting down: finishing in-flight requests and jobs');
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}

function describeDatabase(config: Config): string {
  if (!config.databaseUrl) return `embedded PGlite in ${config.dataDir}`;
  const url = new URL(config.databaseUrl);
  return `PostgreSQL at ${url.hostname}:${url.port || 5432}${url.pathname}`;
}

// Every module's jobs, and the kernel's own (outbox and job retention).
const jobsOf = (modules: readonly ModuleManifest[]) => [
  housekeepingJobs,
  ...modules.flatMap((m) => (m.jobs ? [m.jobs] : [])),
];

/** Every module's listeners that the configuration turns on (see ModuleManifest.listeners). */
async function startListeners(
  modules: readonly ModuleManifest[],
  ctx: ListenerContext,
): Promise<RunningListener[]> {
  const running: RunningListener[] = [];
  for (const start of modules.flatMap((m) => m.listeners ?? [])) {
    const listener = await start(ctx);
    if (listener) running.push(listener);
  }
  return running;
}

export async function serve(config: Config, modules: readonly ModuleManifest[]): Promise<void> {
  const log = pino({ level: config.logLevel });
  const clock = systemClock;
  const warnings = configWarnings(config);
  for (const warning of warnings) log.warn(warning);
  const { database, applied } = await openMigratedDatabase(config, modules);
  if (applied.length) log.info({ applied }, 'migrations applied');
  const announced: string[] = [];
  const start: StartContext = {
    db: database.db,
    clock,
    config,
    modules,
    log,
    announce: (line) => announced.push(line),
  };
  for (const module of modules) await module.start?.(start);
  const app = await buildApp({ db: database.db, clock, config, logger: log, modules });
  const worker = config.runWorkers
    ? new Worker({
        db: database.db,
        clock,
        config,
        modules: jobsOf(modules),
        subscriptions: outboxSubscriptionsOf(modules),
        concurrency: config.workerConcurrency,
        log,
      })
    : undefined;
  await app.listen({ port: config.port, host: config.host });
  const metricsServer = config.metricsPort
    ? await listenForMetrics(app, config.metricsPort, config.host)
    : undefined;
  worker?.start();
  const listeners = worker ? await startListeners(modules, { db: database.db, clock, config, log }) : [];
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host}:${port}`;
  const lines = [
    '',
    `  Moadon is running at ${url}`,
    `  Admin UI ${url}/   Member portal ${url}/portal   API docs ${url}/docs`,
    `  Database: ${describeDatabase(config)}`,
    ...announced.map((line) => line.replaceAll('{url}', url)),
    ...(metricsServer ? [`  Metrics: http://${config.host}:${config.metricsPort}/metrics`] : []),
    ...listeners.map((l) => `  ${l.description}`),
    worker
      ? '  Background workers: running in this process'
      : '  Background workers: off (MOADON_WORKERS=0); run `moadon worker`',
    ...warnings.map((w) => `  Warning: ${w}`),
    '',
  ];
  console.log(lines.join('\n'));
  onShutdown(log, async () => {
    metricsServer?.close();
    for (const l of listeners) await l.close();
    await app.close();
    await worker?.stop();
    await database.close();
  });
}

export async function runWorker(config: Config, modules: readonly ModuleManifest[]): Promise<void> {
  if (!config.databaseUrl) {
    throw new Error(
      'moadon worker needs DATABASE_URL: the embedded PGlite database can be opened by one process only, ' +
        'and `npm start` already runs workers in-process.',
    );
  }
  const log = pino({ level: config.logLevel });
  for (const warning of configWarnings(config)) log.warn(warning);
  const { database } = await openMigratedDatabase(config, modules);
  const worker = new Worker({
    db: database.db,
    clock: systemClock,
    config,
    modules: jobsOf(modules),
    subscriptions: outboxSubscriptionsOf(modules),
    concurrency: config.workerConcurrency,
    log,
  });
  worker.start();
  const listeners = await startListeners(modules, { db: database.db, clock: systemClock, config, log });
  for (const l of listeners) log.info(l.description);
  onShutdown(log, async () => {
    for (const l of listeners) await l.close();
    await worker.stop();
    await database.close();
  });
}
