import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApiKey, makeProgram, makeUser, setupTest, type TestContext } from '../../../test/harness.ts';
import { startMailServer, type MailServer } from '../../../test/mail-server.ts';
import { Worker } from '../../platform/jobs/index.ts';
import { SYSTEM_ACTOR } from '../audit/index.ts';
import { createMember } from '../members/index.ts';
import { messagingJobs, queueMessage } from '../messaging/index.ts';
import { memberLinks, recordConsent } from './index.ts';

let t: TestContext;
let mail: MailServer;
beforeAll(async () => {
  t = await setupTest();
  mail = await startMailServer();
});
afterAll(async () => {
  await mail.close();
  await t.close();
});

const unique = () => Math.random().toString(36).slice(2, 10);
const ctx = () => ({ db: t.db, clock: t.clock, config: { publicUrl: 'http://moadon.test' } });

async function subscribedMember(locale = 'he') {
  const program = await makeProgram(t.db, { name: 'מועדון' });
  const member = await createMember(t.db, t.clock, SYSTEM_ACTOR, program.id, {
    email: `m-${unique()}@example.com`,
    phone: `05${Math.floor(20_000_000 + Math.random() * 79_999_999)}`,
    locale,
  });
  for (const channel of ['email', 'sms'] as const) {
    await recordConsent(t.db, t.clock, {
      programId: program.id,
      memberId: member.id,
      channel,
      purpose: 'marketing',
      status: 'granted',
      source: 'form',
      textShown: 'כן',
    });
  }
  return { program, member, links: await memberLinks(ctx(), program.id, member.id) };
}

const consentRows = (memberId: string) =>
  t.db.selectFrom('consent_records').selectAll().where('member_id', '=', memberId).orderBy('id').execute();
const path = (url: string) => url.replace('http://moadon.test', '');

describe('one-click unsubscribe', () => {
  it('follows the List-Unsubscribe link of a real e-mail with an RFC 8058 POST, at once and only once', async () => {
    const { program, member, links } = await subscribedMember();
    await queueMessage(t.db, t.clock, {
      programId: program.id,
      memberId: member.id,
      channel: 'email',
      kind: 'campaign',
      purpose: 'marketing',
      to: member.email!,
      locale: 'he',
      subject: 'מבצע',
      text: 'מבצע',
      unsubscribeUrl: links.unsubscribeUrl,
    });
    const worker = new Worker({
      db: t.db,
      clock: t.clock,
      config: { smtpUrl: mail.url },
      modules: [messagingJobs],
    });
    await worker.drain();
    const got = mail.received.find((m) => JSON.stringify(m.to).includes(member.email!))!;
    const header = got.headerLines.find((h) => h.key === 'list-unsubscribe')!.line;
    const url = /<(http[^>]+)>/.exec(header)![1]!;

    const page = await t.app.inject({ method: 'GET', url: path(url) });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<html lang="he" dir="rtl">');
    expect(page.body).toContain(member.email!);
    expect((await consentRows(member.id)).at(-1)!.status).toBe('granted'); // GET changes nothing

    const post = await t.app.inject({
      method: 'POST',
      url: path(url),
      remoteAddress: '203.0.113.9',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(post.statusCode).toBe(200);
    expect(post.body).toContain('הוסרת');
    const rows = await consentRows(member.id);
    expect(rows.at(-1)).toMatchObject({
      channel: 'email',
      status: 'withdrawn',
      source: 'unsubscribe',
      ip: '203.0.113.9',
    });
    expect(rows.filter((r) => r.channel === 'email').map((r) => r.status)).toEqual(['granted', 'withdrawn']);
    const suppression = await t.db
      .selectFrom('suppressions')
      .selectAll()
      .where('program_id', '=', program.id)
      .where('address', '=', member.email!)
      .executeTakeFirst();
    expect(suppression).toMatchObject({ channel: 'email', reason: 'unsubscribe' });

    // Gmail may send multipart/form-data, and may send it twice: both fine, nothing new recorded.
    const again = await t.app.inject({
      method: 'POST',
      url: path(url),
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      payload: '--x\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--x--\r\n',
    });
    expect(again.statusCode).toBe(200);
    expect(await consentRows(member.id)).toHaveLength(rows.length);

    // The next campaign mail is not sent.
    const next = await queueMessage(t.db, t.clock, {
      programId: program.id,
      memberId: member.id,
      channel: 'email',
      kind: 'campaign',
      purpose: 'marketing',
      to: member.email!,
      subject: 'עוד מבצע',
      text: 'עוד',
      unsubscribeUrl: links.unsubscribeUrl,
    });
    await worker.drain();
    const row = await t.db
      .selectFrom('messages')
      .select('status')
      .where('id', '=', next.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('suppressed');
  });

  it('rejects forged links', async () => {
    const { links } = await subscribedMember();
    const token = path(links.unsubscribeUrl).slice(3);
    const [body, sig] = token.split('.');
    const other = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(body!, 'base64url').toString()),
        m: '00000000-0000-4000-8000-000000000000',
      }),
    ).toString('base64url');
    for (const url of [`/u/${other}.${sig}`, `/u/${token}x`, '/u/nonsense', `/preferences/${other}.${sig}`]) {
      const res = await t.app.inject({
        method: 'POST',
        url,
        headers: { 'accept-language': 'en', 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'form=preferences',
      });
      expect(res.statusCode, url).toBe(400);
      expect(res.body).toContain('not valid');
    }
  });
});

