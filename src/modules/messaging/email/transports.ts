// SMTP transports per program and purpose: marketing mail and transactional (service) mail go through their own
// servers or accounts, each with its own rate limit, so a campaign never delays a sign-in code. The URL (with
// its credentials) is sealed at rest; people see host and port. Without a transport for the purpose the
// installation's SMTP_URL is used (no limit), and without that the outbox.
import type { Db } from '../../../platform/db/database.ts';
import { AppError, notFound } from '../../../platform/http/errors.ts';
import { seal, unseal } from '../../../platform/sealed.ts';
import type { MessagePurpose } from '../tables.ts';
import type { SecretContext } from './domains.ts';
import { takeToken, takeTokens } from './rate-limit.ts';

export const SMTP_URL_PURPOSE = 'smtp-url';

export interface TransportInput {
  smtpUrl: string;
  fromAddress: string;
  perMinute: number;
  burst: number;
  poolSize: number;
}

export interface TransportView {
  purpose: MessagePurpose;
  host: string;
  fromAddress: string;
  perMinute: number;
  burst: number;
  poolSize: number;
  updatedAt: Date;
}

export interface ResolvedTransport {
  /** 'program' (a stored transport, rate limited) or 'installation' (SMTP_URL). */
  source: 'program' | 'installation';
  url: string;
  from: string;
  poolSize: number;
}

const EMAIL = /^[^@\s<>"]+@[^@\s<>"]+\.[^@\s<>"]+$/;

function hostOf(smtpUrl: string): string {
  let url: URL;
  try {
    url = new URL(smtpUrl);
  } catch {
    throw new AppError('invalid_transport', 400, 'The SMTP URL is not a URL (smtp://user:pass@host:587)');
  }
  if (!['smtp:', 'smtps:'].includes(url.protocol) || !url.hostname) {
    throw new AppError('invalid_transport', 400, 'The SMTP URL must be smtp://… or smtps://… with a host');
  }
  return `${url.hostname}:${url.port || (url.protocol === 'smtps:' ? '465' : '587')}`;
}

export async function saveTransport(
  ctx: SecretContext,
  programId: string,
  purpose: MessagePurpose,
  input: TransportInput,
): Promise<TransportView> {
  const host = hostOf(input.smtpUrl);
  if (!EMAIL.test(input.fromAddress)) {
    throw new AppError('invalid_transport', 400, `"${input.fromAddress}" is not an e-mail address`);
  }
  const now = ctx.clock.now();
  const values = {
    smtp_url_sealed: await seal(ctx.db, ctx.config.secret, SMTP_URL_PURPOSE, input.smtpUrl),
    smtp_host: host,
    from_address: input.fromAddress,
    per_minute: input.perMinute,
    burst: input.burst,
    pool_size: input.poolSize,
    tokens: input.burst,
    refilled_at: now,
    updated_at: now,
  };
  const row = await ctx.db
    .insertInto('email_transports')
    .values({ program_id: programId, purpose, ...values })
    .onConflict((oc) => oc.columns(['program_id', 'purpose']).doUpdateSet(values))
    .returningAll()
    .executeTakeFirstOrThrow();
  return view(row);
}

const view = (r: {
  purpose: MessagePurpose;
  smtp_host: string;
  from_address: string;
  per_minute: number;
  burst: number;
  pool_size: number;
  updated_at: Date;
}): TransportView => ({
  purpose: r.purpose,
  host: r.smtp_host,
  fromAddress: r.from_address,
  perMinute: r.per_minute,
  burst: r.burst,
  poolSize: r.pool_size,
  updatedAt: r.updated_at,
});

export async function listTransports(db: Db, programId: string): Promise<TransportView[]> {
  const rows = await db
    .selectFrom('email_transports')
    .selectAll()
    .where('program_id', '=', programId)
    .orderBy('purpose')
    .execute();
  return rows.map(view);
}

export async function removeTransport(db: Db, programId: string, purpose: MessagePurpose): Promise<void> {
  const result = await db
    .deleteFrom('email_transports')
    .where('program_id', '=', programId)
    .where('purpose', '=', purpose)
    .executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw notFound('transport', purpose);
}

/** The transport a message of this purpose goes through, or null for the outbox. */
export async function resolveTransport(
  ctx: SecretContext & { config: { smtpUrl?: string | undefined; mailFrom?: string | undefined } },
  programId: string,
  purpose: MessagePurpose,
): Promise<ResolvedTransport | null> {
  const row = await ctx.db
    .selectFrom('email_transports')
    .select(['smtp_url_sealed', 'from_address', 'pool_size'])
    .where('program_id', '=', programId)
    .where('purpose', '=', purpose)
    .executeTakeFirst();
  if (row) {
    return {
      source: 'program',
      url: await unseal(ctx.db, ctx.config.secret, SMTP_URL_PURPOSE, row.smtp_url_sealed),
      from: row.from_address,
      poolSize: row.pool_size,
    };
  }
  if (!ctx.config.smtpUrl) return null;
  return {
    source: 'installation',
    url: ctx.config.smtpUrl,
    from: ctx.config.mailFrom ?? 'no-reply@localhost',
    poolSize: 5,
  };
}

/**
 * Takes one token from the program's transport for this purpose, under its row lock (every worker process
 * shares the bucket). Returns null when granted (or there is no limited transport), else when to try again.
 */
export async function takeSendToken(
  ctx: SecretContext,
  programId: string,
  purpose: MessagePurpose,
): Promise<Date | null> {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('email_transports')
      .select(['tokens', 'refilled_at', 'per_minute', 'burst'])
      .where('program_id', '=', programId)
      .where('purpose', '=', purpose)
      .forUpdate()
      .executeTakeFirst();
    if (!row) return null;
    const result = takeToken(
      { tokens: row.tokens, refilledAt: row.refilled_at },
      ctx.clock.now(),
      row.per_minute,
      row.burst,
    );
    await trx
      .updateTable('email_transports')
      .set({ tokens: result.bucket.tokens, refilled_at: result.bucket.refilledAt })
      .where('program_id', '=', programId)
      .where('purpose', '=', purpose)
      .execute();
    return result.granted ? null : result.retryAt;
  });
}

/** Up to `wanted` tokens at once from the program's transport for this purpose (a campaign's batch). */
export async function takeSendTokens(
  ctx: SecretContext,
  programId: string,
  purpose: MessagePurpose,
  wanted: number,
): Promise<{ granted: number; retryAt: Date | null }> {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('email_transports')
      .select(['tokens', 'refilled_at', 'per_minute', 'burst'])
      .where('program_id', '=', programId)
      .where('purpose', '=', purpose)
      .forUpdate()
      .executeTakeFirst();
    if (!row) return { granted: wanted, retryAt: null };
    const result = takeTokens(
      { tokens: row.tokens, refilledAt: row.refilled_at },
      ctx.clock.now(),
      row.per_minute,
      row.burst,
      wanted,
    );
    await trx
      .updateTable('email_transports')
      .set({ tokens: result.bucket.tokens, refilled_at: result.bucket.refilledAt })
      .where('program_id', '=', programId)
      .where('purpose', '=', purpose)
      .execute();
    return { granted: result.granted, retryAt: result.retryAt };
  });
}
