// A known device: after a successful sign-in the browser gets a signed cookie naming the user and a random
// device id. Its later attempts are exempt from the limits strangers can fill (see login-limits.ts).
import crypto from 'node:crypto';
import { signToken, verifyToken } from '../../platform/secret.ts';

export const DEVICE_COOKIE = 'moadon_device';
export const DEVICE_TTL_MS = 180 * 86_400_000;

export function deviceToken(secret: string, userId: string, now: Date): string {
  return signToken(secret, {
    k: 'device',
    u: userId,
    d: crypto.randomBytes(16).toString('base64url'),
    exp: Math.floor((now.getTime() + DEVICE_TTL_MS) / 1000),
  });
}

/** The device's id and user when the cookie is genuine and unexpired, otherwise undefined. */
export function readDeviceToken(
  secret: string,
  token: string | undefined,
  now: Date,
): { userId: string; deviceId: string } | undefined {
  if (!token) return undefined;
  const payload = verifyToken<{ k?: unknown; u?: unknown; d?: unknown; exp?: unknown }>(secret, token);
  if (
    !payload ||
    payload.k !== 'device' ||
    typeof payload.u !== 'string' ||
    typeof payload.d !== 'string' ||
    typeof payload.exp !== 'number' ||
    payload.exp * 1000 <= now.getTime()
  ) {
    return undefined;
  }
  return { userId: payload.u, deviceId: payload.d };
}
