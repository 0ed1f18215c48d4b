// Process lifecycles: `serve` (HTTP + workers in one process) and `worker` (workers only), with clean
// shutdown on SIGINT/SIGTERM: stop taking requests and jobs, finish what is running, close the database.
import pino from 'pino';
import { configWarnings, type Config } from '../config.ts';
import { seedDemoClub } from '../modules/demo/seed.ts';
import { ensureOwner, isEmpty } from './bootstrap.ts';
import { systemClock } from './clock.ts';
import { openDatabase, type Database } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { buildApp } from './http/app.ts';
import { listenForMetrics } from './http/metrics.ts';
import { moduleJobs } from './jobs/module-jobs.ts';
import { Worker } from './jobs/worker.ts';

export async function openMigratedDatabase(
  config: Config,
): Promise<{ database: Database; applied: string[] }> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const applied = await migrateToLatest(database.db);
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

export async function serve(config: Config): Promise<void> {
  const log = pino({ level: config.logLevel });
  const clock = systemClock;
  const warnings = configWarnings(config);
  for (const warning of warnings) log.warn(warning);
  const { database, applied } = await openMigratedDatabase(config);
  if (applied.length) log.info({ applied }, 'migrations applied');
  const owner = await ensureOwner(database.db, config);
  let demo: Awaited<ReturnType<typeof seedDemoClub>> = undefined;
  if (config.demo && (await isEmpty(database.db))) {
    log.info('empty database: creating the demo club (a moment)…');
    demo = await seedDemoClub(database.db, clock, owner.email);
  }
  const app = await buildApp({ db: database.db, clock, config, logger: log });
  const worker = config.runWorkers
    ? new Worker({
        db: database.db,
        clock,
        config,
        modules: moduleJobs,
        concurrency: config.workerConcurrency,
        log,
      })
    : undefined;
  await app.listen({ port: config.port, host: config.host });
  const metricsServer = config.metricsPort
    ? await listenForMetrics(app, config.metricsPort, config.host)
    : undefined;
  worker?.start();
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host}:${port}`;
  const lines = [
    '',
    `  Moadon is running at ${url}`,
    `  Admin UI ${url}/   Member portal ${url}/portal   API docs ${url}/docs`,
    `  Database: ${describeDatabase(config)}`,
    `  Owner login: ${owner.email}${owner.password ? `  password: ${owner.password}` : owner.created ? '  (password from MOADON_OWNER_PASSWORD)' : ''}`,
    ...(demo
      ? [`  Demo club "${demo.programName}": ${demo.members} members, ${demo.purchases} purchases`]
      : []),
    ...(metricsServer ? [`  Metrics: http://${config.host}:${config.metricsPort}/metrics`] : []),
    worker
      ? '  Background workers: running in this process'
      : '  Background workers: off (MOADON_WORKERS=0); run `moadon worker`',
    ...warnings.map((w) => `  Warning: ${w}`),
    '',
  ];
  console.log(lines.join('\n'));
  onShutdown(log, async () => {
    metricsServer?.close();
    await app.close();
    await worker?.stop();
    await database.close();
  });
}

export async function runWorker(config: Config): Promise<void> {
  if (!config.databaseUrl) {
    throw new Error(
      'moadon worker needs DATABASE_URL: the embedded PGlite database can be opened by one process only, ' +
        'and `npm start` already runs workers in-process.',
    );
  }
  const log = pino({ level: config.logLevel });
  for (const warning of configWarnings(config)) log.warn(warning);
  const { database } = await openMigratedDatabase(config);
  const worker = new Worker({
    db: database.db,
    clock: systemClock,
    config,
    modules: moduleJobs,
    concurrency: config.workerConcurrency,
    log,
  });
  worker.start();
  onShutdown(log, async () => {
    await worker.stop();
    await database.close();
  });
}
