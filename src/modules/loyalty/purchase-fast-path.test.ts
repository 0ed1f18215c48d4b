import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTest, type TestContext } from '../../../test/harness.ts';
import { SYSTEM_ACTOR } from '../audit/index.ts';
import { checkLedger } from './consistency.ts';
import { recordPurchaseInOneStatement } from './purchase-fast-path.ts';
import { purchaseHash, type PurchaseInput } from './purchase-input.ts';
import { invalidateLoyaltyConfig, loadLoyaltyConfig } from './settings.ts';
import { localDay } from './local-time.ts';
import { dryRunPurchase } from './purchases.ts';
import { BASE_RATE, makeLoyaltyProgram, makeMember } from '../../../test/fixtures/loyalty.ts';

let t: TestContext;
beforeAll(async () => {
  t = await setupTest();
});
afterAll(() => t.close());

/** Tries the one-statement path directly: the purchase row when it applied, null when it declined. */
async function tryOneStatement(programId: string, input: PurchaseInput) {
  invalidateLoyaltyConfig(programId);
  const config = await loadLoyaltyConfig(t.db, programId);
  const now = t.clock.now();
  return recordPurchaseInOneStatement(t.db, {
    config,
    actor: SYSTEM_ACTOR,
    input,
    occurredAt: now,
    hash: purchaseHash(input, now),
    now,
  });
}

const order = (memberId: string, orderId: string, total: number): PurchaseInput => ({
  orderId,
  memberId,
  total,
  currency: 'ILS',
});

