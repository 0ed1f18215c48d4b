// A member who did everything — a double opt-in signup, a portal sign-in code, purchases, a refund and an
// adjustment whose reasons name them, tracked events, messages — is erased, and then every text column of every
// table is searched for what they gave us. The data export before it must show every place their data was.
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApiKey, makeProgram, makeUser, setupTest, type TestContext } from '../../../test/harness.ts';
import { Worker } from '../../platform/jobs/index.ts';
import { clubJobs } from '../../app/index.ts';
import { REDACTED, deliverableMessage, queueMessage } from '../messaging/index.ts';

let t: TestContext;
beforeAll(async () => {
  t = await setupTest();
});
afterAll(() => t.close());

const letters = (n: number) =>
  Array.from(crypto.randomBytes(n), (b) => String.fromCharCode(97 + (b % 26))).join('');

/** For each value, every table.column whose text (cast from any type) contains it, case-insensitively. */
async function whereFound(values: string[]): Promise<Record<string, string[]>> {
  const columns = await sql<{ table_name: string; column_name: string }>`
    select c.table_name, c.column_name from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
      and c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb', 'inet', 'cidr', 'ARRAY', 'USER-DEFINED')
    order by 1, 2`.execute(t.db);
  const found: Record<string, string[]> = {};
  for (const { table_name, column_name } of columns.rows) {
    const hits = await sql<{ needle: string }>`
      select needle from unnest(${sql.val(values)}::text[]) as needle
      where exists (
        select 1 from ${sql.table(table_name)}
        where ${sql.ref(column_name)}::text ilike '%' || needle || '%'
      )`.execute(t.db);
    for (const { needle } of hits.rows) (found[needle] ??= []).push(`${table_name}.${column_name}`);
  }
  return found;
}

const uniqueIp = () =>
  ['2001', 'db8', ...Array.from({ length: 6 }, () => crypto.randomInt(0x1000, 0x10000).toString(16))].join(
    ':',
  );

