import { sql } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { lockCounterKey } from '../../platform/db/locks.ts';
import type { Role } from './tables.ts';
import { AppError } from '../../platform/http/errors.ts';
import { LOGIN_WINDOW_MS, decideLoginAttempt } from './login-limits.ts';
import type { Permission } from './permissions.ts';
import type { Principal } from './principal.ts';
import { DUMMY_HASH, hashPassword, newToken, sha256, verifyPassword } from './tokens.ts';

export const SESSION_COOKIE = 'moadon_session';
export const SESSION_TTL_MS = 12 * 3_600_000;

export interface AdminUser {
  id: string;
  email: string;
  name: string;
  locale: string;
}

export async function createAdminUser(
  db: Db,
  input: { email: string; name: string; password: string; locale?: string; mayCreatePrograms?: boolean },
): Promise<AdminUser> {
  const existing = await db
    .selectFrom('admin_users')
    .select('id')
    .where(sql`lower(email)`, '=', input.email.toLowerCase())
    .executeTakeFirst();
  if (existing) {
    throw new AppError('admin_user_exists', 409, `An admin user with e-mail ${input.email} already exists`, {
      existingId: existing.id,
    });
  }
  return db
    .insertInto('admin_users')
    .values({
      email: input.email.toLowerCase(),
      name: input.name,
      password_hash: await hashPassword(input.password),
      locale: input.locale ?? 'en',
      may_create_programs: input.mayCreatePrograms ?? false,
    })
    .returning(['id', 'email', 'name', 'locale'])
    .executeTakeFirstOrThrow();
}

export async function grantRole(
  db: Db,
  programId: string,
  adminUserId: string,
  role: Role,
  partnerId?: string | null,
) {
  await db
    .insertInto('program_roles')
    .values({ program_id: programId, admin_user_id: adminUserId, role, partner_id: partnerId ?? null })
    .onConflict((oc) =>
      oc.columns(['program_id', 'admin_user_id']).doUpdateSet({ role, partner_id: partnerId ?? null }),
    )
    .execute();
}

async function recentFailures(trx: Db, clock: Clock, email: string, ip: string, device: string | null) {
  const since = new Date(clock.now().getTime() - LOGIN_WINDOW_MS);
  const unknown = sql<boolean>`device is null`;
  const row = await trx
    .selectFrom('login_attempts')
    .select([
      sql<number>`count(*) filter (where ${unknown} and lower(email) = ${email} and ip = ${ip})`.as(
        'emailAndIp',
      ),
      sql<number>`count(*) filter (where ${unknown} and ip = ${ip})`.as('ip'),
      sql<number>`count(*) filter (where ${unknown} and lower(email) = ${email})`.as('email'),
      sql<number>`count(*) filter (where device = ${device ?? ''})`.as('device'),
    ])
    .where('succeeded', '=', false)
    .where('at', '>', since)
    .where((eb) =>
      eb.or([
        eb(sql`lower(email)`, '=', email),
        eb('ip', '=', ip),
        ...(device ? [eb('device', '=', device)] : []),
      ]),
    )
    .executeTakeFirstOrThrow();
  return {
    emailAndIp: Number(row.emailAndIp),
    ip: Number(row.ip),
    email: Number(row.email),
    device: Number(row.device),
  };
}

/**
 * Checks the password and opens a session. The attempt is counted (as a failure until proven right) under
 * the locks of its e-mail and IP before the password is checked, so a burst gets no more evaluations than
 * the limits allow; see login-limits.ts for which failures count against whom.
 */
export async function login(
  db: Db,
  clock: Clock,
  input: { email: string; password: string; ip: string; device?: { userId: string; deviceId: string } },
) {
  const email = input.email.toLowerCase();
  const user = await db
    .selectFrom('admin_users')
    .selectAll()
    .where(sql`lower(email)`, '=', email)
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
  const device = user && input.device?.userId === user.id ? input.device.deviceId : null;
  const attempt = await db.transaction().execute(async (trx) => {
    await lockCounterKey(trx, `login-email:${email}`);
    await lockCounterKey(trx, `login-ip:${input.ip}`);
    const failures = await recentFailures(trx, clock, email, input.ip, device);
    if (!decideLoginAttempt(failures, device !== null).allowed) {
      throw new AppError(
        'too_many_login_attempts',
        429,
        'Too many failed sign-in attempts; try again in 15 minutes',
        { retryAfterSeconds: LOGIN_WINDOW_MS / 1000 },
      );
    }
    return trx
      .insertInto('login_attempts')
      .values({ email: input.email, ip: input.ip, succeeded: false, at: clock.now(), device })
      .returning('id')
      .executeTakeFirstOrThrow();
  });
  const ok = await verifyPassword(user?.password_hash ?? DUMMY_HASH, input.password);
  if (!user || !ok) throw new AppError('invalid_credentials', 401, 'E-mail or password is wrong');
  await db.updateTable('login_attempts').set({ succeeded: true }).where('id', '=', attempt.id).execute();
  const token = newToken();
  const csrfToken = newToken();
  await db
    .insertInto('sessions')
    .values({
      token_hash: sha256(token),
      admin_user_id: user.id,
      csrf_token: csrfToken,
      expires_at: new Date(clock.now().getTime() + SESSION_TTL_MS),
    })
    .execute();
  return {
    token,
    csrfToken,
    knownDevice: device !== null,
    user: { id: user.id, email: user.email, name: user.name, locale: user.locale },
  };
}

