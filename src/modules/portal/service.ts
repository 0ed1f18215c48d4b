// Member portal sign-in by one-time code, delivered through the messaging module (SMTP or the outbox).
// Asking for a code never reveals whether an address belongs to a member: the answer is the same, and a row
// is written either way so rate limits count unknown addresses too.
import crypto from 'node:crypto';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { lockCounterKey } from '../../platform/db/locks.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { findMemberByIdentity, normaliseEmail, normalisePhone } from '../members/index.ts';
import { sendServiceMessage } from '../messaging/index.ts';
import { newToken, sha256 } from '../auth/index.ts';

export const OTP_TTL_MS = 10 * 60_000;
export const OTP_MAX_ATTEMPTS = 5;
export const PORTAL_SESSION_TTL_MS = 30 * 86_400_000;
const RATE_WINDOW_MS = 15 * 60_000;
const MAX_CODES_PER_DESTINATION = 3;
const MAX_CODES_PER_IP = 20;

export interface PortalProgram {
  id: string;
  slug: string;
  name: string;
  defaultLocale: string;
  defaultRegion: string;
  currency: string;
  timeZone: string;
}

/** Every club's portal address and name, oldest club first (the demo club on a fresh install). */
export async function portalPrograms(db: Db): Promise<{ slug: string; name: string }[]> {
  return db
    .selectFrom('programs')
    .select(['slug', 'name'])
    .orderBy('created_at')
    .orderBy('slug')
    .limit(100)
    .execute();
}

export async function portalProgram(db: Db, slug: string): Promise<PortalProgram> {
  const row = await db
    .selectFrom('programs')
    .select(['id', 'slug', 'name', 'default_locale', 'default_region', 'currency', 'time_zone'])
    .where('slug', '=', slug)
    .executeTakeFirst();
  if (!row) throw notFound('program', slug);
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    defaultLocale: row.default_locale,
    defaultRegion: row.default_region,
    currency: row.currency,
    timeZone: row.time_zone,
  };
}

type Destination = { channel: 'email' | 'sms'; address: string };

function destinationOf(program: PortalProgram, input: { email?: string; phone?: string }): Destination {
  if (input.email && !input.phone) return { channel: 'email', address: normaliseEmail(input.email) };
  if (input.phone && !input.email) {
    return { channel: 'sms', address: normalisePhone(input.phone, program.defaultRegion) };
  }
  throw new AppError('email_or_phone_required', 400, 'Send exactly one of email or phone');
}

const hashCode = (otpId: string, code: string) => sha256(`${otpId}:${code}`);