describe('erasure covers every table', () => {
  it('leaves none of the values of a member who did everything in any text column', async () => {
    const program = await makeProgram(t.db, { defaultRegion: 'IL', currency: 'ILS' });
    const owner = await makeUser(t, program.id, 'owner');
    const tag = letters(10);
    const person = {
      email: `erase-${tag}@example.com`,
      firstName: `Yael${letters(6)}`,
      lastName: `Mizrahi${letters(6)}`,
      phone: `05${2 + (crypto.randomBytes(1)[0]! % 7)}${String(crypto.randomInt(1_000_000, 9_999_999))}`,
      externalId: `ext-${tag}`,
      // Addresses no other test uses (other files share the database and sign in from 198.51.100.x), written in
      // full so that no stored form of one contains another.
      signupIp: uniqueIp(),
      confirmIp: uniqueIp(),
      portalIp: uniqueIp(),
      eventIp: uniqueIp(),
      userAgent: `Browser-${tag}/1.0`,
      anonymousId: `anon-${tag}`,
    };

    // A double opt-in form: the confirmation e-mail is queued before the member exists.
    const form = await owner.request({
      method: 'POST',
      url: `/api/programs/${program.id}/forms`,
      payload: {
        name: 'Signup',
        definition: {
          locales: ['he'],
          fields: [
            { name: 'email', required: true },
            { name: 'firstName' },
            { name: 'lastName' },
            { name: 'phone' },
          ],
          consents: [
            { key: 'news', channel: 'email', purpose: 'marketing', required: true, text: { he: 'כן' } },
          ],
          listIds: [],
          doubleOptIn: true,
        },
      },
    });
    expect(form.statusCode, form.body).toBe(201);
    const page = await t.app.inject({ method: 'GET', url: `/f/${form.json().id}` });
    const token = /name="_t" value="([^"]+)"/.exec(page.body)![1]!;
    t.clock.advance(8000);
    const submitted = await t.app.inject({
      method: 'POST',
      url: `/f/${form.json().id}/submit`,
      remoteAddress: person.signupIp,
      headers: { origin: 'https://shop.example', 'user-agent': person.userAgent },
      payload: {
        email: person.email,
        firstName: person.firstName,
        lastName: person.lastName,
        phone: person.phone,
        'consent.news': 'yes',
        _t: token,
        _lang: 'he',
      },
    });
    expect(submitted.statusCode, submitted.body).toBe(200);
    await new Worker({ db: t.db, clock: t.clock, modules: clubJobs }).drain();
    const confirmation = await t.db
      .selectFrom('messages')
      .select(['id', 'text_body', 'member_id'])
      .where('program_id', '=', program.id)
      .where('to_address', '=', person.email)
      .executeTakeFirstOrThrow();
    expect(confirmation.member_id).toBeNull();
    const link = /\/confirm\/\S+/.exec((await deliverableMessage(t.db, confirmation.id)).text)![0];
    const confirmed = await t.app.inject({
      method: 'POST',
      url: link,
      remoteAddress: person.confirmIp,
      headers: { 'user-agent': person.userAgent },
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const member = await t.db
      .selectFrom('members')
      .select(['id', 'phone'])
      .where('program_id', '=', program.id)
      .where('email', '=', person.email)
      .executeTakeFirstOrThrow();

    // A portal sign-in code.
    const otp = await t.app.inject({
      method: 'POST',
      url: `/api/portal/${program.slug}/otp`,
      remoteAddress: person.portalIp,
      payload: { email: person.email },
    });
    expect(otp.statusCode, otp.body).toBe(202);

    // Tracked events: identify (which gives the external id) and track, with IP, user agent and anonymous id.
    const { key } = await makeApiKey(t, program.id, ['ingest:write']);
    const ingest = (url: string, payload: unknown) =>
      t.app.inject({
        method: 'POST',
        url,
        headers: { authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` },
        payload: payload as Record<string, unknown>,
      });
    const context = { ip: person.eventIp, userAgent: person.userAgent };
    const identified = await ingest('/v1/identify', {
      userId: person.externalId,
      anonymousId: person.anonymousId,
      traits: { email: person.email, firstName: person.firstName },
      context,
    });
    expect(identified.statusCode, identified.body).toBeLessThan(300);
    await ingest('/v1/track', {
      userId: person.externalId,
      event: 'Product Viewed',
      properties: { note: `for ${person.firstName}` },
      context,
    });

    // Purchases, a refund and an adjustment whose reasons staff typed with the member's name.
    const api = await makeApiKey(t, program.id, ['purchases:write', 'points:adjust']);
    const purchase = await api.request({
      method: 'POST',
      url: `/api/programs/${program.id}/purchases`,
      payload: { orderId: `o-${tag}`, memberId: member.id, total: 120_000, currency: 'ILS' },
    });
    expect(purchase.statusCode, purchase.body).toBe(201);
    const refund = await api.request({
      method: 'POST',
      url: `/api/programs/${program.id}/purchases/o-${tag}/refunds`,
      payload: { amount: 20_000, reason: `${person.firstName} ${person.lastName} returned a chair` },
    });
    expect(refund.statusCode, refund.body).toBe(201);
    const adjusted = await api.request({
      method: 'POST',
      url: `/api/programs/${program.id}/members/${member.id}/adjustments`,
      payload: { points: 50, reason: `Sorry ${person.firstName}, ${person.email}` },
    });
    expect(adjusted.statusCode, adjusted.body).toBeLessThan(300);

    // A marketing message.
    await queueMessage(t.db, t.clock, {
      programId: program.id,
      memberId: member.id,
      channel: 'email',
      kind: 'campaign',
      purpose: 'marketing',
      to: person.email,
      subject: `Hello ${person.firstName}`,
      text: `Dear ${person.firstName} ${person.lastName}`,
      unsubscribeUrl: 'https://club.example/u/x',
    });
    await new Worker({ db: t.db, clock: t.clock, modules: clubJobs }).drain();

    const values = [
      person.email,
      person.firstName,
      person.lastName,
      member.phone!,
      person.externalId,
      person.signupIp,
      person.confirmIp,
      person.portalIp,
      person.eventIp,
      person.userAgent,
      person.anonymousId,
    ];
    // Before: the data export holds every place the person's data is.
    const exported = await owner.request({
      method: 'GET',
      url: `/api/programs/${program.id}/members/${member.id}/data-export`,
    });
    expect(exported.statusCode).toBe(200);
    const data = exported.json().data;
    // As stored, with the confirmation token hidden (messaging/secrets.ts).
    expect(data.messages.map((m: { text_body: string }) => m.text_body)).toContain(
      confirmation.text_body.replace(/\{\{secret:\d+\}\}/g, REDACTED),
    );
    expect(data.membership.memberEvents.length).toBeGreaterThan(0);
    expect(JSON.stringify(data.portal)).toContain(person.portalIp);
    const before = await whereFound(values);
    for (const value of values) {
      expect(before[value], value).toBeDefined();
      expect(JSON.stringify(data), `${value} (in ${before[value]!.join(', ')})`).toContain(value);
    }

    const erased = await owner.request({
      method: 'POST',
      url: `/api/programs/${program.id}/members/${member.id}/erase`,
    });
    expect(erased.statusCode, erased.body).toBe(200);
    expect(await whereFound(values)).toEqual({});
  }, 120_000);
});
