import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTest, type TestContext } from '../../../test/harness.ts';
import { SYSTEM_ACTOR } from '../audit/index.ts';
import { checkLedger, refundPurchase } from '../loyalty/index.ts';
import { createMember, getMember } from '../members/index.ts';
import { createReward } from '../rewards/index.ts';
import { attributeReferral } from './attribution.ts';
import { referralsJobs } from './jobs.ts';
import { checkReferee } from './qualify.ts';
import { recordSignals } from './signals.ts';
import { makeReferralProgram } from './test-fixtures.ts';

let t: TestContext;
beforeAll(async () => {
  t = await setupTest();
});
afterAll(() => t.close());

const balance = async (programId: string, memberId: string) =>
  Number(
    (
      await t.db
        .selectFrom('loyalty_accounts')
        .select('available')
        .where('program_id', '=', programId)
        .where('member_id', '=', memberId)
        .executeTakeFirst()
    )?.available ?? 0,
  );

describe('referrals: link, signup, qualifying purchase, both sides paid once', () => {
  it('the link opens the signup form with the code; the friend joins attributed; the purchase pays both', async () => {
    const p = await makeReferralProgram(t);
    const avi = await p.member();
    const code = await p.codeOf(avi);
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);

    const link = await t.app.inject({ url: `/r/${code.toLowerCase()}` });
    expect(link.statusCode).toBe(302);
    expect(link.headers.location).toBe(`http://moadon.test/f/${p.formId}?ref=${code}`);
    const page = await t.app.inject({ url: `/f/${p.formId}?ref=${code}` });
    expect(page.body).toContain(`name="_ref" value="${code}"`);

    const noa = await p.signUp(code, { email: 'noa.friend@example.com' });
    const referral = (await p.referralOf(noa))!;
    expect(referral).toMatchObject({ referrer_id: avi, status: 'joined', block_reason: null });
    expect((await getMember(t.db, p.programId, noa)).referredBy).toBe(avi);

    // Too small a purchase does not qualify; the first big enough one does.
    await p.buy(noa, 4_000);
    expect(await checkReferee(t.db, t.clock, p.programId, noa)).toBe('pending');
    await p.buy(noa, 6_000, 'order-qualifying');
    expect(await checkReferee(t.db, t.clock, p.programId, noa)).toBe('qualified');
    expect(await p.referralOf(noa)).toMatchObject({ status: 'qualified', order_id: 'order-qualifying' });
    expect(await balance(p.programId, avi)).toBe(500);
    expect(await balance(p.programId, noa)).toBe(200);

    // Checking again (the job, the shop's call) pays nothing more.
    expect(await checkReferee(t.db, t.clock, p.programId, noa)).toBe('qualified');
    const check = await p.admin.request({
      method: 'POST',
      url: p.url('/referrals/check'),
      payload: { memberId: noa },
    });
    expect(check.json()).toEqual({ outcome: 'qualified' });
    expect(await balance(p.programId, avi)).toBe(500);
    expect((await p.payouts(referral.id)).map((x) => [x.side, x.status, x.points])).toEqual([
      ['referee', 'paid', 200],
      ['referrer', 'paid', 500],
    ]);
    expect((await checkLedger(t.db, p.programId)).problems).toEqual([]);

    const report = await p.admin.request({ url: p.url('/referrals/report') });
    expect(report.json()).toMatchObject({
      visits: 1,
      joined: 1,
      qualified: 1,
      conversion: 1,
      paid: { points: 700 },
      thisMonth: { qualified: 1 },
      topReferrers: [{ memberId: avi, qualified: 1, points: 500 }],
    });
  });

  it('a bonus can be a reward: the coupon is issued free, with why', async () => {
    const p = await makeReferralProgram(t, { referrerPoints: 0 });
    const reward = await createReward(t.db, t.clock, SYSTEM_ACTOR, p.programId, {
      kind: 'fixed_discount',
      costPoints: 1_000,
      texts: { en: { name: '₪20 off' } },
      effect: { amount: 2_000 },
      stock: 1,
    });
    await p.admin.request({
      method: 'PUT',
      url: p.url('/referrals/settings'),
      payload: { referrerRewardId: reward.id },
    });
    const avi = await p.member();
    const noa = await p.signUp(await p.codeOf(avi), { email: 'noa.reward@example.com' });
    await p.buy(noa, 9_000);
    expect(await checkReferee(t.db, t.clock, p.programId, noa)).toBe('qualified');
    const coupons = await t.db
      .selectFrom('coupons')
      .selectAll()
      .where('program_id', '=', p.programId)
      .execute();
    expect(coupons).toMatchObject([
      { member_id: avi, source: 'automatic', points_spent: 0, reward_id: reward.id },
    ]);
    expect(await balance(p.programId, avi)).toBe(0);

    // The reward's stock ran out: the next referrer bonus is recorded with the reason, nothing oversold.
    const dana = await p.signUp(await p.codeOf(avi), { email: 'dana.reward@example.com' });
    await p.buy(dana, 9_000);
    await checkReferee(t.db, t.clock, p.programId, dana);
    const referral = (await p.referralOf(dana))!;
    expect((await p.payouts(referral.id)).find((x) => x.side === 'referrer')).toMatchObject({
      status: 'paid',
      coupon_id: null,
      reason: 'out_of_stock',
    });
  });

  it('a purchase after the window, or refunded below the minimum, does not qualify; the window expires it', async () => {
    const p = await makeReferralProgram(t, { qualifyWithinDays: 7 });
    const avi = await p.member();
    const noa = await p.signUp(await p.codeOf(avi), { email: 'noa.late@example.com' });
    const { purchase } = await p.buy(noa, 6_000);
    await refundPurchase(t.db, t.clock, SYSTEM_ACTOR, p.programId, purchase.orderId, { amount: 2_000 });
    expect(await checkReferee(t.db, t.clock, p.programId, noa)).toBe('pending');
    t.clock.advance(8 * 86_400_000);
    await p.buy(noa, 9_000);
    // The sweep job finds it past its window.
    const job = {
      id: 0,
      type: 'referrals.check-pending',
      programId: p.programId,
      payload: {},
      attempts: 1,
      maxAttempts: 5,
    };
    await referralsJobs.handlers['referrals.check-pending']!(job, { db: t.db, clock: t.clock, config: {} });
    expect(await p.referralOf(noa)).toMatchObject({ status: 'expired' });
    expect(await balance(p.programId, avi)).toBe(0);
  });
});

