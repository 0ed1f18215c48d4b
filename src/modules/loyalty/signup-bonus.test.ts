// The signup bonus is awarded when someone becomes a member — through the members API, a signup form (at
// confirmation with double opt-in), Segment identify, and CSV import only when the program says so — once per
// member, in the transaction that creates the member.
import { deliverableMessage } from '../messaging/index.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApiKey, makeUser, setupTest, type TestContext } from '../../../test/harness.ts';
import { Worker } from '../../platform/jobs/index.ts';
import { clubJobs } from '../../app/index.ts';
import { SYSTEM_ACTOR } from '../audit/index.ts';
import { createMember, findMemberByIdentity } from '../members/index.ts';
import { checkLedger } from './consistency.ts';
import type { EarningRuleInput } from './earning-rules.ts';
import { BASE_RATE, makeLoyaltyProgram } from '../../../test/fixtures/loyalty.ts';

let t: TestContext;
beforeAll(async () => {
  t = await setupTest();
});
afterAll(() => t.close());

const WELCOME: EarningRuleInput = {
  name: 'Welcome',
  trigger: 'event',
  event: 'signup',
  effect: { type: 'bonus', points: 200 },
};

const unique = () => Math.random().toString(36).slice(2, 10);
let ipCounter = 1;
const freshIp = () => `203.0.113.${ipCounter++}`;

async function club(rules: EarningRuleInput[] = [BASE_RATE, WELCOME]) {
  const p = await makeLoyaltyProgram(t, { rules });
  const owner = await makeUser(t, p.programId);
  const members = await makeApiKey(t, p.programId, ['members:write', 'members:read']);
  const ledger = (memberId: string) =>
    t.db
      .selectFrom('loyalty_ledger')
      .select(['points', 'idempotency_key', 'kind'])
      .where('program_id', '=', p.programId)
      .where('member_id', '=', memberId)
      .execute();
  const settings = (payload: unknown) =>
    owner.request({ method: 'PATCH', url: p.url('/loyalty-settings'), payload: payload as object });
  const consistent = async () => expect((await checkLedger(t.db, p.programId)).problems).toEqual([]);
  return { ...p, owner, members, ledger, settings, consistent };
}