export async function requestSignInCode(
  db: Db,
  clock: Clock,
  input: {
    programSlug: string;
    email?: string;
    phone?: string;
    ip: string;
    locale?: string;
    /** Where the portal is served ({{ links.portal }} in the code's template). */
    publicUrl: string;
  },
): Promise<{ channel: 'email' | 'sms'; expiresInSeconds: number }> {
  const program = await portalProgram(db, input.programSlug);
  const destination = destinationOf(program, input);
  const now = clock.now();
  const member = await findMemberByIdentity(db, program.id, {
    [destination.channel === 'email' ? 'email' : 'phone']: destination.address,
  });
  const code = String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');
  await db.transaction().execute(async (trx) => {
    // Count and insert under the limits' locks (destination first, then IP), so a burst cannot pass them.
    await lockCounterKey(trx, `otp-destination:${program.id}:${destination.address}`);
    await lockCounterKey(trx, `otp-ip:${program.id}:${input.ip}`);
    const since = new Date(now.getTime() - RATE_WINDOW_MS);
    const recent = await trx
      .selectFrom('portal_otps')
      .select((eb) => [
        eb.fn.countAll<string>().filterWhere('destination', '=', destination.address).as('byDestination'),
        eb.fn.countAll<string>().filterWhere('ip', '=', input.ip).as('byIp'),
      ])
      .where('program_id', '=', program.id)
      .where('created_at', '>', since)
      .executeTakeFirstOrThrow();
    if (
      Number(recent.byDestination) >= MAX_CODES_PER_DESTINATION ||
      Number(recent.byIp) >= MAX_CODES_PER_IP
    ) {
      throw new AppError('too_many_codes', 429, 'Too many codes asked for; try again in 15 minutes', {
        retryAfterSeconds: RATE_WINDOW_MS / 1000,
      });
    }
    const otp = await trx
      .insertInto('portal_otps')
      .values({
        program_id: program.id,
        channel: destination.channel,
        destination: destination.address,
        member_id: member?.id ?? null,
        code_hash: 'pending',
        expires_at: new Date(now.getTime() + OTP_TTL_MS),
        ip: input.ip,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('portal_otps')
      .set({ code_hash: hashCode(otp.id, code) })
      .where('id', '=', otp.id)
      .execute();
    if (!member) return;
    await sendServiceMessage(trx, clock, {
      programId: program.id,
      key: destination.channel === 'email' ? 'sign_in_code' : 'sign_in_code_sms',
      memberId: member.id,
      to: destination.address,
      locale: member.locale ?? input.locale ?? program.defaultLocale,
      portalUrl: `${input.publicUrl}/portal/${program.slug}`,
      perSend: { signIn: { code, validMinutes: OTP_TTL_MS / 60_000 } },
      secrets: [code],
    });
  });
  return { channel: destination.channel, expiresInSeconds: OTP_TTL_MS / 1000 };
}

const invalidCode = (attemptsLeft: number) =>
  new AppError('invalid_code', 400, 'The code is wrong or has expired; ask for a new one', { attemptsLeft });

/** Checks the latest code for the address; on success opens a member session. */
export async function verifySignInCode(
  db: Db,
  clock: Clock,
  input: { programSlug: string; email?: string; phone?: string; code: string },
): Promise<{ token: string; csrfToken: string; memberId: string; programId: string }> {
  const program = await portalProgram(db, input.programSlug);
  const destination = destinationOf(program, input);
  const now = clock.now();
  // A wrong code must still count as an attempt, so the transaction commits and the error is thrown after.
  const outcome = await db.transaction().execute(async (trx) => {
    const otp = await trx
      .selectFrom('portal_otps')
      .selectAll()
      .where('program_id', '=', program.id)
      .where('destination', '=', destination.address)
      .where('consumed_at', 'is', null)
      .where('expires_at', '>', now)
      .orderBy('created_at', 'desc')
      .limit(1)
      .forUpdate()
      .executeTakeFirst();
    if (!otp || otp.attempts >= OTP_MAX_ATTEMPTS) return { ok: false as const, attemptsLeft: 0 };
    const expected = Buffer.from(otp.code_hash);
    const given = Buffer.from(hashCode(otp.id, input.code.trim()));
    if (!otp.member_id || expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) {
      await trx
        .updateTable('portal_otps')
        .set({ attempts: otp.attempts + 1 })
        .where('id', '=', otp.id)
        .execute();
      return { ok: false as const, attemptsLeft: OTP_MAX_ATTEMPTS - otp.attempts - 1 };
    }
    await trx.updateTable('portal_otps').set({ consumed_at: now }).where('id', '=', otp.id).execute();
    const token = newToken('mp_');
    const csrfToken = newToken();
    await trx
      .insertInto('portal_sessions')
      .values({
        token_hash: sha256(token),
        program_id: program.id,
        member_id: otp.member_id,
        csrf_token: csrfToken,
        created_at: now,
        expires_at: new Date(now.getTime() + PORTAL_SESSION_TTL_MS),
      })
      .execute();
    return { ok: true as const, token, csrfToken, memberId: otp.member_id, programId: program.id };
  });
  if (!outcome.ok) throw invalidCode(outcome.attemptsLeft);
  const { ok: _ok, ...session } = outcome;
  return session;
}

export interface PortalSession {
  programId: string;
  memberId: string;
  csrfToken: string;
}

export async function portalSessionFromToken(
  db: Db,
  clock: Clock,
  token: string,
): Promise<PortalSession | undefined> {
  const row = await db
    .selectFrom('portal_sessions')
    .select(['program_id', 'member_id', 'csrf_token', 'expires_at'])
    .where('token_hash', '=', sha256(token))
    .executeTakeFirst();
  if (!row || row.expires_at.getTime() <= clock.now().getTime()) return undefined;
  return { programId: row.program_id, memberId: row.member_id, csrfToken: row.csrf_token };
}

export async function endPortalSession(db: Db, token: string): Promise<void> {
  await db.deleteFrom('portal_sessions').where('token_hash', '=', sha256(token)).execute();
}
