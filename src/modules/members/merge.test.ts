// Merging two profiles of one person (POST …/members/:id/merge): everything moves to the member who stays, in
// one transaction, the duplicate is gone, a repeat changes nothing; and on PostgreSQL a merge racing purchases
// and reward redemptions on the duplicate loses and doubles nothing (each lands before the merge and moves, or
// after it and is refused).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApiKey, setupTest, type TestContext } from '../../../test/harness.ts';
import { adjustPoints, checkLedger } from '../loyalty/index.ts';
import {
  addMemberTags,
  createList,
  currentConsents,
  memberLists,
  memberTags,
  recordConsent,
  subscribeToLists,
} from '../membership/index.ts';
import { makeLoyaltyProgram, makeMember } from '../../../test/fixtures/loyalty.ts';
import { SYSTEM_ACTOR } from '../audit/index.ts';
import { createReward } from '../rewards/index.ts';

let t: TestContext;
beforeAll(async () => {
  t = await setupTest();
});
afterAll(() => t.close());

async function mergeProgram() {
  const p = await makeLoyaltyProgram(t);
  const owner = await makeApiKey(t, p.programId, [
    'members:read',
    'members:write',
    'members:delete',
    'rewards:read',
    'rewards:write',
    'coupons:redeem',
  ]);
  const member = async (points: number) => {
    const id = await makeMember(t, p.programId);
    await adjustPoints(t.db, t.clock, SYSTEM_ACTOR, p.programId, id, { points, reason: 'opening balance' });
    return id;
  };
  const reward = () =>
    createReward(t.db, t.clock, SYSTEM_ACTOR, p.programId, {
      kind: 'free_product',
      costPoints: 100,
      texts: { he: { name: 'קפה חינם' }, en: { name: 'Free coffee' }, fa: { name: 'قهوه رایگان' } },
      effect: { sku: 'coffee' },
      couponValidDays: 30,
    });
  const redeem = (memberId: string, rewardId: string) =>
    owner.request({
      method: 'POST',
      url: p.url(`/members/${memberId}/reward-redemptions`),
      payload: { rewardId },
    });
  const merge = (intoId: string, duplicateId: string, key?: string) =>
    owner.request({
      method: 'POST',
      url: p.url(`/members/${intoId}/merge`),
      payload: { duplicateId },
      headers: key ? { 'idempotency-key': key } : {},
    });
  const rows = (
    table: 'loyalty_ledger' | 'loyalty_lots' | 'loyalty_purchases' | 'coupons',
    memberId: string,
  ) =>
    t.db
      .selectFrom(table)
      .select('program_id')
      .where('program_id', '=', p.programId)
      .where('member_id', '=', memberId)
      .execute()
      .then((r) => r.length);
  return { ...p, owner, member, reward, redeem, merge, rows };
}