describe('signup bonus on member creation', () => {
  it('is awarded when a member is created through the API, and an explicit signup event does not pay again', async () => {
    const c = await club();
    const res = await c.members.request({
      method: 'POST',
      url: c.url('/members'),
      payload: { externalId: `m-${unique()}`, firstName: 'נועה' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const member = res.json().id as string;
    expect(await c.account(member)).toMatchObject({ balance: 200, available: 200 });
    expect(await c.ledger(member)).toEqual([
      { points: 200, idempotency_key: `event:signup:${member}`, kind: 'earn' },
    ]);

    // A shop that also posts the signup event (with its own key) gets the first award back, not a second.
    const again = await c.api.request({
      method: 'POST',
      url: c.url(`/members/${member}/events`),
      payload: { event: 'signup', idempotencyKey: 'shop-signup-1' },
    });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ points: 200, replayed: true });
    expect(await c.account(member)).toMatchObject({ balance: 200 });
    expect(await c.ledger(member)).toHaveLength(1);
    await c.consistent();
  });

  it('is awarded for a member created in the admin UI (source admin)', async () => {
    const c = await club();
    const res = await c.owner.request({
      method: 'POST',
      url: c.url('/members'),
      payload: { email: `dana-${unique()}@example.com` },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().source).toBe('admin');
    expect(await c.account(res.json().id)).toMatchObject({ balance: 200 });
  });

  it('is not awarded for a way of joining the program left out, and costs nothing without a signup rule', async () => {
    const c = await club();
    expect((await c.settings({ signupBonusSources: ['form'] })).statusCode).toBe(200);
    const viaApi = await c.members.request({
      method: 'POST',
      url: c.url('/members'),
      payload: { externalId: `m-${unique()}` },
    });
    expect(viaApi.statusCode).toBe(201);
    expect(await c.ledger(viaApi.json().id)).toEqual([]);

    const plain = await club([BASE_RATE]);
    const res = await plain.members.request({
      method: 'POST',
      url: plain.url('/members'),
      payload: { externalId: `m-${unique()}` },
    });
    expect(res.statusCode).toBe(201);
    // No rule listens to signup: no account row is even created for the new member.
    const accounts = await t.db
      .selectFrom('loyalty_accounts')
      .select('member_id')
      .where('program_id', '=', plain.programId)
      .execute();
    expect(accounts).toEqual([]);
  });

  it('commits with the member or not at all', async () => {
    const c = await club();
    const externalId = `m-${unique()}`;
    await expect(
      t.db.transaction().execute(async (trx) => {
        const member = await createMember(trx, t.clock, SYSTEM_ACTOR, c.programId, {
          externalId,
          source: 'api',
        });
        // Awarded inside the creating transaction, by the subscriber of member.created…
        const inTrx = await trx
          .selectFrom('loyalty_ledger')
          .select('points')
          .where('program_id', '=', c.programId)
          .where('member_id', '=', member.id)
          .execute();
        expect(inTrx).toEqual([{ points: 200 }]);
        // …so it goes with the member when a later step of the signup fails.
        throw new Error('the next step of the signup failed');
      }),
    ).rejects.toThrow('the next step of the signup failed');
    expect(await findMemberByIdentity(t.db, c.programId, { externalId })).toBeUndefined();
    const ledger = await t.db
      .selectFrom('loyalty_ledger')
      .select('id')
      .where('program_id', '=', c.programId)
      .execute();
    expect(ledger).toEqual([]);
    await c.consistent();
  });
});

describe('signup bonus from signup forms', () => {
  async function formClub(doubleOptIn: boolean) {
    const c = await club();
    const form = await c.owner.request({
      method: 'POST',
      url: c.url('/forms'),
      payload: {
        name: 'Website',
        definition: { locales: ['he', 'en'], fields: [{ name: 'email', required: true }], doubleOptIn },
      },
    });
    expect(form.statusCode, form.body).toBe(201);
    const submit = (email: string) =>
      t.app.inject({
        method: 'POST',
        url: `/f/${form.json().id}/submit`,
        remoteAddress: freshIp(),
        headers: { origin: 'https://shop.example' },
        payload: { email, _lang: 'en', website: '' },
      });
    return { ...c, submit };
  }

  it('awards at once with single opt-in', async () => {
    const c = await formClub(false);
    const email = `noa-${unique()}@example.com`;
    const res = await c.submit(email);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'subscribed' });
    const member = (await findMemberByIdentity(t.db, c.programId, { email }))!;
    expect(member.source).toBe('form');
    expect(await c.account(member.id)).toMatchObject({ balance: 200 });
    await c.consistent();
  });

  it('awards at confirmation with double opt-in, not before, and once when confirmed twice', async () => {
    const c = await formClub(true);
    const email = `dana-${unique()}@example.com`;
    const res = await c.submit(email);
    expect(res.json()).toMatchObject({ status: 'confirmation_sent' });
    expect(await findMemberByIdentity(t.db, c.programId, { email })).toBeUndefined();
    const earned = await t.db
      .selectFrom('loyalty_ledger')
      .select('id')
      .where('program_id', '=', c.programId)
      .execute();
    expect(earned).toEqual([]);

    const message = await t.db
      .selectFrom('messages')
      .select('id')
      .where('program_id', '=', c.programId)
      .where('kind', '=', 'double_opt_in')
      .where('to_address', '=', email)
      .executeTakeFirstOrThrow();
    const { text } = await deliverableMessage(t.db, message.id);
    const path = /http:\/\/moadon\.test(\/confirm\/\S+)/.exec(text)![1]!;
    for (let i = 0; i < 2; i++) {
      const confirmed = await t.app.inject({
        method: 'POST',
        url: path,
        remoteAddress: freshIp(),
      });
      expect(confirmed.statusCode).toBe(200);
    }
    const member = (await findMemberByIdentity(t.db, c.programId, { email }))!;
    expect(await c.account(member.id)).toMatchObject({ balance: 200 });
    expect(await c.ledger(member.id)).toHaveLength(1);
    await c.consistent();
  });
});

