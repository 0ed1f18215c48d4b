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
});