describe('merging two members', () => {
  it('moves points, purchases, coupons, consents, lists and tags to the survivor; the duplicate is gone', async () => {
    const p = await mergeProgram();
    const into = await p.member(300);
    const from = await p.member(500);
    await p.owner.request({
      method: 'PATCH',
      url: p.url(`/members/${from}`),
      payload: { email: 'dana@example.com', phone: '050-123-4567', lastName: 'Cohen' },
    });
    expect((await p.purchase(into, 2_000)).statusCode).toBe(201);
    expect((await p.purchase(from, 4_000)).statusCode).toBe(201);
    const reward = await p.reward();
    expect((await p.redeem(from, reward.id)).statusCode).toBe(201);
    await recordConsent(t.db, t.clock, {
      programId: p.programId,
      memberId: from,
      channel: 'email',
      purpose: 'marketing',
      status: 'granted',
      source: 'form',
      textShown: 'Yes, e-mail me offers',
    });
    const regulars = await createList(t.db, t.clock, p.programId, { name: 'Regulars' });
    const both = await createList(t.db, t.clock, p.programId, { name: 'Newsletter' });
    await subscribeToLists(t.db, t.clock, {
      programId: p.programId,
      memberId: from,
      listIds: [regulars.id, both.id],
      source: 'admin',
    });
    await subscribeToLists(t.db, t.clock, {
      programId: p.programId,
      memberId: into,
      listIds: [both.id],
      source: 'admin',
    });
    await addMemberTags(t.db, t.clock, p.programId, from, ['vip', 'morning']);
    await addMemberTags(t.db, t.clock, p.programId, into, ['vip']);
    const before = { into: await p.account(into), from: await p.account(from) };

    const merged = await p.merge(into, from, 'merge-1');
    expect(merged.statusCode).toBe(200);
    const body = merged.json();
    expect(body).toMatchObject({ mergedId: from, alreadyMerged: false });
    // The survivor keeps its own profile and takes the fields it lacked.
    expect(body.member).toMatchObject({
      id: into,
      firstName: 'Dana',
      lastName: 'Cohen',
      email: 'dana@example.com',
      phone: '+972501234567',
    });

    const account = await p.account(into);
    expect(account.available).toBe(before.into.available + before.from.available);
    expect(account.lifetimeEarned).toBe(before.into.lifetimeEarned + before.from.lifetimeEarned);
    expect(account.purchaseCount).toBe(2);
    for (const table of ['loyalty_ledger', 'loyalty_lots', 'loyalty_purchases', 'coupons'] as const) {
      expect(await p.rows(table, from), table).toBe(0);
    }
    expect(await p.rows('coupons', into)).toBe(1);
    expect(await p.rows('loyalty_purchases', into)).toBe(2);
    expect(await checkLedger(t.db, p.programId)).toMatchObject({ problems: [] });
    expect(await currentConsents(t.db, p.programId, into)).toEqual([
      expect.objectContaining({ channel: 'email', purpose: 'marketing', status: 'granted' }),
    ]);
    expect((await memberLists(t.db, p.programId, into)).map((l) => l.name).sort()).toEqual([
      'Newsletter',
      'Regulars',
    ]);
    expect((await memberTags(t.db, p.programId, into)).sort()).toEqual(['morning', 'vip']);

    const gone = await p.owner.request({ url: p.url(`/members/${from}`) });
    expect(gone.statusCode).toBe(404);
    const retired = await t.db
      .selectFrom('members')
      .select(['status', 'merged_into', 'email', 'phone'])
      .where('id', '=', from)
      .executeTakeFirstOrThrow();
    expect(retired).toEqual({ status: 'deleted', merged_into: into, email: null, phone: null });
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'entity_id'])
      .where('program_id', '=', p.programId)
      .where('action', '=', 'member.merged')
      .execute();
    expect(audit).toEqual([{ action: 'member.merged', entity_id: into }]);

    // The same request again replays; a new one finds the merge done and changes nothing.
    expect((await p.merge(into, from, 'merge-1')).json()).toEqual(body);
    const again = await p.merge(into, from, 'merge-2');
    expect(again.json()).toMatchObject({ mergedId: from, alreadyMerged: true });
    expect((await p.account(into)).available).toBe(account.available);
    expect(
      await t.db
        .selectFrom('audit_log')
        .select('id')
        .where('program_id', '=', p.programId)
        .where('action', '=', 'member.merged')
        .execute(),
    ).toHaveLength(1);
  });

  it('refuses a member merged into itself, an unknown duplicate and a bad body, writing nothing', async () => {
    const p = await mergeProgram();
    const into = await p.member(100);
    const self = await p.merge(into, into);
    expect(self.statusCode).toBe(400);
    expect(self.json().error).toMatchObject({ code: 'merge_same_member', details: { field: 'duplicateId' } });
    const unknown = await p.merge(into, '00000000-0000-4000-8000-000000000000');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error).toMatchObject({
      code: 'member_not_found',
      details: { field: 'duplicateId' },
    });
    const bad = await p.owner.request({
      method: 'POST',
      url: p.url(`/members/${into}/merge`),
      payload: { duplicateId: 'nope' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('validation_failed');
    expect((await p.account(into)).available).toBe(100);
  });

  it(
    'a merge racing purchases and redemptions on the duplicate loses nothing and doubles nothing',
    { timeout: 120_000 },
    async () => {
      const p = await mergeProgram();
      const reward = await p.reward();
      const into = await p.member(500);
      const from = await p.member(1_000);
      // 10 purchases of ₪10 (10 points each) and 10 redemptions of 100 points on the duplicate, 5 purchases
      // on the survivor, and the merge, all at once.
      const results = await Promise.all([
        ...Array.from({ length: 10 }, () => p.purchase(from, 1_000)),
        ...Array.from({ length: 10 }, () => p.redeem(from, reward.id)),
        ...Array.from({ length: 5 }, () => p.purchase(into, 1_000)),
        p.merge(into, from),
      ]);
      const merge = results.at(-1)!;
      expect(merge.statusCode).toBe(200);
      const fromPurchases = results.slice(0, 10);
      const redemptions = results.slice(10, 20);
      const intoPurchases = results.slice(20, 25);
      // Before the merge: recorded (and moved); after it: the duplicate is not found. Nothing else.
      for (const r of [...fromPurchases, ...redemptions]) {
        expect([201, 404]).toContain(r.statusCode);
        if (r.statusCode === 404) expect(r.json().error.code).toBe('member_not_found');
      }
      for (const r of intoPurchases) expect(r.statusCode).toBe(201);
      const bought = fromPurchases.filter((r) => r.statusCode === 201).length;
      const redeemed = redemptions.filter((r) => r.statusCode === 201).length;
      // After the merge every call on the duplicate is refused.
      const late = await Promise.all([p.purchase(from, 1_000), p.redeem(from, reward.id)]);
      for (const r of late) expect(r.json().error.code).toBe('member_not_found');

      const account = await p.account(into);
      expect(account.balance).toBe(500 + 1_000 + 10 * bought + 10 * 5 - 100 * redeemed);
      expect(account.purchaseCount).toBe(bought + 5);
      expect(await p.rows('coupons', into)).toBe(redeemed);
      expect(await p.rows('loyalty_purchases', into)).toBe(bought + 5);
      for (const table of ['loyalty_ledger', 'loyalty_lots', 'loyalty_purchases', 'coupons'] as const) {
        expect(await p.rows(table, from), table).toBe(0);
      }
      const accounts = await t.db
        .selectFrom('loyalty_accounts')
        .select('member_id')
        .where('program_id', '=', p.programId)
        .where('member_id', '=', from)
        .execute();
      expect(accounts).toEqual([]);
      expect(await checkLedger(t.db, p.programId)).toMatchObject({ problems: [] });
    },
  );
});