describe('preference centre', () => {
  it('shows and changes channels and topics, in Persian, recording each change', async () => {
    const { program, member, links } = await subscribedMember('fa');
    const owner = await makeUser(t, program.id);
    const topic = await owner.request({
      method: 'POST',
      url: `/api/programs/${program.id}/lists`,
      payload: { name: 'اخبار کافه', showInPreferences: true },
    });
    await owner.request({
      method: 'POST',
      url: `/api/programs/${program.id}/lists`,
      payload: { name: 'Internal' },
    });
    const page = await t.app.inject({ method: 'GET', url: path(links.preferencesUrl) });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<html lang="fa" dir="rtl">');
    expect(page.body).toContain('اخبار کافه');
    expect(page.body).not.toContain('Internal');
    expect(page.body).toMatch(/name="channel\.email" value="yes" checked/);

    // Keep e-mail, drop SMS, allow phone calls, follow the topic.
    const save = await t.app.inject({
      method: 'POST',
      url: path(links.preferencesUrl),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        form: 'preferences',
        'channel.email': 'yes',
        'channel.phone': 'yes',
        [`topic.${topic.json().id}`]: 'yes',
      }).toString(),
    });
    expect(save.statusCode).toBe(200);
    expect(save.body).toContain('تنظیمات ذخیره شد');
    const view = await owner.request({
      method: 'GET',
      url: `/api/programs/${program.id}/members/${member.id}/membership`,
    });
    expect(
      view.json().consents.map((c: { channel: string; status: string }) => `${c.channel}:${c.status}`),
    ).toEqual(['email:granted', 'phone:granted', 'sms:withdrawn']);
    expect(view.json().lists).toMatchObject([{ name: 'اخبار کافه', status: 'subscribed' }]);
    const phone = (await consentRows(member.id)).find((r) => r.channel === 'phone')!;
    expect(phone).toMatchObject({ source: 'preference_centre', locale: 'fa' });
    expect(phone.text_shown).toContain('تماس تلفنی');

    const all = await t.app.inject({
      method: 'POST',
      url: path(links.preferencesUrl),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'form=preferences&all=unsubscribe',
    });
    expect(all.statusCode).toBe(200);
    const after = await owner.request({
      method: 'GET',
      url: `/api/programs/${program.id}/members/${member.id}/membership`,
    });
    expect(after.json().consents.every((c: { status: string }) => c.status === 'withdrawn')).toBe(true);
    expect(after.json().lists).toMatchObject([{ status: 'unsubscribed' }]);
  });
});