export async function logout(db: Db, token: string) {
  await db.deleteFrom('sessions').where('token_hash', '=', sha256(token)).execute();
}

export async function principalFromSession(
  db: Db,
  clock: Clock,
  token: string,
): Promise<Principal | undefined> {
  const session = await db
    .selectFrom('sessions')
    .innerJoin('admin_users', 'admin_users.id', 'sessions.admin_user_id')
    .select([
      'admin_users.id',
      'admin_users.email',
      'admin_users.may_create_programs',
      'sessions.csrf_token',
      'sessions.expires_at',
    ])
    .where('sessions.token_hash', '=', sha256(token))
    .where('admin_users.disabled_at', 'is', null)
    .executeTakeFirst();
  if (!session || session.expires_at.getTime() <= clock.now().getTime()) return undefined;
  const roles = await db
    .selectFrom('program_roles')
    .select(['program_id', 'role', 'partner_id'])
    .where('admin_user_id', '=', session.id)
    .execute();
  return {
    kind: 'user',
    userId: session.id,
    email: session.email,
    csrfToken: session.csrf_token,
    mayCreatePrograms: session.may_create_programs,
    roles: new Map(roles.map((r) => [r.program_id, r.role])),
    partners: new Map(roles.filter((r) => r.role === 'partner').map((r) => [r.program_id, r.partner_id])),
  };
}

/** last_used_at is a hint for admins ("used 3 minutes ago"), so a busy key writes it at most once a minute. */
const LAST_USED_RESOLUTION_MS = 60_000;

// A POS terminal or shop back end sends many requests a second with the same key: its principal is kept for
// a moment. Revoking in this process takes effect at once; other processes notice within API_KEY_CACHE_MS.
const API_KEY_CACHE_MS = 2_000;
const apiKeyCache = new Map<string, { principal: Principal; loadedAt: number }>();
// A lookup that read the key before a revocation committed must not put it back in the cache afterwards.
let apiKeyCacheGeneration = 0;

/** Forgets every cached key; call once a change to api_keys has committed (see afterCommit). */
export function forgetCachedApiKeys(): void {
  apiKeyCacheGeneration++;
  apiKeyCache.clear();
}

export async function principalFromApiKey(db: Db, clock: Clock, key: string): Promise<Principal | undefined> {
  const hash = sha256(key);
  const hit = apiKeyCache.get(hash);
  if (hit && performance.now() - hit.loadedAt < API_KEY_CACHE_MS) return hit.principal;
  const generation = apiKeyCacheGeneration;
  const principal = await loadApiKeyPrincipal(db, clock, hash);
  if (generation !== apiKeyCacheGeneration) return principal;
  if (principal) apiKeyCache.set(hash, { principal, loadedAt: performance.now() });
  else apiKeyCache.delete(hash);
  return principal;
}

async function loadApiKeyPrincipal(db: Db, clock: Clock, hash: string): Promise<Principal | undefined> {
  const row = await db
    .selectFrom('api_keys')
    .select(['id', 'program_id', 'permissions', 'partner_id', 'store_id', 'last_used_at'])
    .where('key_hash', '=', hash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  const now = clock.now();
  if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() >= LAST_USED_RESOLUTION_MS) {
    await db
      .updateTable('api_keys')
      .set({ last_used_at: now })
      .where('id', '=', row.id)
      .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', now)]))
      .execute();
  }
  return {
    kind: 'api_key',
    keyId: row.id,
    programId: row.program_id,
    partnerId: row.partner_id,
    storeId: row.store_id,
    // A permission no module defines any more (stored before it was dropped) matches no route.
    permissions: new Set(row.permissions as Permission[]),
  };
}

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  permissions: string[];
  partnerId: string | null;
  storeId: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** Creates a key; the secret is returned once and only its hash is kept. */
export async function createApiKey(
  db: Db,
  input: {
    programId: string;
    name: string;
    permissions: Permission[];
    createdBy: string | null;
    partnerId?: string | null | undefined;
    storeId?: string | null | undefined;
  },
): Promise<ApiKeyView & { key: string }> {
  const key = newToken('mk_');
  const row = await db
    .insertInto('api_keys')
    .values({
      program_id: input.programId,
      name: input.name,
      prefix: key.slice(0, 10),
      key_hash: sha256(key),
      permissions: input.permissions,
      partner_id: input.partnerId ?? null,
      store_id: input.storeId ?? null,
      created_by: input.createdBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { ...apiKeyView(row), key };
}

export function apiKeyView(row: {
  id: string;
  name: string;
  prefix: string;
  permissions: string[];
  partner_id: string | null;
  store_id: string | null;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    permissions: row.permissions,
    partnerId: row.partner_id,
    storeId: row.store_id,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

export async function listApiKeys(db: Db, programId: string): Promise<ApiKeyView[]> {
  const rows = await db
    .selectFrom('api_keys')
    .selectAll()
    .where('program_id', '=', programId)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map(apiKeyView);
}

export async function revokeApiKey(
  db: Db,
  clock: Clock,
  programId: string,
  keyId: string,
): Promise<ApiKeyView> {
  const row = await db
    .updateTable('api_keys')
    .set({ revoked_at: clock.now() })
    .where('program_id', '=', programId)
    .where('id', '=', keyId)
    .where('revoked_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
  if (!row)
    throw new AppError('api_key_not_found', 404, `No active API key ${keyId} in this program`, { id: keyId });
  return apiKeyView(row);
}
