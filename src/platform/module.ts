// The module contract: what a domain module hands the kernel. Each module's index.ts exports one
// ModuleManifest; src/app/ lists them; the kernel (HTTP app, worker, migrations, start-up, CLI) works from that
// list and imports no module. See docs/architecture.md ("How to add a module").
import { fileURLToPath } from 'node:url';
import type { FastifyBaseLogger, FastifyPluginAsync } from 'fastify';
import type { Config } from '../config.ts';
import type { PermissionDefinitions } from '../contracts/permissions.ts';
import type { Clock } from './clock.ts';
import type { Database, Db } from './db/database.ts';
import type { EventSubscription } from './events/types.ts';
import type { JobModule } from './jobs/worker.ts';

/** Whose data: the member, and their e-mail and phone as stored before the erasure emptied them. */
export interface MemberDataSubject {
  programId: string;
  memberId: string;
  email: string | null;
  phone: string | null;
}

/**
 * What a module stores about a member: its part of a data export, and how it forgets it on erasure. Each gets
 * the member's id and the addresses the member had before the erasure began, because some rows are linked only
 * by address (a double opt-in confirmation queued before the member existed, a portal sign-in code).
 */
export interface MemberDataContributor {
  /** Key in the data export. */
  name: string;
  exportData(db: Db, subject: MemberDataSubject): Promise<unknown>;
  /** Runs inside the erasure's transaction, in module-list order; must be idempotent. */
  erase(trx: Db, clock: Clock, subject: MemberDataSubject): Promise<void>;
}

/** Two profiles of one person: everything of `fromId` moves to `intoId`, and `fromId` is retired. */
export interface MemberMergeSubject {
  programId: string;
  fromId: string;
  intoId: string;
}

/** Shared by the start-up steps of one `moadon serve`, in module-list order. */
export interface StartContext {
  db: Db;
  clock: Clock;
  config: Config;
  modules: readonly ModuleManifest[];
  log: FastifyBaseLogger;
  /** Adds a line to the start-up banner; `{url}` in it becomes the server's address once it listens. */
  announce(line: string): void;
  /** The first owner's e-mail, once a step has ensured one (the demo club grants it the owner role). */
  ownerEmail?: string;
}

/** Adds one module's part of the demo club to a freshly created demo program. */
export interface DemoSeedContext {
  db: Db;
  clock: Clock;
  programId: string;
}

export interface CommandContext {
  config: Config;
  modules: readonly ModuleManifest[];
  /** Opens the configured database with every module's migrations applied; the caller closes it. */
  openDatabase(): Promise<Database>;
}

/** A `moadon <name>` admin command. */
export interface Command {
  summary: string;
  usage?: string;
  run(args: string[], ctx: CommandContext): Promise<number | void>;
}

export interface ModuleManifest {
  /** The module's folder name; unique. */
  name: string;
  /**
   * App-wide Fastify plugins (wrapped with fastify-plugin) registered before any module's routes, e.g. the auth
   * module's authentication hook. Most modules have none.
   */
  plugins?: readonly FastifyPluginAsync[];
  /** The module's HTTP routes, each an encapsulated Fastify plugin. */
  routes?: readonly FastifyPluginAsync[];
  /**
   * Every permission this module's routes name in `config.auth.permission`; buildApp refuses to start when a route
   * names one not listed here, and the role map refuses one no module defines (`definesPermissions`).
   */
  permissions?: readonly string[];
  /**
   * The permissions this module defines — those guarding what it owns — each with a sentence and the roles that
   * hold it (the owner holds every permission). The role map is the union of every module's (auth's
   * permissionCatalogue); a permission is defined by exactly one module, and `permissions` may name another's.
   * Declare the names as well, so routes and the admin app type-check against them:
   * `declare module '../../contracts/permissions.ts' { interface Permissions extends Record<keyof typeof x, true> {} }`.
   */
  definesPermissions?: PermissionDefinitions;
  /** Background job handlers and recurring schedules. */
  jobs?: JobModule;
  /**
   * What the module does when an event happens (platform/events): handlers for event types, delivered once
   * each from the outbox after the change commits, or run inside the publishing transaction. See
   * docs/architecture.md ("The event bus").
   */
  subscriptions?: readonly EventSubscription[];
  /** Absolute path of the folder with this module's migrations (`<YYYYMMDDHHMM>_<module>_<what>.ts`). */
  migrations?: string;
  /** What the module stores about a member (data export and erasure). */
  memberData?: MemberDataContributor;
  /**
   * Runs inside a merge's transaction (members/merge.ts), in module-list order: moves what the module holds
   * about `fromId` (the duplicate, retired by the merge) to `intoId` (the member who stays), resolving its own
   * unique keys (platform/db/move-member-rows.ts). Both member rows are locked first.
   */
  mergeMember?(trx: Db, clock: Clock, subject: MemberMergeSubject): Promise<void>;
  /** First-start chores of `moadon serve`, after migrations and before the HTTP server starts. */
  start?(ctx: StartContext): Promise<void>;
  /** The module's part of the demo club. */
  demoSeed?(ctx: DemoSeedContext): Promise<void>;
  /** `moadon <name>` admin commands. */
  commands?: Readonly<Record<string, Command>>;
  /**
   * Servers a process that runs workers also runs (e.g. messaging's receiving SMTP server for bounces). Each
   * decides from the configuration whether it is on, and returns undefined when it is off.
   */
  listeners?: readonly ((ctx: ListenerContext) => Promise<RunningListener | undefined>)[];
}

export interface ListenerContext {
  db: Db;
  clock: Clock;
  config: Config;
  log: FastifyBaseLogger;
}

export interface RunningListener {
  /** A line for the start banner / the log, e.g. "Inbound SMTP: 0.0.0.0:2525". */
  description: string;
  close(): Promise<void>;
}

export const defineModule = (manifest: ModuleManifest): ModuleManifest => manifest;

/** The migrations folder beside a module's index.ts: `migrations: migrationsBeside(import.meta.url)`. */
export const migrationsBeside = (indexUrl: string): string =>
  fileURLToPath(new URL('./migrations', indexUrl));
