// Sign-in under attack: limits that hold under a burst, that spoofed headers cannot dodge, and that a
// stranger cannot turn against the account's owner.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeProgram, makeUser, setupTest, type TestContext } from '../../../test/harness.ts';
import { buildClubApp } from '../../app/index.ts';
import { LOGIN_LIMITS } from './login-limits.ts';

let t: TestContext;
beforeAll(async () => {
  t = await setupTest();
});
afterAll(() => t.close());

const PASSWORD = 'correct horse battery';

async function owner() {
  const program = await makeProgram(t.db);
  return makeUser(t, program.id, 'owner', PASSWORD);
}

let nextIp = 1;
const freshIp = () => `198.18.${Math.floor(nextIp / 250)}.${(nextIp++ % 250) + 1}`;

function signIn(email: string, password: string, from: { ip?: string; headers?: Record<string, string> }) {
  return t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email, password },
    ...(from.ip ? { remoteAddress: from.ip } : {}),
    headers: from.headers ?? {},
  });
}

describe('sign-in limits', () => {
  it('evaluates exactly the allowed number of passwords in a concurrent burst', async () => {
    const { email } = await owner();
    const ip = freshIp();
    const results = await Promise.all(
      Array.from({ length: 30 }, () => signIn(email, 'wrong password!', { ip })),
    );
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 401)).toHaveLength(LOGIN_LIMITS.perEmailAndIp);
    expect(codes.filter((c) => c === 429)).toHaveLength(30 - LOGIN_LIMITS.perEmailAndIp);
    const rows = await t.db
      .selectFrom('login_attempts')
      .select('id')
      .where('email', '=', email)
      .where('ip', '=', ip)
      .execute();
    expect(rows).toHaveLength(LOGIN_LIMITS.perEmailAndIp);
  });

  it('locks out only the pair that failed: the right password from elsewhere still signs in', async () => {
    const { email } = await owner();
    const attacker = freshIp();
    for (let i = 0; i < LOGIN_LIMITS.perEmailAndIp; i++) {
      expect((await signIn(email, 'wrong password!', { ip: attacker })).statusCode).toBe(401);
    }
    const limited = await signIn(email, PASSWORD, { ip: attacker });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('900');
    expect((await signIn(email, PASSWORD, { ip: freshIp() })).statusCode).toBe(200);
    t.clock.advance(16 * 60_000);
    expect((await signIn(email, PASSWORD, { ip: attacker })).statusCode).toBe(200);
  });

  it("a flood of failures from many addresses cannot lock the owner's known browser out", async () => {
    const { email } = await owner();
    const home = freshIp();
    const first = await signIn(email, PASSWORD, { ip: home });
    expect(first.statusCode).toBe(200);
    const device = first.cookies.find((c) => c.name === 'moadon_device');
    expect(device).toMatchObject({ httpOnly: true, path: '/api/auth', sameSite: 'Strict' });
    // The attacker spreads guesses over many addresses until the e-mail is closed to unknown browsers.
    for (let i = 0; i < LOGIN_LIMITS.perEmail / LOGIN_LIMITS.perEmailAndIp; i++) {
      const ip = freshIp();
      await Promise.all(
        Array.from({ length: LOGIN_LIMITS.perEmailAndIp }, () => signIn(email, 'guess!', { ip })),
      );
    }
    expect((await signIn(email, PASSWORD, { ip: freshIp() })).statusCode).toBe(429);
    // The owner's own browser, even on the attacker's address, still gets in.
    const known = await signIn(email, PASSWORD, {
      ip: home,
      headers: { cookie: `moadon_device=${device!.value}` },
    });
    expect(known.statusCode).toBe(200);
    // A tampered device cookie is an unknown browser.
    const forged = await signIn(email, PASSWORD, {
      ip: home,
      headers: { cookie: `moadon_device=${device!.value.slice(0, -2)}xx` },
    });
    expect(forged.statusCode).toBe(429);
  });

  it('a device cookie of another user does not exempt anyone', async () => {
    const victim = await owner();
    const other = await owner();
    const otherLogin = await signIn(other.email, PASSWORD, { ip: freshIp() });
    const device = otherLogin.cookies.find((c) => c.name === 'moadon_device')!;
    const ip = freshIp();
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        signIn(victim.email, 'guess!', { ip, headers: { cookie: `moadon_device=${device.value}` } }),
      ),
    );
    expect(results.filter((r) => r.statusCode === 401)).toHaveLength(LOGIN_LIMITS.perEmailAndIp);
  });
});

describe('client addresses', () => {
  it('ignores X-Forwarded-For from a caller that is not a trusted proxy', async () => {
    const { email } = await owner();
    const ip = freshIp();
    for (let i = 0; i < LOGIN_LIMITS.perEmailAndIp; i++) {
      const spoofed = { 'x-forwarded-for': freshIp() };
      expect((await signIn(email, 'wrong password!', { ip, headers: spoofed })).statusCode).toBe(401);
    }
    const again = await signIn(email, 'wrong password!', { ip, headers: { 'x-forwarded-for': freshIp() } });
    expect(again.statusCode).toBe(429);
    const recorded = await t.db
      .selectFrom('login_attempts')
      .select('ip')
      .distinct()
      .where('email', '=', email)
      .execute();
    expect(recorded.map((r) => r.ip).sort()).toEqual(['127.0.0.1', ip].sort());
  });

  it('believes X-Forwarded-For from a configured proxy only', async () => {
    const app = await buildClubApp({
      db: t.db,
      clock: t.clock,
      config: { publicUrl: 'http://moadon.test', trustedProxies: ['10.0.0.0/8'] },
      webDist: false,
    });
    try {
      const { email } = await owner();
      const client = freshIp();
      const viaProxy = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email, password: 'wrong password!' },
        remoteAddress: '10.1.2.3',
        headers: { 'x-forwarded-for': client },
      });
      expect(viaProxy.statusCode).toBe(401);
      const stranger = freshIp();
      await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email, password: 'wrong password!' },
        remoteAddress: stranger,
        headers: { 'x-forwarded-for': '192.0.2.1' },
      });
      const ips = await t.db
        .selectFrom('login_attempts')
        .select('ip')
        .where('email', '=', email)
        .orderBy('id')
        .execute();
      expect(ips.map((r) => r.ip).slice(1)).toEqual([client, stranger]);
    } finally {
      await app.close();
    }
  });
});
