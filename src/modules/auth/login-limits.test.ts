import { describe, expect, it } from 'vitest';
import { LOGIN_LIMITS, decideLoginAttempt } from './login-limits.ts';

const none = { emailAndIp: 0, ip: 0, email: 0, device: 0 };

describe('sign-in limits', () => {
  it('limits an unknown browser by e-mail + IP, by IP and by e-mail', () => {
    expect(decideLoginAttempt(none, false)).toEqual({ allowed: true });
    expect(decideLoginAttempt({ ...none, emailAndIp: LOGIN_LIMITS.perEmailAndIp }, false)).toEqual({
      allowed: false,
      limit: 'perEmailAndIp',
    });
    expect(decideLoginAttempt({ ...none, ip: LOGIN_LIMITS.perIp }, false)).toMatchObject({ limit: 'perIp' });
    expect(decideLoginAttempt({ ...none, email: LOGIN_LIMITS.perEmail }, false)).toMatchObject({
      limit: 'perEmail',
    });
  });

  it('lets a known device in whatever strangers did, and limits only its own failures', () => {
    const flooded = { emailAndIp: 99, ip: 999, email: 9999, device: 0 };
    expect(decideLoginAttempt(flooded, true)).toEqual({ allowed: true });
    expect(decideLoginAttempt({ ...none, device: LOGIN_LIMITS.perKnownDevice }, true)).toEqual({
      allowed: false,
      limit: 'perKnownDevice',
    });
  });
});