describe('signup bonus from Segment identify', () => {
  it('awards a member created by identify once, also when a signup track event follows', async () => {
    const c = await club();
    const { key } = await makeApiKey(t, c.programId, ['ingest:write']);
    const send = (url: string, payload: object) =>
      t.app.inject({
        method: 'POST',
        url,
        payload,
        headers: { authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` },
      });
    const userId = `seg-${unique()}`;
    expect(
      (await send('/v1/identify', { userId, traits: { email: `${userId}@example.com` } })).statusCode,
    ).toBe(200);
    const member = (await findMemberByIdentity(t.db, c.programId, { externalId: userId }))!;
    expect(member.source).toBe('segment');
    expect(await c.account(member.id)).toMatchObject({ balance: 200 });

    // A later identify updates the member; a signup track event finds the bonus already paid.
    expect((await send('/v1/identify', { userId, traits: { firstName: 'Maryam' } })).statusCode).toBe(200);
    expect((await send('/v1/track', { userId, event: 'signup', messageId: `su-${userId}` })).statusCode).toBe(
      200,
    );
    expect(await c.account(member.id)).toMatchObject({ balance: 200 });
    expect(await c.ledger(member.id)).toHaveLength(1);
    await c.consistent();
  });
});

describe('signup bonus for imported customers', () => {
  const csv = (rows: string[]) => `customer_id,email\n${rows.join('\n')}\n`;
  async function importCsv(c: Awaited<ReturnType<typeof club>>, body: string) {
    const res = await c.owner.request({
      method: 'POST',
      url: c.url('/imports'),
      headers: { 'content-type': 'text/csv' },
      payload: body,
    });
    expect(res.statusCode, res.body).toBe(202);
    await new Worker({ db: t.db, clock: t.clock, modules: clubJobs }).drain();
    const report = await c.owner.request({ url: c.url(`/imports/${res.json().id}`) });
    expect(report.json()).toMatchObject({ status: 'completed' });
  }
  const ledgerOf = (programId: string) =>
    t.db.selectFrom('loyalty_ledger').select(['points']).where('program_id', '=', programId).execute();

  it('awards nothing by default: imported customers are not new signups', async () => {
    const c = await club();
    await importCsv(
      c,
      csv([`i-${unique()},a-${unique()}@example.com`, `i-${unique()},b-${unique()}@example.com`]),
    );
    const imported = await t.db
      .selectFrom('members')
      .select('id')
      .where('program_id', '=', c.programId)
      .execute();
    expect(imported).toHaveLength(2);
    expect(await ledgerOf(c.programId)).toEqual([]);
  });

  it('awards new members (not updated ones) when the program includes import', async () => {
    const c = await club();
    const existing = `i-${unique()}`;
    await importCsv(c, csv([`${existing},old-${unique()}@example.com`]));
    const res = await c.settings({ signupBonusSources: ['api', 'form', 'import'] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().signupBonusSources).toEqual(['api', 'form', 'import']);

    const fresh = `i-${unique()}`;
    await importCsv(
      c,
      csv([`${existing},old-${unique()}@example.com`, `${fresh},new-${unique()}@example.com`]),
    );
    const member = (await findMemberByIdentity(t.db, c.programId, { externalId: fresh }))!;
    expect(await c.account(member.id)).toMatchObject({ balance: 200 });
    expect(await ledgerOf(c.programId)).toEqual([{ points: 200 }]);
    await c.consistent();
  });
});

describe('signupBonusSources setting', () => {
  it('defaults to every way of joining except import, and refuses values it does not know', async () => {
    const c = await club();
    const current = await c.owner.request({ url: c.url('/loyalty-settings') });
    expect(current.json().signupBonusSources).toEqual(['admin', 'api', 'form', 'ingest']);

    for (const bad of [['portal'], ['api', 'api'], 'api', [1], null]) {
      const res = await c.settings({ signupBonusSources: bad });
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
      expect(res.json()).toMatchObject({
        error: { code: 'validation_failed', message: expect.any(String), details: expect.anything() },
      });
    }

    const none = await c.settings({ signupBonusSources: [] });
    expect(none.statusCode).toBe(200);
    expect(none.json().signupBonusSources).toEqual([]);
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'after'])
      .where('program_id', '=', c.programId)
      .where('action', '=', 'loyalty.settings.updated')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit.after).toMatchObject({ signupBonusSources: [] });
  });
});
