import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTest, type TestContext } from '../../../test/harness.ts';
import { checkLedger } from './consistency.ts';
import { makeLoyaltyProgram, makeMember } from '../../../test/fixtures/loyalty.ts';

let t: TestContext;
beforeAll(async () => {
  t = await setupTest();
});
afterAll(() => t.close());

describe('one account under concurrent load', () => {
  it('never overdraws: concurrent redemptions, earnings and transfers keep the account equal to its ledger', async () => {
    const p = await makeLoyaltyProgram(t, {
      settings: { transfersEnabled: true, transferMaxPointsPerDay: 1_000_000 },
    });
    const member = await makeMember(t, p.programId);
    const friend = await makeMember(t, p.programId);
    // 1,000 points available, 40 concurrent attempts to spend 30 → at most 33 succeed.
    await p.api.request({
      method: 'POST',
      url: p.url(`/members/${member}/adjustments`),
      payload: { points: 1_000, reason: 'opening balance' },
    });
    const redeem = () =>
      p.api.request({
        method: 'POST',
        url: p.url(`/members/${member}/redemptions`),
        payload: { points: 30, reason: 'reward' },
      });
    const others = [
      p.purchase(member, 5_000),
      p.purchase(member, 2_500),
      p.api.request({
        method: 'POST',
        url: p.url('/transfers'),
        payload: { fromMemberId: friend, toMemberId: member, points: 1 },
      }),
      p.api.request({
        method: 'POST',
        url: p.url('/transfers'),
        payload: { fromMemberId: member, toMemberId: friend, points: 10 },
      }),
    ];
    const results = await Promise.all([...Array.from({ length: 40 }, redeem), ...others]);
    const redemptions = results.slice(0, 40);
    const ok = redemptions.filter((r) => r.statusCode === 201).length;
    const refused = redemptions.filter((r) => r.statusCode === 409);
    expect(ok + refused.length).toBe(40);
    for (const r of refused) expect(r.json().error.code).toBe('insufficient_points');
    const [, , received, sent] = results.slice(40).map((r) => r.statusCode);
    // The friend can only send back after receiving the member's 10.
    if (received === 201) expect(sent).toBe(201);
    const account = await p.account(member);
    expect(account.available).toBeGreaterThanOrEqual(0);
    // At least 33 redemptions fit in the opening 1,000 points; earnings (75) may allow up to two more.
    expect(ok).toBeGreaterThanOrEqual(33);
    expect(account.balance).toBe(1_000 + 75 + (received === 201 ? 1 : 0) - (sent === 201 ? 10 : 0) - 30 * ok);
    const ledger = await t.db
      .selectFrom('loyalty_ledger')
      .select((eb) => eb.fn.sum<number>('points').as('sum'))
      .where('program_id', '=', p.programId)
      .where('member_id', '=', member)
      .executeTakeFirstOrThrow();
    expect(Number(ledger.sum)).toBe(account.balance);
    expect(await checkLedger(t.db, p.programId)).toMatchObject({ problems: [] });
  });
});
