import { sql } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Role } from '../../platform/db/platform-tables.ts';
import { AppError } from '../../platform/http/errors.ts';
import { PERMISSIONS, type Permission } from './permissions.ts';
import type { Principal } from './principal.ts';
import { DUMMY_HASH, hashPassword, newToken, sha256, verifyPassword } from './tokens.ts';

export const SESSION_COOKIE = 'moadon_session';
export const SESSION_TTL_MS = 12 * 3_600_000;
const LOGIN_WINDOW_MS = 15 * 60_000;
const MAX_FAILURES_PER_EMAIL = 5;
const MAX_FAILURES_PER_IP = 20;

export interface AdminUser {
  id: string;
  email: string;
  name: string;
  locale: string;
}

export async function createAdminUser(
  db: Db,
  input: { email: string; name: string; password: string; locale?: string },
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

async function recentFailures(db: Db, clock: Clock, email: string, ip: string) {
  const since = new Date(clock.now().getTime() - LOGIN_WINDOW_MS);
  const row = await db
    .selectFrom('login_attempts')
    .select([
      sql<number>`count(*) filter (where lower(email) = ${email.toLowerCase()})`.as('byEmail'),
      sql<number>`count(*) filter (where ip = ${ip})`.as('byIp'),
    ])
    .where('succeeded', '=', false)
    .where('at', '>', since)
    .where((eb) => eb.or([eb(sql`lower(email)`, '=', email.toLowerCase()), eb('ip', '=', ip)]))
    .executeTakeFirstOrThrow();
  return { byEmail: Number(row.byEmail), byIp: Number(row.byIp) };
}

/** Checks the password and opens a session. Failed attempts are counted per e-mail and per IP. */
export async function login(db: Db, clock: Clock, input: { email: string; password: string; ip: string }) {
  const failures = await recentFailures(db, clock, input.email, input.ip);
  if (failures.byEmail >= MAX_FAILURES_PER_EMAIL || failures.byIp >= MAX_FAILURES_PER_IP) {
    throw new AppError(
      'too_many_login_attempts',
      429,
      'Too many failed sign-in attempts; try again in 15 minutes',
      {
        retryAfterSeconds: LOGIN_WINDOW_MS / 1000,
      },
    );
  }
  const user = await db
    .selectFrom('admin_users')
    .selectAll()
    .where(sql`lower(email)`, '=', input.email.toLowerCase())
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
  const ok = await verifyPassword(user?.password_hash ?? DUMMY_HASH, input.password);
  await db
    .insertInto('login_attempts')
    .values({ email: input.email, ip: input.ip, succeeded: Boolean(user && ok), at: clock.now() })
    .execute();
  if (!user || !ok) throw new AppError('invalid_credentials', 401, 'E-mail or password is wrong');
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
  return { token, csrfToken, user: { id: user.id, email: user.email, name: user.name, locale: user.locale } };
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
    .select(['admin_users.id', 'admin_users.email', 'sessions.csrf_token', 'sessions.expires_at'])
    .where('sessions.token_hash', '=', sha256(token))
    .where('admin_users.disabled_at', 'is', null)
    .executeTakeFirst();
  if (!session || session.expires_at.getTime() <= clock.now().getTime()) return undefined;
  const roles = await db
    .selectFrom('program_roles')
    .select(['program_id', 'role'])
    .where('admin_user_id', '=', session.id)
    .execute();
  return {
    kind: 'user',
    userId: session.id,
    email: session.email,
    csrfToken: session.csrf_token,
    roles: new Map(roles.map((r) => [r.program_id, r.role])),
  };
}

/** last_used_at is a hint for admins ("used 3 minutes ago"), so a busy key writes it at most once a minute. */
const LAST_USED_RESOLUTION_MS = 60_000;

// A POS terminal or shop back end sends many requests a second with the same key: its principal is kept for
// a moment. Revoking in this process takes effect at once; other processes notice within API_KEY_CACHE_MS.
const API_KEY_CACHE_MS = 2_000;
const apiKeyCache = new Map<string, { principal: Principal; loadedAt: number }>();

export async function principalFromApiKey(db: Db, clock: Clock, key: string): Promise<Principal | undefined> {
  const hash = sha256(key);
  const hit = apiKeyCache.get(hash);
  if (hit && performance.now() - hit.loadedAt < API_KEY_CACHE_MS) return hit.principal;
  const principal = await loadApiKeyPrincipal(db, clock, hash);
  if (principal) apiKeyCache.set(hash, { principal, loadedAt: performance.now() });
  else apiKeyCache.delete(hash);
  return principal;
}

async function loadApiKeyPrincipal(db: Db, clock: Clock, hash: string): Promise<Principal | undefined> {
  const row = await db
    .selectFrom('api_keys')
    .select(['id', 'program_id', 'permissions', 'last_used_at'])
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
    permissions: new Set(
      row.permissions.filter((p): p is Permission => (PERMISSIONS as readonly string[]).includes(p)),
    ),
  };
}

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  permissions: string[];
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** Creates a key; the secret is returned once and only its hash is kept. */
export async function createApiKey(
  db: Db,
  input: { programId: string; name: string; permissions: Permission[]; createdBy: string | null },
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
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    permissions: row.permissions,
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
  apiKeyCache.clear();
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
