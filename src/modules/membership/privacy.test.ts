import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeProgram, makeUser, setupTest, type TestContext } from '../../../test/harness.ts';
import { recordConsent } from './index.ts';

let t: TestContext;
beforeAll(async () => {
  t = await setupTest();
});
afterAll(() => t.close());

const CONSENT_HE = 'אני מאשר/ת לקבל דיוור שיווקי בדוא״ל.';

async function signupForm(
  programId: string,
  owner: Awaited<ReturnType<typeof makeUser>>,
  doubleOptIn: boolean,
) {
  const res = await owner.request({
    method: 'POST',
    url: `/api/programs/${programId}/forms`,
    payload: {
      name: doubleOptIn ? 'Double' : 'Single',
      definition: {
        locales: ['he'],
        fields: [{ name: 'email', required: true }, { name: 'firstName' }, { name: 'phone' }],
        consents: [
          { key: 'news', channel: 'email', purpose: 'marketing', required: true, text: { he: CONSENT_HE } },
        ],
        listIds: [],
        doubleOptIn,
      },
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

async function submit(formId: string, fields: Record<string, string>, ip: string) {
  const page = await t.app.inject({ method: 'GET', url: `/f/${formId}` });
  const token = /name="_t" value="([^"]+)"/.exec(page.body)![1]!;
  t.clock.advance(8000);
  const res = await t.app.inject({
    method: 'POST',
    url: `/f/${formId}/submit`,
    remoteAddress: ip,
    headers: { origin: 'https://shop.example', 'user-agent': 'TestBrowser/1.0' },
    payload: { ...fields, 'consent.news': 'yes', _t: token, _lang: 'he' },
  });
  expect(res.statusCode, res.body).toBeLessThan(300);
}

describe('erasure of membership data', () => {
  it('empties form submissions and consent IPs/browsers, keeping the consent history as proof', async () => {
    const program = await makeProgram(t.db, { defaultRegion: 'IL' });
    const owner = await makeUser(t, program.id);
    const email = `erase-${Date.now()}@example.com`;
    // A double opt-in signup never confirmed (no member yet), then a single opt-in one that creates the member.
    await submit(await signupForm(program.id, owner, true), { email, firstName: 'רונית' }, '203.0.113.5');
    await submit(
      await signupForm(program.id, owner, false),
      { email, firstName: 'רונית', phone: '050-333-4444' },
      '203.0.113.9',
    );
    const member = await t.db
      .selectFrom('members')
      .select('id')
      .where('program_id', '=', program.id)
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    await recordConsent(t.db, t.clock, {
      programId: program.id,
      memberId: member.id,
      channel: 'sms',
      purpose: 'marketing',
      status: 'granted',
      source: 'form',
      textShown: 'SMS?',
      ip: '203.0.113.9',
      evidence: {
        doubleOptIn: true,
        confirmIp: '192.0.2.1',
        confirmUserAgent: 'MailApp/2',
        submissionId: 'x',
      },
    });
    await owner.request({
      method: 'POST',
      url: `/api/programs/${program.id}/members/${member.id}/tags`,
      payload: { tags: ['complained about parking'] },
    });
    const exported = await owner.request({
      method: 'GET',
      url: `/api/programs/${program.id}/members/${member.id}/data-export`,
    });
    expect(exported.json().data.membership.formSubmissions).toHaveLength(2);
    expect(exported.json().data.membership.consents).toHaveLength(2);

    const consentsBefore = await t.db
      .selectFrom('consent_records')
      .selectAll()
      .where('member_id', '=', member.id)
      .orderBy('id')
      .execute();
    for (let i = 0; i < 2; i++) {
      const erased = await owner.request({
        method: 'POST',
        url: `/api/programs/${program.id}/members/${member.id}/erase`,
      });
      expect(erased.statusCode, erased.body).toBe(200);
    }

    const subs = await t.db
      .selectFrom('form_submissions')
      .selectAll()
      .where('program_id', '=', program.id)
      .execute();
    expect(subs).toHaveLength(2);
    for (const s of subs) {
      expect(s).toMatchObject({ email: null, phone: null, member_input: {}, ip: null, user_agent: null });
      expect(s).toMatchObject({ confirm_ip: null, confirm_user_agent: null });
    }
    const consents = await t.db
      .selectFrom('consent_records')
      .selectAll()
      .where('member_id', '=', member.id)
      .orderBy('id')
      .execute();
    expect(consents).toHaveLength(2);
    consents.forEach((c, i) => {
      const before = consentsBefore[i]!;
      expect(c).toMatchObject({ ip: null, user_agent: null });
      expect([c.status, c.source, c.text_shown, c.recorded_at, c.channel]).toEqual([
        before.status,
        before.source,
        before.text_shown,
        before.recorded_at,
        before.channel,
      ]);
    });
    expect(consents[1]!.evidence).toEqual({ doubleOptIn: true, submissionId: 'x' });
    const tags = await t.db
      .selectFrom('member_tags')
      .selectAll()
      .where('member_id', '=', member.id)
      .execute();
    expect(tags).toEqual([]);
  });

  it('still refuses every other change to a consent record', async () => {
    const program = await makeProgram(t.db);
    const owner = await makeUser(t, program.id);
    const created = await owner.request({
      method: 'POST',
      url: `/api/programs/${program.id}/members`,
      payload: { email: `keep-${Date.now()}@example.com` },
    });
    const record = await recordConsent(t.db, t.clock, {
      programId: program.id,
      memberId: created.json().id,
      channel: 'email',
      purpose: 'marketing',
      status: 'granted',
      source: 'api',
      textShown: 'Yes please',
      ip: '198.51.100.1',
      evidence: { note: 'kept' },
    });
    const refused = [
      sql`update consent_records set status = 'withdrawn' where id = ${record.id}`,
      sql`update consent_records set text_shown = 'changed' where id = ${record.id}`,
      sql`update consent_records set ip = '10.0.0.1' where id = ${record.id}`,
      sql`update consent_records set recorded_at = now() where id = ${record.id}`,
      sql`update consent_records set evidence = '{"note":"forged"}' where id = ${record.id}`,
      sql`update consent_records set evidence = evidence || '{"extra":1}' where id = ${record.id}`,
    ];
    for (const statement of refused) {
      await expect(statement.execute(t.db)).rejects.toThrow(/append-only/);
    }
    await sql`update consent_records set ip = null, user_agent = null where id = ${record.id}`.execute(t.db);
    const row = await t.db
      .selectFrom('consent_records')
      .selectAll()
      .where('id', '=', record.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      ip: null,
      status: 'granted',
      text_shown: 'Yes please',
      evidence: { note: 'kept' },
    });
  });
});
