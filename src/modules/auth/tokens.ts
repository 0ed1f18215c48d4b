import crypto from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/** A random secret for sessions and API keys; only its SHA-256 is stored. */
export function newToken(prefix = ''): string {
  return prefix + crypto.randomBytes(32).toString('base64url');
}

export function sha256(value: string): string {
  return crypto.createHash('sha256').update(value).digest('hex');
}

// @node-rs/argon2 defaults to argon2id (OWASP's minimum: m=19 MiB, t=2, p=1).
export const hashPassword = (password: string) => hash(password);

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A password hash to verify against when the user does not exist, so timing does not reveal it. */
export const DUMMY_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$58hlRvaL+sVjFwpkNb9B1A$OWfo207FMw6Ov8QQyNFW2Tid+a7kQoW3HhPGqnM8y/w';