describe('referral abuse: every block recorded with its reason, nothing paid', () => {
  it('the same mailbox, phone, device or network address as the referrer is blocked', async () => {
    const p = await makeReferralProgram(t);
    const avi = await p.member({ email: 'avi.cheat@gmail.com', phone: '+972501112233' });
    const code = await p.codeOf(avi);
    const ownEmail = await p.signUp(code, { email: 'a.vi.cheat+2@gmail.com' });
    const ownPhone = await p.signUp(code, { email: 'other1@example.com', phone: '050-111-2233' });
    expect((await p.referralOf(ownEmail))?.block_reason).toBe('same_email');
    expect((await p.referralOf(ownPhone))?.block_reason).toBe('same_phone');
    expect((await getMember(t.db, p.programId, ownEmail)).referredBy).toBeNull();

    // Avi opens his invite page from a device and a network address.
    await recordSignals(t.db, t.clock, p.programId, avi, { deviceId: 'device-of-avi', ip: '198.51.100.9' });
    const sameNet = await p.signUp(code, { email: 'other2@example.com' }, '198.51.100.9');
    expect((await p.referralOf(sameNet))?.block_reason).toBe('same_network');
    const sameDevice = await t.app.inject({
      method: 'POST',
      url: `/f/${p.formId}/submit`,
      payload: { email: 'other3@example.com', _ref: code, _device: 'device-of-avi' },
      headers: { accept: 'application/json' },
      remoteAddress: '10.250.0.50',
    });
    expect(sameDevice.statusCode).toBe(200);
    const list = await p.admin.request({ url: p.url('/referrals?status=blocked') });
    expect(
      list
        .json()
        .items.map((r: { blockReason: string }) => r.blockReason)
        .sort(),
    ).toEqual(['same_device', 'same_email', 'same_network', 'same_phone']);
    for (const id of [ownEmail, sameNet]) await p.buy(id, 10_000);
    expect(await checkReferee(t.db, t.clock, p.programId, sameNet)).toBe('none');
    expect(await balance(p.programId, avi)).toBe(0);
    const report = await p.admin.request({ url: p.url('/referrals/report') });
    expect(report.json()).toMatchObject({
      joined: 0,
      blocked: 4,
      blockedBy: { same_email: 1, same_network: 1 },
    });
  });

  it('a loop through the API (A refers B refers A) is blocked', async () => {
    const p = await makeReferralProgram(t);
    const a = await p.member();
    const created = await p.admin.request({
      method: 'POST',
      url: p.url('/members'),
      payload: { email: 'bee@example.com', referredBy: a },
    });
    expect(created.statusCode, created.body).toBe(201);
    const b = created.json().id as string;
    expect((await p.referralOf(b))?.status).toBe('joined');
    // The referral rows are the chain: a referral of A by B would close a loop.
    await t.db
      .deleteFrom('referrals')
      .where('program_id', '=', p.programId)
      .where('referee_id', '=', a)
      .execute();
    const outcome = await t.db.transaction().execute(async (trx) =>
      attributeReferral(trx, t.clock, SYSTEM_ACTOR, {
        ...(await getMember(trx, p.programId, a)),
        referredBy: b,
      }),
    );
    expect(outcome).toMatchObject({ status: 'blocked', blockReason: 'referral_loop' });
  });

  it('a member created with referredBy through the service, not only the API, is attributed (member.created)', async () => {
    const p = await makeReferralProgram(t);
    const a = await p.member();
    const b = await createMember(t.db, t.clock, SYSTEM_ACTOR, p.programId, {
      email: `service-${crypto.randomUUID()}@example.com`,
      referredBy: a,
    });
    expect(await p.referralOf(b.id)).toMatchObject({ status: 'joined' });
  });

  it('a referrer over the cap still brings a qualifying friend, but their bonus is blocked', async () => {
    const p = await makeReferralProgram(t, { referrerCap: { count: 1, period: 'month' } });
    const avi = await p.member();
    const code = await p.codeOf(avi);
    const friends = [
      await p.signUp(code, { email: 'cap1@example.com' }),
      await p.signUp(code, { email: 'cap2@example.com' }),
    ];
    for (const f of friends) {
      await p.buy(f, 5_000);
      expect(await checkReferee(t.db, t.clock, p.programId, f)).toBe('qualified');
    }
    const second = (await p.referralOf(friends[1]!))!;
    expect((await p.payouts(second.id)).map((x) => [x.side, x.status, x.reason])).toEqual([
      ['referee', 'paid', null],
      ['referrer', 'blocked', 'referrer_cap_reached'],
    ]);
    expect(await balance(p.programId, avi)).toBe(500);
    expect(await balance(p.programId, friends[1]!)).toBe(200);
  });

  it('after N qualified referrals the referrer becomes an ambassador, paid once', async () => {
    const p = await makeReferralProgram(t, { ambassador: { after: 2, points: 1_000 }, referrerPoints: 0 });
    const avi = await p.member();
    const code = await p.codeOf(avi);
    for (const email of ['amb1@example.com', 'amb2@example.com', 'amb3@example.com']) {
      const f = await p.signUp(code, { email });
      await p.buy(f, 5_000);
      await checkReferee(t.db, t.clock, p.programId, f);
    }
    expect(await balance(p.programId, avi)).toBe(1_000);
    const progress = await p.admin.request({ url: p.url(`/members/${avi}/referral`) });
    expect(progress.json()).toMatchObject({
      qualified: 3,
      ambassador: { after: 2, reached: true },
      pointsEarned: 1_000,
    });
  });
});

describe('referral input', () => {
  it('an unknown or garbage code opens no form and attributes nothing; settings refuse a foreign reward', async () => {
    const p = await makeReferralProgram(t);
    expect((await t.app.inject({ url: '/r/ZZZZ-ZZZZ' })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/r/%3Cscript%3E' })).statusCode).toBe(404);
    const noa = await p.signUp('NOPE-CODE', { email: 'nobody.referred@example.com' });
    expect(await p.referralOf(noa)).toBeUndefined();
    const bad = await p.admin.request({
      method: 'PUT',
      url: p.url('/referrals/settings'),
      payload: { referrerRewardId: '00000000-0000-4000-8000-000000000000' },
    });
    expect(bad.statusCode).toBe(404);
    const worse = await p.admin.request({
      method: 'PUT',
      url: p.url('/referrals/settings'),
      payload: { referrerPoints: -5 },
    });
    expect(worse.statusCode).toBe(400);
  });
});
