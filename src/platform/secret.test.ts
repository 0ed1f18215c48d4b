import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTest, type TestContext } from '../../test/harness.ts';
import { getSigningSecret, signToken, verifyToken } from './secret.ts';

let t: TestContext;
beforeAll(async () => {
  t = await setupTest();
});
afterAll(() => t.close());

describe('signed tokens', () => {
  it('generates one secret and keeps it', async () => {
    const a = await getSigningSecret(t.db);
    expect(a.length).toBeGreaterThanOrEqual(32);
    expect(await getSigningSecret(t.db)).toBe(a);
    expect(await getSigningSecret(t.db, 'x'.repeat(32))).toBe('x'.repeat(32));
  });

  it('verifies its own tokens and rejects tampered ones', () => {
    const token = signToken('s'.repeat(32), { memberId: 'm1', exp: 123 });
    expect(verifyToken('s'.repeat(32), token)).toEqual({ memberId: 'm1', exp: 123 });
    expect(verifyToken('t'.repeat(32), token)).toBeUndefined();
    const [body, sig] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ memberId: 'm2', exp: 123 })).toString('base64url');
    expect(verifyToken('s'.repeat(32), `${forged}.${sig}`)).toBeUndefined();
    expect(verifyToken('s'.repeat(32), `${body}`)).toBeUndefined();
    expect(verifyToken('s'.repeat(32), 'garbage')).toBeUndefined();
  });

  it('accepts only the canonical encoding of a genuine token', () => {
    const secret = 's'.repeat(32);
    const token = signToken(secret, { k: 'member', m: 'm1' });
    const [body, sig] = token.split('.') as [string, string];
    // The signature's last character carries two unused bits: flipping one decodes to the same bytes.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet[alphabet.indexOf(sig.at(-1)!) ^ 1]!;
    const sameBytes = `${sig.slice(0, -1)}${last}`;
    expect(Buffer.from(sameBytes, 'base64url')).toEqual(Buffer.from(sig, 'base64url'));
    for (const altered of [
      `${body}.${sig}==`,
      `${body}.${sig}=`,
      `${body}.${sameBytes}`,
      `${body}.${sig}.extra`,
      `${body}=.${sig}`,
      `${body}.${sig}\n`,
      ` ${body}.${sig}`,
    ]) {
      expect(verifyToken(secret, altered), altered).toBeUndefined();
    }
    expect(verifyToken(secret, token)).toEqual({ k: 'member', m: 'm1' });
  });
});
