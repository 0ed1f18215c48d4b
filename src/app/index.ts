// The assembled application: the kernel's entry points given the list of modules. Entry points, tests and
// benchmarks start here; platform/ itself knows no module.
import type { Config } from '../config.ts';
import type { Db } from '../platform/db/database.ts';
import { migrateToLatest } from '../platform/db/migrate.ts';
import { buildApp, type BuildAppOptions } from '../platform/http/app.ts';
import { installSubscriptions, outboxSubscriptionsOf } from '../platform/events/index.ts';
import type { JobModule } from '../platform/jobs/worker.ts';
import { openMigratedDatabase, runWorker, serve } from '../platform/runtime.ts';
import { modules } from './modules.ts';

export { modules };

// publishEvent runs the modules' in-transaction subscribers (the signup bonus) in every process that uses
// the club: the server, the worker, the CLI and tests.
installSubscriptions(modules);

export const buildClubApp = (options: Omit<BuildAppOptions, 'modules'>) => buildApp({ ...options, modules });

export const migrateClub = (db: Db) => migrateToLatest(db, modules);

export const openClubDatabase = (config: Config) => openMigratedDatabase(config, modules);

/** Every module's job handlers and schedules, for a Worker. */
export const clubJobs: readonly JobModule[] = modules.flatMap((m) => (m.jobs ? [m.jobs] : []));

/** Every module's outbox subscribers, for a Worker (`new Worker({ …, subscriptions: clubSubscriptions })`). */
export const clubSubscriptions = outboxSubscriptionsOf(modules);

export const serveClub = (config: Config) => serve(config, modules);

export const runClubWorker = (config: Config) => runWorker(config, modules);