describe('one-statement purchase path', () => {
  it('books a repeat purchase exactly as the transactional path would', async () => {
    const p = await makeLoyaltyProgram(t, {
      settings: { pendingDays: 14 },
      rules: [
        BASE_RATE,
        { name: 'Welcome', trigger: 'event', event: 'first_purchase', effect: { type: 'bonus', points: 50 } },
      ],
    });
    const member = await makeMember(t, p.programId);
    // The first purchase creates the account (transactional path) and earns the first-purchase bonus.
    expect((await p.purchase(member, 10_000)).json()).toMatchObject({ points: 150 });
    const row = await tryOneStatement(p.programId, order(member, 'fast-1', 20_000));
    expect(row).toMatchObject({ order_id: 'fast-1', points_earned: 200, total: 20_000 });
    expect(row!.ledger_entry_id).toEqual(expect.any(Number));
    expect(await p.account(member)).toMatchObject({
      pending: 350,
      available: 0,
      lifetimeEarned: 350,
      purchaseCount: 2,
    });
    const purchase = (await p.api.request({ url: p.url('/purchases/fast-1') })).json();
    expect(purchase).toMatchObject({ points: 200, explanation: { base: 200 } });
    expect((await checkLedger(t.db, p.programId)).problems).toEqual([]);
    // The same order again is not the one-statement path's to decide: it declines, and the API replays.
    expect(await tryOneStatement(p.programId, order(member, 'fast-1', 20_000))).toBeNull();
  });

  it('declines what needs the full transaction: no account yet, a tier change, a capped rule', async () => {
    const p = await makeLoyaltyProgram(t, {
      rules: [{ ...BASE_RATE, caps: { perMemberPerDay: 100_000 } }],
    });
    const fresh = await makeMember(t, p.programId);
    expect(await tryOneStatement(p.programId, order(fresh, 'no-account', 1_000))).toBeNull();

    const plain = await makeLoyaltyProgram(t);
    const member = await makeMember(t, plain.programId);
    await plain.purchase(member, 1_000);
    // 1 000 points would lift the member from Regular to Loyal: the transactional path records the change.
    expect(await tryOneStatement(plain.programId, order(member, 'upgrade', 100_000))).toBeNull();
    expect((await plain.purchase(member, 100_000)).statusCode).toBe(201);
    expect((await plain.account(member)).tier).toBe('loyal');

    const capped = await makeMember(t, p.programId);
    await p.purchase(capped, 1_000);
    expect(await tryOneStatement(p.programId, order(capped, 'capped', 1_000))).toBeNull();
    expect((await checkLedger(t.db, plain.programId)).problems).toEqual([]);
  });

  it("applies the outcome for the member's tier and birthday month, as the full path computes it", async () => {
    const p = await makeLoyaltyProgram(t, {
      rules: [
        BASE_RATE,
        {
          name: 'Birthday month: double',
          trigger: 'purchase',
          conditions: { birthdayMonth: true },
          effect: { type: 'multiplier', factor: 2 },
        },
      ],
    });
    const month = localDay(t.clock.now(), 'Asia/Jerusalem').month;
    const otherMonth = (month % 12) + 1;
    const pad = (n: number) => String(n).padStart(2, '0');
    const celebrating = await makeMember(t, p.programId, { birthday: `1990-${pad(month)}-15` });
    const regular = await makeMember(t, p.programId, { birthday: `1990-${pad(otherMonth)}-15` });
    // 1 000+ points on the first purchase lift the first member to Loyal (×1.25 earn multiplier).
    await p.purchase(celebrating, 60_000);
    await p.purchase(regular, 1_000);
    expect((await p.account(celebrating)).tier).toBe('loyal');
    expect((await p.account(regular)).tier).toBe('regular');
    for (const [member, orderId] of [
      [celebrating, 'bday-loyal'],
      [regular, 'plain-regular'],
    ] as const) {
      const expected = await dryRunPurchase(t.db, t.clock, p.programId, {
        memberId: member,
        total: 10_000,
        currency: 'ILS',
      });
      const row = await tryOneStatement(p.programId, order(member, orderId, 10_000));
      expect(row).toMatchObject({ order_id: orderId, points_earned: expected.points });
      const stored = (await p.api.request({ url: p.url(`/purchases/${orderId}`) })).json();
      expect(stored.points).toBe(expected.points);
      const { tier, ...explanation } = expected;
      expect(tier).toBe((await p.account(member)).tier);
      expect(stored.explanation).toEqual(explanation);
    }
    // 100 base points: ×1.25 for Loyal and ×2 in the birthday month, against plain 100.
    expect((await p.account(celebrating)).lifetimeEarned).toBeGreaterThan(
      (await p.account(regular)).lifetimeEarned + 100,
    );
    expect((await checkLedger(t.db, p.programId)).problems).toEqual([]);
  });

  it('declines a pending downgrade, an inactivity expiry that is due, and an order id already recorded', async () => {
    const p = await makeLoyaltyProgram(t, { settings: { expiryPolicy: 'inactivity', expiryMonths: 1 } });
    const member = await makeMember(t, p.programId);
    await p.purchase(member, 1_000);
    expect(await tryOneStatement(p.programId, order(member, 'active', 1_000))).not.toBeNull();
    expect(await tryOneStatement(p.programId, order(member, 'active', 1_000))).toBeNull();

    await sql`update loyalty_accounts set downgrade_at = ${new Date(t.clock.now().getTime() + 86_400_000)}
      where member_id = ${member}`.execute(t.db);
    expect(await tryOneStatement(p.programId, order(member, 'grace', 1_000))).toBeNull();
    await sql`update loyalty_accounts set downgrade_at = null where member_id = ${member}`.execute(t.db);

    // A month and a day without activity: the points lapse first, on the full path.
    t.clock.advance(32 * 86_400_000);
    expect(await tryOneStatement(p.programId, order(member, 'lapsed', 1_000))).toBeNull();
    const res = await p.purchase(member, 1_000);
    expect(res.statusCode).toBe(201);
    expect(await p.account(member)).toMatchObject({ balance: 10, purchaseCount: 3 });
    expect((await checkLedger(t.db, p.programId)).problems).toEqual([]);
  });

  it('concurrent purchases, batched together or not, all count once and the accounts equal the ledger', async () => {
    const p = await makeLoyaltyProgram(t);
    const members: string[] = [];
    for (let i = 0; i < 5; i++) members.push(await makeMember(t, p.programId));
    for (const m of members) await p.purchase(m, 1_000);
    // Twelve for the first member, three for each of the others, all at once.
    const sends = [
      ...Array.from({ length: 12 }, () => members[0]!),
      ...members.slice(1).flatMap((m) => [m, m, m]),
    ].map((m) => p.purchase(m, 2_000));
    const results = await Promise.all(sends);
    expect(results.map((r) => r.statusCode)).toEqual(Array(24).fill(201));
    expect(await p.account(members[0]!)).toMatchObject({
      purchaseCount: 13,
      lifetimeEarned: 250,
      balance: 250,
    });
    for (const m of members.slice(1)) {
      expect(await p.account(m)).toMatchObject({ purchaseCount: 4, lifetimeEarned: 70, balance: 70 });
    }
    expect((await checkLedger(t.db, p.programId)).problems).toEqual([]);
  });

  it('the same order id sent for two members at once is recorded for one of them only', async () => {
    const p = await makeLoyaltyProgram(t);
    const [a, b] = [await makeMember(t, p.programId), await makeMember(t, p.programId)];
    await p.purchase(a, 1_000);
    await p.purchase(b, 1_000);
    const send = (memberId: string) =>
      p.api.request({
        method: 'POST',
        url: p.url('/purchases'),
        payload: order(memberId, 'shared-order', 5_000),
      });
    const results = await Promise.all([send(a), send(b)]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const accounts = [await p.account(a), await p.account(b)];
    expect(accounts.map((x) => x.purchaseCount).sort()).toEqual([1, 2]);
    expect(accounts.map((x) => x.lifetimeEarned).sort()).toEqual([10, 60]);
    expect((await checkLedger(t.db, p.programId)).problems).toEqual([]);
  });
});
