import { describe, expect, it } from 'vitest';
import type { TestContext } from '../../../../test/harness.ts';
import type { MailServer } from '../../../../test/mail-server.ts';
import { findMemberByIdentity } from '../../members/index.ts';
import {
  CONSENT_HE,
  freshIp,
  hosted,
  postForm,
  postJson,
  setup,
  unique,
  useFormsTest,
  worker,
} from './test-fixtures.ts';

let t: TestContext;
let mail: MailServer;
useFormsTest('198.19.1', (context) => ({ t, mail } = context));

describe('double opt-in', () => {
  it('subscribes only after the link in the real confirmation e-mail is followed', async () => {
    const { program, form, listId } = await setup();
    const email = `dana-${unique()}@example.com`;
    const { token } = await hosted(form.id);
    t.clock.advance(8000);
    const ip = freshIp();
    const res = await postForm(
      form.id,
      { email, firstName: 'דנה', 'consent.email_marketing': 'yes', _t: token, _lang: 'he', website: '' },
      ip,
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toContain('שלחנו אליך הודעת דוא״ל');
    expect(await findMemberByIdentity(t.db, program.id, { email })).toBeUndefined();

    await worker().drain();
    const received = mail.received.filter((m) => JSON.stringify(m.to).includes(email));
    expect(received).toHaveLength(1);
    const message = received[0]!;
    expect(message.subject).toBe('אישור הרשמה למועדון קפה שלום');
    expect(message.html).toContain('dir="rtl"');
    const link = /(http:\/\/moadon\.test\/confirm\/\S+)/.exec(message.text ?? '')![1]!;
    const path = link.replace('http://moadon.test', '');

    // Opening the link (what a mail scanner does) changes nothing; the button does.
    const opened = await t.app.inject({ method: 'GET', url: path });
    expect(opened.statusCode).toBe(200);
    expect(opened.body).toContain('<form method="post"');
    expect(await findMemberByIdentity(t.db, program.id, { email })).toBeUndefined();

    const confirmed = await t.app.inject({
      method: 'POST',
      url: path,
      remoteAddress: '192.0.2.77',
      headers: { 'user-agent': 'MailApp/2' },
    });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.body).toContain('ההרשמה אושרה');
    expect(confirmed.body).toContain(`href="http://moadon.test/portal/${program.slug}"`);
    const member = (await findMemberByIdentity(t.db, program.id, { email }))!;
    expect(member).toMatchObject({ firstName: 'דנה', locale: 'he', source: 'form' });

    const consents = await t.db
      .selectFrom('consent_records')
      .selectAll()
      .where('member_id', '=', member.id)
      .execute();
    expect(consents).toHaveLength(1);
    expect(consents[0]).toMatchObject({
      channel: 'email',
      purpose: 'marketing',
      status: 'granted',
      source: 'form',
      source_ref: form.id,
      text_shown: CONSENT_HE,
      locale: 'he',
      ip,
      user_agent: 'TestBrowser/1.0',
    });
    expect(consents[0]!.evidence).toMatchObject({ doubleOptIn: true, confirmIp: '192.0.2.77' });
    const subscription = await t.db
      .selectFrom('list_members')
      .selectAll()
      .where('member_id', '=', member.id)
      .executeTakeFirstOrThrow();
    expect(subscription).toMatchObject({ list_id: listId, status: 'subscribed', source: 'form' });
    const events = await t.db
      .selectFrom('event_outbox')
      .selectAll()
      .where('member_id', '=', member.id)
      .where('type', '=', 'member.joined')
      .execute();
    expect(events).toMatchObject([
      { type: 'member.joined', payload: { formId: form.id, listIds: [listId] } },
    ]);

    // Confirming again is harmless.
    const again = await t.app.inject({ method: 'POST', url: path });
    expect(again.statusCode).toBe(200);
    expect(
      await t.db
        .selectFrom('event_outbox')
        .selectAll()
        .where('member_id', '=', member.id)
        .where('type', '=', 'member.joined')
        .execute(),
    ).toHaveLength(1);
  });

  it('sends the confirmation from the program’s edited double_opt_in template, in the signup’s language', async () => {
    const { program, owner, form } = await setup();
    const services = await owner.request({
      method: 'GET',
      url: `/api/programs/${program.id}/templates/service`,
    });
    const builtIn = services.json().items.find((i: { key: string }) => i.key === 'double_opt_in');
    expect(builtIn).toMatchObject({ channel: 'email', templateId: null, requires: ['links.confirm'] });
    const he = builtIn.variants.he;
    const saved = await owner.request({
      method: 'POST',
      url: `/api/programs/${program.id}/templates`,
      payload: {
        key: 'double_opt_in',
        name: 'אישור הרשמה שלנו',
        channel: 'email',
        purpose: 'service',
        defaultLocale: 'he',
        variants: {
          he: {
            subject: '{{ member.first_name }}, עוד צעד אחד ל{{ program.name }}',
            body: he.body.replace('כדי להשלים את ההרשמה', 'קפה חינם מחכה לך! כדי להשלים את ההרשמה'),
          },
          en: builtIn.variants.en,
        },
      },
    });
    expect(saved.statusCode, saved.body).toBe(201);
    const after = await owner.request({
      method: 'GET',
      url: `/api/programs/${program.id}/templates/service`,
    });
    expect(after.json().items.find((i: { key: string }) => i.key === 'double_opt_in').templateId).toBe(
      saved.json().id,
    );

    const send = async (lang: string) => {
      const email = `dana-${unique()}@example.com`;
      const { token } = await hosted(form.id);
      t.clock.advance(8000);
      const res = await postForm(
        form.id,
        { email, firstName: 'דנה', 'consent.email_marketing': 'yes', _t: token, _lang: lang, website: '' },
        freshIp(),
      );
      expect(res.statusCode, res.body).toBe(200);
      await worker().drain();
      const received = mail.received.filter((m) => JSON.stringify(m.to).includes(email));
      expect(received).toHaveLength(1);
      return { email, message: received[0]! };
    };
    const { email, message } = await send('he');
    expect(message.subject).toBe('דנה, עוד צעד אחד לקפה שלום');
    expect(message.text).toContain('קפה חינם מחכה לך!');
    expect(message.html).toContain('קפה חינם מחכה לך!');
    expect(message.html).toContain('dir="rtl"');
    // Service mail: no marketing footer, no List-Unsubscribe.
    expect(message.headers.has('list-unsubscribe')).toBe(false);
    expect(message.text).not.toContain('הסרה מרשימת התפוצה');
    const sentRow = await t.db
      .selectFrom('messages')
      .selectAll()
      .where('program_id', '=', program.id)
      .where('to_address', '=', email)
      .executeTakeFirstOrThrow();
    expect(sentRow).toMatchObject({ kind: 'double_opt_in', purpose: 'service', locale: 'he' });
    // The link in the edited mail still confirms.
    const link = /(http:\/\/moadon\.test\/confirm\/[^\s\]]+)/.exec(message.text ?? '')![1]!;
    const confirmed = await t.app.inject({
      method: 'POST',
      url: link.replace('http://moadon.test', ''),
      remoteAddress: '192.0.2.78',
    });
    expect(confirmed.statusCode).toBe(200);
    expect(await findMemberByIdentity(t.db, program.id, { email })).toBeDefined();

    // Persian is not in the saved template: its default locale (he) is sent; English is the saved English.
    expect((await send('fa')).message.text).toContain('קפה חינם מחכה לך!');
    expect((await send('en')).message.subject).toBe('Confirm your sign-up to קפה שלום');

    // A template under the key must stay that service message.
    const broken = await owner.request({
      method: 'PUT',
      url: `/api/programs/${program.id}/templates/${saved.json().id}`,
      payload: {
        name: 'x',
        purpose: 'service',
        defaultLocale: 'he',
        variants: {
          he: { subject: 'שלום', body: he.body.replaceAll('{{ links.confirm }}', 'https://example.com') },
        },
      },
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.details.problems).toMatchObject([
      {
        locale: 'he',
        rule: 'required_variable',
        message: 'this service message must show {{ links.confirm }}',
      },
    ]);
    const marketing = await owner.request({
      method: 'PUT',
      url: `/api/programs/${program.id}/templates/${saved.json().id}`,
      payload: { name: 'x', purpose: 'marketing', defaultLocale: 'he', variants: { he } },
    });
    expect([marketing.statusCode, marketing.json().error.code]).toEqual([400, 'service_template_mismatch']);
  });

  it('rejects expired and forged confirmation links and creates nothing', async () => {
    const { program, form } = await setup();
    const email = `late-${unique()}@example.com`;
    const { token } = await hosted(form.id, 'fa');
    t.clock.advance(5000);
    const res = await postJson(
      form.id,
      { email, 'consent.email_marketing': 'yes', _t: token, _lang: 'fa' },
      freshIp(),
    );
    expect(res.json()).toMatchObject({ status: 'confirmation_sent' });
    await worker().drain();
    const message = mail.received.find((m) => JSON.stringify(m.to).includes(email))!;
    expect(message.subject).toBe('تأیید عضویت در קפה שלום');
    const path = /http:\/\/moadon\.test(\/confirm\/\S+)/.exec(message.text ?? '')![1]!;

    const [body, signature] = path.slice('/confirm/'.length).split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(body!, 'base64url').toString()), exp: 9_999_999_999 }),
    ).toString('base64url');
    const forgedRes = await t.app.inject({
      method: 'POST',
      url: `/confirm/${forged}.${signature}`,
      headers: { 'accept-language': 'fa-IR,fa;q=0.9,en;q=0.5' },
    });
    expect(forgedRes.statusCode).toBe(400);
    expect(forgedRes.body).toContain('<html lang="fa" dir="rtl">');

    t.clock.advance(73 * 3_600_000);
    const expired = await t.app.inject({ method: 'POST', url: path });
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain('منقضی');
    expect(await findMemberByIdentity(t.db, program.id, { email })).toBeUndefined();
  });
});
