// The secret that signs links sent to members (confirmation, unsubscribe, preferences). MOADON_SECRET
// wins; otherwise one is generated on first use and kept in app_settings, shared by every process.
import crypto from 'node:crypto';
import type { Db } from './db/database.ts';

const KEY = 'signing_secret';
const cache = new WeakMap<Db, string>();

export async function getSigningSecret(db: Db, configured?: string): Promise<string> {
  if (configured) return configured;
  const cached = cache.get(db);
  if (cached) return cached;
  await db
    .insertInto('app_settings')
    .values({ key: KEY, value: crypto.randomBytes(32).toString('base64url') })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await db
    .selectFrom('app_settings')
    .select('value')
    .where('key', '=', KEY)
    .executeTakeFirstOrThrow();
  cache.set(db, row.value);
  return row.value;
}

/** HMAC-signed, expiring token: base64url(payload).signature */
export function signToken(secret: string, payload: Record<string, unknown>): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  const signature = crypto.createHmac('sha256', secret).update(body).digest('base64url');
  return `${body}.${signature}`;
}

/**
 * Returns the payload when the token is exactly what signToken made, otherwise undefined. Only the canonical
 * form is accepted: two parts, unpadded base64url whose re-encoding is itself (a token with `==`, a changed
 * last character that decodes to the same bytes, or a third `.part` is refused). Expiry is the caller's check.
 */
export function verifyToken<T extends Record<string, unknown>>(secret: string, token: string): T | undefined {
  const parts = token.split('.');
  if (parts.length !== 2) return undefined;
  const [body, signature] = parts as [string, string];
  if (!body || !isCanonicalBase64Url(body) || !isCanonicalBase64Url(signature)) return undefined;
  const expected = crypto.createHmac('sha256', secret).update(body).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return undefined;
  try {
    return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as T;
  } catch {
    return undefined;
  }
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

function isCanonicalBase64Url(text: string): boolean {
  return BASE64URL.test(text) && Buffer.from(text, 'base64url').toString('base64url') === text;
}
