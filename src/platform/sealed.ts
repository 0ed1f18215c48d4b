// Secrets kept in the database (SMTP passwords, DKIM private keys) are sealed with AES-256-GCM under a key
// derived (HKDF) from the signing secret (MOADON_SECRET, or the generated one in app_settings), so a copy of the
// table alone — a dump, a backup, a replica — does not give them away. Each purpose gets its own derived key.
import crypto from 'node:crypto';
import type { Db } from './db/database.ts';
import { getSigningSecret } from './secret.ts';

const VERSION = 'v1';

function keyFor(secret: string, purpose: string): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', secret, 'moadon-sealed', `moadon:${purpose}`, 32));
}

/** `v1.<iv>.<tag>.<ciphertext>` in base64url. */
export function sealWith(secret: string, purpose: string, plaintext: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', keyFor(secret, purpose), iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), body]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

/** The plaintext, or an Error when the value was sealed under another secret or purpose, or altered. */
export function openWith(secret: string, purpose: string, sealed: string): string {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== VERSION || !iv || !tag || body === undefined) throw new Error('Not a sealed value');
  const decipher = crypto.createDecipheriv(
    'aes-256-gcm',
    keyFor(secret, purpose),
    Buffer.from(iv, 'base64url'),
  );
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    throw new Error(
      `The sealed ${purpose} cannot be opened: it was sealed under another secret (MOADON_SECRET changed?)`,
    );
  }
}

export async function seal(db: Db, configured: string | undefined, purpose: string, plaintext: string) {
  return sealWith(await getSigningSecret(db, configured), purpose, plaintext);
}

export async function unseal(db: Db, configured: string | undefined, purpose: string, sealed: string) {
  return openWith(await getSigningSecret(db, configured), purpose, sealed);
}
