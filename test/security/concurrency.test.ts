// The concurrency suite (issue 11): the races a hostile client can start, each with the exact outcome it must
// have. On PostgreSQL the requests really interleave on separate connections; on PGlite (one connection) the
// same bursts run queued, which still checks the counts. The per-IP and per-address rate limits have theirs
// beside their code: forms.test.ts (form posts), portal.test.ts (sign-in codes), sign-in.test.ts (passwords).
import type { LightMyRequestResponse } from 'fastify';
import { inject } from 'vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLedger } from '../../src/modules/loyalty/consistency.ts';
import { makeLoyaltyProgram, makeMember } from '../fixtures/loyalty.ts';
import { setupTest, type TestContext } from '../harness.ts';

let t: TestContext;
beforeAll(async () => {
  t = await setupTest();
  if (inject('testDatabase').kind === 'pglite') {
    console.info(
      'concurrency suite on PGlite: one connection, so the bursts run queued (PostgreSQL interleaves)',
    );
  }
});
afterAll(() => t.close());

type LoyaltyProgram = Awaited<ReturnType<typeof makeLoyaltyProgram>>;

const statuses = (results: LightMyRequestResponse[]) => {
  const counts: Record<string, number> = {};
  for (const r of results) {
    const key = r.statusCode >= 400 ? `${r.statusCode} ${r.json().error.code}` : String(r.statusCode);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
};

async function ledgerSum(p: LoyaltyProgram, memberId: string): Promise<number> {
  const row = await t.db
    .selectFrom('loyalty_ledger')
    .select((eb) => eb.fn.sum<string>('points').as('sum'))
    .where('program_id', '=', p.programId)
    .where('member_id', '=', memberId)
    .executeTakeFirstOrThrow();
  return Number(row.sum ?? 0);
}

async function expectConsistent(p: LoyaltyProgram, members: string[]) {
  for (const member of members) {
    expect((await p.account(member)).balance).toBe(await ledgerSum(p, member));
  }
  expect(await checkLedger(t.db, p.programId)).toMatchObject({ problems: [] });
}

const give = (p: LoyaltyProgram, member: string, points: number) =>
  p.api.request({
    method: 'POST',
    url: p.url(`/members/${member}/adjustments`),
    payload: { points, reason: 'opening balance' },
  });

const transfer = (p: LoyaltyProgram, from: string, to: string, points: number) =>
  p.api.request({
    method: 'POST',
    url: p.url('/transfers'),
    payload: { fromMemberId: from, toMemberId: to, points },
  });

describe('concurrency suite', () => {
  it('redemptions racing for one balance: exactly as many succeed as the balance pays for', async () => {
    const p = await makeLoyaltyProgram(t);
    const member = await makeMember(t, p.programId);
    await give(p, member, 1_000);
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        p.api.request({
          method: 'POST',
          url: p.url(`/members/${member}/redemptions`),
          payload: { points: 30, reason: 'reward' },
        }),
      ),
    );
    // 1,000 / 30 = 33 redemptions, 10 points left.
    expect(statuses(results)).toEqual({ 201: 33, '409 insufficient_points': 17 });
    expect(await p.account(member)).toMatchObject({ balance: 10 });
    await expectConsistent(p, [member]);
  });

  it('the same order id sent 40 times at once is one purchase, one earning, and 40 equal answers', async () => {
    const p = await makeLoyaltyProgram(t);
    const member = await makeMember(t, p.programId);
    const body = { orderId: 'race-1', memberId: member, total: 12_300, currency: 'ILS' };
    const results = await Promise.all(
      Array.from({ length: 40 }, () =>
        p.api.request({ method: 'POST', url: p.url('/purchases'), payload: body }),
      ),
    );
    expect(statuses(results)).toEqual({ 201: 1, 200: 39 });
    expect(new Set(results.map((r) => r.json().id)).size).toBe(1);
    const rows = await t.db
      .selectFrom('loyalty_ledger')
      .select('points')
      .where('program_id', '=', p.programId)
      .where('member_id', '=', member)
      .execute();
    expect(rows).toEqual([{ points: 123 }]);
    expect(await p.account(member)).toMatchObject({ balance: 123, purchaseCount: 1 });
    await expectConsistent(p, [member]);
  });

  it('the same order id with two different payloads at once: one is recorded, every other differing one refused', async () => {
    const p = await makeLoyaltyProgram(t);
    const member = await makeMember(t, p.programId);
    const send = (total: number) =>
      p.api.request({
        method: 'POST',
        url: p.url('/purchases'),
        payload: { orderId: 'race-2', memberId: member, total, currency: 'ILS' },
      });
    const results = await Promise.all([
      ...Array.from({ length: 20 }, () => send(5_000)),
      ...Array.from({ length: 20 }, () => send(7_000)),
    ]);
    const recorded = (await p.account(member)).balance as number;
    expect([50, 70]).toContain(recorded);
    const winners = results.filter((r) => r.statusCode < 400);
    // Every answer that recorded or replayed is the winning payload's; all 20 of the other are refused.
    expect(winners).toHaveLength(20);
    for (const r of winners) expect(r.json().total).toBe(recorded * 100);
    expect(statuses(results)).toEqual({ 201: 1, 200: 19, '409 order_conflict': 20 });
    await expectConsistent(p, [member]);
  });

  it('a refund racing redemptions: the points are spent or reversed, never both, never lost', async () => {
    const p = await makeLoyaltyProgram(t);
    const member = await makeMember(t, p.programId);
    expect((await p.purchase(member, 100_000, { orderId: 'big-order' })).statusCode).toBe(201);
    expect(await p.account(member)).toMatchObject({ balance: 1_000 });
    const redeem = () =>
      p.api.request({
        method: 'POST',
        url: p.url(`/members/${member}/redemptions`),
        payload: { points: 100, reason: 'reward' },
      });
    const refund = p.api.request({
      method: 'POST',
      url: p.url('/purchases/big-order/refunds'),
      payload: { reason: 'returned' },
    });
    const [refunded, ...redemptions] = await Promise.all([
      refund,
      ...Array.from({ length: 6 }, redeem),
      refund.then(() => redeem()),
      ...Array.from({ length: 6 }, redeem),
    ]);
    expect(refunded!.statusCode).toBe(201);
    const spent = redemptions.filter((r) => r.statusCode === 201).length;
    // The one after the refund answered is always refused: the refund took everything left.
    expect(redemptions[6]!.json().error.code).toBe('insufficient_points');
    expect(spent).toBeLessThanOrEqual(10);
    expect(statuses(redemptions)).toEqual({
      ...(spent ? { 201: spent } : {}),
      '409 insufficient_points': 13 - spent,
    });
    const { pointsReversed, pointsUnrecovered } = refunded!.json();
    expect(pointsReversed).toBe(1_000 - 100 * spent);
    expect(pointsUnrecovered).toBe(100 * spent);
    expect(await p.account(member)).toMatchObject({ balance: 0 });
    await expectConsistent(p, [member]);
  });

  it('refunds racing each other: 30 full refunds at once refund once; 20 partial ones add up to the order', async () => {
    const p = await makeLoyaltyProgram(t);
    const member = await makeMember(t, p.programId);
    await p.purchase(member, 60_000, { orderId: 'full' });
    await p.purchase(member, 100_000, { orderId: 'parts' });
    const full = await Promise.all(
      Array.from({ length: 30 }, () =>
        p.api.request({ method: 'POST', url: p.url('/purchases/full/refunds'), payload: {} }),
      ),
    );
    expect(statuses(full)).toEqual({ 201: 1, '409 nothing_to_refund': 29 });
    const parts = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        p.api.request({
          method: 'POST',
          url: p.url('/purchases/parts/refunds'),
          payload: { amount: 5_000, refundId: `part-${i}` },
        }),
      ),
    );
    expect(statuses(parts)).toEqual({ 201: 20 });
    expect(parts.reduce((sum, r) => sum + (r.json().pointsReversed as number), 0)).toBe(1_000);
    const more = await p.api.request({
      method: 'POST',
      url: p.url('/purchases/parts/refunds'),
      payload: { amount: 1, refundId: 'one-more' },
    });
    expect(more.json().error.code).toBe('nothing_to_refund');
    expect(await p.account(member)).toMatchObject({ balance: 0, purchaseCount: 0 });
    await expectConsistent(p, [member]);
  });

  it('transfers both ways at once between the same two members: all go through, no deadlock, nothing lost', async () => {
    const p = await makeLoyaltyProgram(t, {
      settings: { transfersEnabled: true, transferMaxPointsPerDay: 1_000_000 },
    });
    const [a, b] = [await makeMember(t, p.programId), await makeMember(t, p.programId)];
    await give(p, a, 10_000);
    await give(p, b, 10_000);
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => [transfer(p, a, b, 10 + i), transfer(p, b, a, 10)]).flat(),
    );
    expect(statuses(results)).toEqual({ 201: 60 });
    // a sent 10 + 11 + … + 39 = 735 and received 300.
    expect(await p.account(a)).toMatchObject({ balance: 10_000 - 735 + 300 });
    expect(await p.account(b)).toMatchObject({ balance: 10_000 + 735 - 300 });
    await expectConsistent(p, [a, b]);
  });

  it('transfers both ways racing for a small balance: exactly what the balances pay for', async () => {
    const p = await makeLoyaltyProgram(t, {
      settings: { transfersEnabled: true, transferMaxPointsPerDay: 1_000_000 },
    });
    const [a, b] = [await makeMember(t, p.programId), await makeMember(t, p.programId)];
    await give(p, a, 100);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => [transfer(p, a, b, 30), transfer(p, b, a, 30)]).flat(),
    );
    const okAB = results.filter((r, i) => i % 2 === 0 && r.statusCode === 201).length;
    const okBA = results.filter((r, i) => i % 2 === 1 && r.statusCode === 201).length;
    for (const r of results.filter((x) => x.statusCode !== 201)) {
      expect([r.statusCode, r.json().error.code]).toEqual([409, 'insufficient_points']);
    }
    expect(okAB).toBeGreaterThanOrEqual(3);
    const [accountA, accountB] = [await p.account(a), await p.account(b)];
    expect(accountA.balance).toBe(100 - 30 * okAB + 30 * okBA);
    expect(accountB.balance).toBe(30 * okAB - 30 * okBA);
    expect(accountA.balance).toBeGreaterThanOrEqual(0);
    expect(accountB.balance).toBeGreaterThanOrEqual(0);
    await expectConsistent(p, [a, b]);
  });
});
