// All configuration is read here, from environment variables, and validated once at start.
import net from 'node:net';
import path from 'node:path';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  port: number;
  host: string;
  /** postgres://… for a real server; undefined → embedded PGlite in dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  demo: boolean;
  ownerEmail: string | undefined;
  ownerPassword: string | undefined;
  /** smtp://… or smtps://…; undefined → messages stay in the outbox table. */
  smtpUrl: string | undefined;
  /** The From address of e-mail to members (MOADON_MAIL_FROM); the program's name is its display name. */
  mailFrom: string;
  logLevel: LogLevel;
  /** Public base URL used in links sent to members (confirmation, unsubscribe). */
  publicUrl: string;
  /** Secret for signed links and tokens. Generated and stored in the database when unset. */
  secret: string | undefined;
  /** Number of jobs a worker process runs at once. */
  workerConcurrency: number;
  /** When false, `serve` does not run workers in-process (use `moadon worker`). */
  runWorkers: boolean;
  /**
   * Proxies whose X-Forwarded-For / -Proto we believe (addresses or CIDR ranges). Empty: the caller's IP is
   * the socket's peer, whatever headers it sends.
   */
  trustedProxies: string[];
  /** Bearer token that /metrics requires (MOADON_METRICS_TOKEN); unset → /metrics only on metricsPort. */
  metricsToken: string | undefined;
  /** A second port that serves only /metrics, without a token (MOADON_METRICS_PORT); unset → none. */
  metricsPort: number | undefined;
  /**
   * Days an event stays in the outbox (MOADON_EVENT_RETENTION_DAYS, default 400): the member and points
   * histories and what a replaying subscriber sees. Older events go once every subscriber has handled them.
   */
  eventRetentionDays: number;
  /** Days a finished (done or dead) job is kept (MOADON_JOB_RETENTION_DAYS, default 14). */
  jobRetentionDays: number;
  /**
   * The port of the receiving SMTP server for bounces and mailto unsubscribes (MOADON_INBOUND_SMTP_PORT), run by
   * every process that runs workers; unset → none (the HTTP endpoints still take reports).
   */
  inboundSmtpPort: number | undefined;
  /** The address it listens on (MOADON_INBOUND_SMTP_HOST); default HOST. */
  inboundSmtpHost: string;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}