const multipart = (fields: Record<string, string>) => ({
  headers: { 'content-type': 'multipart/form-data; boundary=mdn' },
  payload:
    Object.entries(fields)
      .map(([k, v]) => `--mdn\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
      .join('') + '--mdn--\r\n',
});

describe('preference centre bodies', () => {
  it('reads a multipart post like the urlencoded one: the ticked channels are kept', async () => {
    const { member, links } = await subscribedMember();
    const before = await consentRows(member.id);
    const page = await t.app.inject({ method: 'GET', url: path(links.preferencesUrl) });
    expect(page.body).toContain('<input type="hidden" name="form" value="preferences">');
    const save = await t.app.inject({
      method: 'POST',
      url: path(links.preferencesUrl),
      ...multipart({ form: 'preferences', 'channel.email': 'yes', 'channel.sms': 'yes' }),
    });
    expect(save.statusCode).toBe(200);
    expect(await consentRows(member.id)).toHaveLength(before.length);
    const suppressed = await t.db
      .selectFrom('suppressions')
      .select('address')
      .where('address', 'in', [member.email!, member.phone!])
      .execute();
    expect(suppressed).toEqual([]);

    // Multipart unticking one channel withdraws exactly that one.
    await t.app.inject({
      method: 'POST',
      url: path(links.preferencesUrl),
      ...multipart({ form: 'preferences', 'channel.email': 'yes' }),
    });
    const rows = await consentRows(member.id);
    expect(rows.slice(before.length).map((r) => `${r.channel}:${r.status}`)).toEqual(['sms:withdrawn']);
  });

  it('changes nothing for a body that is not the form: empty, JSON, a file, or malformed multipart', async () => {
    const { member, links } = await subscribedMember();
    const before = await consentRows(member.id);
    const url = path(links.preferencesUrl);
    const attempts = [
      { headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' },
      { headers: { 'content-type': 'application/json' }, payload: '{}' },
      multipart({}),
      multipart({ 'channel.email': 'yes' }),
      {
        headers: { 'content-type': 'multipart/form-data; boundary=mdn' },
        payload:
          '--mdn\r\nContent-Disposition: form-data; name="form"\r\n\r\npreferences\r\n' +
          '--mdn\r\nContent-Disposition: form-data; name="f"; filename="a.txt"\r\n\r\nhi\r\n--mdn--\r\n',
      },
      { headers: { 'content-type': 'multipart/form-data' }, payload: 'no boundary' },
    ];
    for (const attempt of attempts) {
      const res = await t.app.inject({ method: 'POST', url, ...attempt });
      expect(res.statusCode, JSON.stringify(attempt)).toBe(400);
    }
    expect(await consentRows(member.id)).toHaveLength(before.length);
  });
});

describe('inbound SMS', () => {
  it('STOP, הסר and لغو withdraw SMS consent immediately; other replies are ignored', async () => {
    for (const word of ['STOP', 'הסר', 'لغو']) {
      const { program, member } = await subscribedMember();
      const provider = await makeApiKey(t, program.id, ['messaging:inbound']);
      const local = member.phone!.replace('+972', '0');
      const ignored = await provider.request({
        method: 'POST',
        url: '/webhooks/sms/inbound',
        payload: { from: member.phone, text: 'תודה!' },
      });
      expect(ignored.json()).toEqual({ action: 'ignored', members: 0 });
      // Twilio-style form post, with the number written locally.
      const res = await provider.request({
        method: 'POST',
        url: '/webhooks/sms/inbound',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({
          From: local,
          Body: ` ${word} `,
          MessageSid: 'SM123',
          AccountSid: 'AC1',
        }).toString(),
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({ action: 'unsubscribed', members: 1 });
      const sms = (await consentRows(member.id)).filter((r) => r.channel === 'sms');
      expect(sms.map((r) => r.status)).toEqual(['granted', 'withdrawn']);
      expect(sms[1]).toMatchObject({ source: 'sms_keyword', source_ref: 'SM123', text_shown: ` ${word} ` });
      const blocked = await t.db
        .selectFrom('suppressions')
        .selectAll()
        .where('program_id', '=', program.id)
        .where('channel', '=', 'sms')
        .executeTakeFirst();
      expect(blocked).toMatchObject({ address: member.phone, reason: 'unsubscribe' });
    }
  });

  it('needs an API key with messaging:inbound and a sender', async () => {
    const program = await makeProgram(t.db);
    const wrong = await makeApiKey(t, program.id, ['members:read']);
    const denied = await wrong.request({
      method: 'POST',
      url: '/webhooks/sms/inbound',
      payload: { from: '+972501234567', text: 'STOP' },
    });
    expect(denied.statusCode).toBe(403);
    const none = await t.app.inject({
      method: 'POST',
      url: '/webhooks/sms/inbound',
      payload: { from: '+972501234567', text: 'STOP' },
    });
    expect(none.statusCode).toBe(401);
    const key = await makeApiKey(t, program.id, ['messaging:inbound']);
    const bad = await key.request({
      method: 'POST',
      url: '/webhooks/sms/inbound',
      payload: { text: 'STOP' },
    });
    expect(bad.json().error.code).toBe('invalid_inbound_sms');
  });
});