export const RETENTION_DEFAULTS = { eventRetentionDays: 400, jobRetentionDays: 14 } as const;

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max)
    throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function url(env: NodeJS.ProcessEnv, name: string, protocols: string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(
      name,
      `is not a valid URL (expected ${protocols.map((p) => `${p}//…`).join(' or ')})`,
    );
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must start with ${protocols.join(' or ')} (got "${parsed.protocol}")`);
  }
  if (!parsed.hostname) throw new ConfigError(name, 'has no host name');
  return raw;
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(name, `must be 1 or 0 (got "${raw}")`);
}

/** proxy-addr's names for whole ranges, accepted as they are. */
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function proxyList(env: NodeJS.ProcessEnv, name: string): string[] {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return [];
  return raw.split(',').map((entry) => {
    const value = entry.trim();
    if (PROXY_RANGE_NAMES.has(value)) return value;
    const [address, bits, extra] = value.split('/');
    const family = net.isIP(address ?? '');
    const maxBits = family === 6 ? 128 : 32;
    const okBits = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= maxBits);
    if (!family || !okBits || extra !== undefined) {
      throw new ConfigError(
        name,
        `"${value}" is not an IP address, a CIDR range (10.0.0.0/8) or one of loopback, linklocal, uniquelocal`,
      );
    }
    return value;
  });
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = integer(env, 'PORT', 3000, 0, 65535);
  const host = env.HOST || '127.0.0.1';
  const logLevel = (env.LOG_LEVEL || 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')} (got "${env.LOG_LEVEL}")`);
  }
  const ownerEmail = env.MOADON_OWNER_EMAIL || undefined;
  if (ownerEmail !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(ownerEmail)) {
    throw new ConfigError('MOADON_OWNER_EMAIL', `is not an e-mail address ("${ownerEmail}")`);
  }
  const ownerPassword = env.MOADON_OWNER_PASSWORD || undefined;
  if (ownerPassword !== undefined && ownerPassword.length < 10) {
    throw new ConfigError('MOADON_OWNER_PASSWORD', 'must be at least 10 characters');
  }
  const secret = env.MOADON_SECRET || undefined;
  if (secret !== undefined && secret.length < 32) {
    throw new ConfigError('MOADON_SECRET', 'must be at least 32 characters');
  }
  const metricsToken = env.MOADON_METRICS_TOKEN || undefined;
  if (metricsToken !== undefined && metricsToken.length < 16) {
    throw new ConfigError('MOADON_METRICS_TOKEN', 'must be at least 16 characters');
  }
  const hostForUrl = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  const publicUrl = url(env, 'MOADON_PUBLIC_URL', ['http:', 'https:']) ?? `http://${hostForUrl}:${port}`;
  const mailFrom = env.MOADON_MAIL_FROM || `no-reply@${new URL(publicUrl).hostname}`;
  if (!/^[^@\s<>"]+@[^@\s<>"]+$/.test(mailFrom)) {
    throw new ConfigError(
      'MOADON_MAIL_FROM',
      `must be a bare e-mail address like club@example.com ("${mailFrom}")`,
    );
  }
  return {
    port,
    host,
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    dataDir: path.resolve(env.MOADON_DATA_DIR || './data'),
    demo: flag(env, 'MOADON_DEMO', true),
    ownerEmail,
    ownerPassword,
    smtpUrl: url(env, 'SMTP_URL', ['smtp:', 'smtps:']),
    mailFrom,
    logLevel,
    publicUrl: publicUrl.replace(/\/$/, ''),
    secret,
    workerConcurrency: integer(env, 'MOADON_WORKER_CONCURRENCY', 4, 1, 64),
    runWorkers: flag(env, 'MOADON_WORKERS', true),
    trustedProxies: proxyList(env, 'MOADON_TRUSTED_PROXIES'),
    metricsToken,
    metricsPort: env.MOADON_METRICS_PORT ? integer(env, 'MOADON_METRICS_PORT', 0, 1, 65535) : undefined,
    eventRetentionDays: integer(
      env,
      'MOADON_EVENT_RETENTION_DAYS',
      RETENTION_DEFAULTS.eventRetentionDays,
      1,
      100_000,
    ),
    jobRetentionDays: integer(
      env,
      'MOADON_JOB_RETENTION_DAYS',
      RETENTION_DEFAULTS.jobRetentionDays,
      1,
      100_000,
    ),
    inboundSmtpPort: env.MOADON_INBOUND_SMTP_PORT
      ? integer(env, 'MOADON_INBOUND_SMTP_PORT', 0, 1, 65535)
      : undefined,
    inboundSmtpHost: env.MOADON_INBOUND_SMTP_HOST || host,
  };
}

/**
 * Settings that start but work against the club: said at start, in the log and in the banner. Marketing
 * e-mail carries its one-click unsubscribe link in List-Unsubscribe; RFC 8058 requires it to be https, and
 * Gmail and Yahoo show no unsubscribe button for an http link.
 */
export function configWarnings(config: Pick<Config, 'publicUrl'>): string[] {
  if (new URL(config.publicUrl).protocol === 'https:') return [];
  return [
    `MOADON_PUBLIC_URL is ${config.publicUrl}: marketing e-mail would carry an http:// List-Unsubscribe link, ` +
      'which RFC 8058 one-click unsubscribe does not allow (Gmail and Yahoo ignore it). ' +
      'Set MOADON_PUBLIC_URL to the https:// address members reach.',
  ];
}
