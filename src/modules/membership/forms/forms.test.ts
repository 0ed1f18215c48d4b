import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeProgram, makeUser, setupTest, type Actor, type TestContext } from '../../../../test/harness.ts';
import { startMailServer, type MailServer } from '../../../../test/mail-server.ts';
import { Worker } from '../../../platform/jobs/index.ts';
import { SYSTEM_ACTOR } from '../../audit/index.ts';
import { createMember, findMemberByIdentity } from '../../members/index.ts';
import { messagingJobs } from '../../messaging/index.ts';
import { createEarningRule } from '../../loyalty/index.ts';

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
let ipCounter = 1;
const freshIp = () => `198.51.100.${ipCounter++}`;
const worker = () =>
  new Worker({
    db: t.db,
    clock: t.clock,
    config: { smtpUrl: mail.url, mailFrom: 'club@moadon.test' },
    modules: [messagingJobs],
  });

const CONSENT_HE = 'אני מאשר/ת לקבל מ״קפה שלום״ דיוור שיווקי בדוא״ל, ואפשר להסיר בכל עת.';
const CONSENT_FA = 'موافقم ایمیل‌های تبلیغاتی «کافه سلام» را دریافت کنم و هر زمان می‌توانم لغو کنم.';
const CONSENT_EN = 'Yes, e-mail me offers from Café Shalom. I can unsubscribe at any time.';

async function setup(overrides: Record<string, unknown> = {}) {
  const program = await makeProgram(t.db, { name: 'קפה שלום' });
  const owner = await makeUser(t, program.id);
  const list = await owner.request({
    method: 'POST',
    url: `/api/programs/${program.id}/lists`,
    payload: { name: 'הרשמות מהאתר' },
  });
  const res = await owner.request({
    method: 'POST',
    url: `/api/programs/${program.id}/forms`,
    payload: {
      name: 'Website',
      definition: {
        locales: ['he', 'fa', 'en'],
        fields: [
          { name: 'email', required: true },
          { name: 'firstName' },
          { name: 'phone' },
          { name: 'birthday' },
        ],
        consents: [
          {
            key: 'email_marketing',
            channel: 'email',
            purpose: 'marketing',
            required: true,
            text: { he: CONSENT_HE, fa: CONSENT_FA, en: CONSENT_EN },
          },
        ],
        listIds: [list.json().id],
        doubleOptIn: true,
        ...overrides,
      },
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return { program, owner, form: res.json(), listId: list.json().id as string };
}

async function hosted(formId: string, lang?: string) {
  const res = await t.app.inject({ method: 'GET', url: `/f/${formId}${lang ? `?lang=${lang}` : ''}` });
  const token = /name="_t" value="([^"]+)"/.exec(res.body)?.[1];
  return { res, token: token! };
}

function postForm(formId: string, fields: Record<string, string>, ip: string) {
  return t.app.inject({
    method: 'POST',
    url: `/f/${formId}/submit`,
    remoteAddress: ip,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'user-agent': 'TestBrowser/1.0',
    },
    payload: new URLSearchParams(fields).toString(),
  });
}

function postJson(
  formId: string,
  body: Record<string, unknown>,
  ip: string,
  origin = 'https://shop.example',
) {
  return t.app.inject({
    method: 'POST',
    url: `/f/${formId}/submit`,
    remoteAddress: ip,
    headers: { origin },
    payload: body,
  });
}

const submissions = (formId: string) =>
  t.db.selectFrom('form_submissions').selectAll().where('form_id', '=', formId).execute();

describe('hosted signup page', () => {
  it('renders Hebrew and Persian right to left and English left to right, with labels and exact consent text', async () => {
    const { form } = await setup();
    const he = await hosted(form.id);
    expect(he.res.statusCode).toBe(200);
    expect(he.res.headers['content-type']).toContain('text/html');
    expect(he.res.body).toContain('<html lang="he" dir="rtl">');
    expect(he.res.body).toMatch(/<label for="(mdn-[^"]+-email)">דוא״ל <span aria-hidden="true">\*<\/span>/);
    const emailId = /<label for="(mdn-[^"]+-email)">/.exec(he.res.body)![1];
    expect(he.res.body).toContain(`id="${emailId}" name="email"`);
    expect(he.res.body).toContain(CONSENT_HE);
    expect(he.res.body).toContain('name="website"');
    expect(he.res.body).not.toMatch(/type="checkbox"[^>]*checked/); // consent boxes start unticked
    const fa = await hosted(form.id, 'fa');
    expect(fa.res.body).toContain('<html lang="fa" dir="rtl">');
    expect(fa.res.body).toContain(CONSENT_FA);
    expect(fa.res.body).toContain('ایمیل');
    const en = await hosted(form.id, 'en');
    expect(en.res.body).toContain('<html lang="en" dir="ltr">');
    expect(en.res.body).toContain('Café Shalom');
    const missing = await t.app.inject({ method: 'GET', url: '/f/00000000-0000-4000-8000-000000000000' });
    expect(missing.statusCode).toBe(404);
  });
});

describe('multipart submissions', () => {
  it('reads a multipart/form-data post like the urlencoded one, consent boxes included', async () => {
    const { form } = await setup();
    const email = `multi-${unique()}@example.com`;
    const { token } = await hosted(form.id);
    t.clock.advance(8000);
    const fields = { email, 'consent.email_marketing': 'yes', _t: token, _lang: 'he', website: '' };
    const res = await t.app.inject({
      method: 'POST',
      url: `/f/${form.id}/submit`,
      remoteAddress: freshIp(),
      headers: { 'content-type': 'multipart/form-data; boundary=mdn' },
      payload:
        Object.entries(fields)
          .map(([k, v]) => `--mdn\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
          .join('') + '--mdn--\r\n',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toContain('שלחנו אליך הודעת דוא״ל');
    const [submission] = await submissions(form.id).then((rows) =>
      rows.filter((r) => JSON.stringify(r).includes(email)),
    );
    expect(submission).toBeDefined();
  });
});

describe('thank-you page', () => {
  it('says thank you once, shows the welcome points and links to the club portal, in the form language', async () => {
    const { program, form } = await setup({ doubleOptIn: false });
    await createEarningRule(t.db, t.clock, SYSTEM_ACTOR, program.id, {
      name: 'Welcome',
      trigger: 'event',
      event: 'signup',
      effect: { type: 'bonus', points: 50 },
    });
    for (const [lang, points] of [
      ['he', 'כבר יש לך 50 נקודות במועדון.'],
      ['fa', 'هم‌اکنون ۵۰ امتیاز در باشگاه دارید.'],
    ] as const) {
      const { token } = await hosted(form.id, lang);
      t.clock.advance(8000);
      const res = await postForm(
        form.id,
        { email: `thanks-${unique()}@example.com`, 'consent.email_marketing': 'yes', _t: token, _lang: lang },
        freshIp(),
      );
      expect(res.statusCode, res.body).toBe(200);
      const thanks = lang === 'he' ? 'תודה! נרשמת בהצלחה.' : 'متشکریم! عضویت شما ثبت شد.';
      expect(res.body.split(thanks)).toHaveLength(2);
      expect(res.body).toContain(points);
      expect(res.body).toContain(`href="http://moadon.test/portal/${program.slug}"`);
    }
  });
});

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

describe('single opt-in through the embed (JSON, cross-origin)', () => {
  it('subscribes at once, records consent and emits member.joined', async () => {
    const { program, form } = await setup({
      doubleOptIn: false,
      thankYou: { redirectUrl: 'https://shop.example/thanks' },
    });
    const email = `noa-${unique()}@example.com`;
    const { token } = await hosted(form.id, 'en');
    t.clock.advance(4000);
    const res = await postJson(
      form.id,
      {
        email,
        phone: '050-123-4567',
        birthday: '1990-02-28',
        'consent.email_marketing': 'yes',
        _t: token,
        _lang: 'en',
        website: '',
      },
      freshIp(),
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.json()).toMatchObject({ status: 'subscribed', redirectUrl: 'https://shop.example/thanks' });
    const member = (await findMemberByIdentity(t.db, program.id, { email }))!;
    expect(member).toMatchObject({ phone: '+972501234567', birthday: '1990-02-28', locale: 'en' });
    const consent = await t.db
      .selectFrom('consent_records')
      .selectAll()
      .where('member_id', '=', member.id)
      .executeTakeFirstOrThrow();
    expect(consent).toMatchObject({ text_shown: CONSENT_EN, locale: 'en' });
    expect(consent.evidence).toMatchObject({ doubleOptIn: false });
    const joined = await t.db
      .selectFrom('event_outbox')
      .select('type')
      .where('member_id', '=', member.id)
      .where('type', 'like', 'member.%')
      .orderBy('id')
      .execute();
    expect(joined).toEqual([{ type: 'member.created' }, { type: 'member.joined' }]);
  });

  it('does not let a signup overwrite an existing member\u2019s details', async () => {
    const { program, form } = await setup({ doubleOptIn: false });
    const email = `dana-${unique()}@example.com`;
    const existing = await createMember(t.db, t.clock, SYSTEM_ACTOR, program.id, {
      email,
      firstName: 'Dana',
    });
    const { token } = await hosted(form.id);
    t.clock.advance(4000);
    const res = await postJson(
      form.id,
      { email, firstName: 'Mallory', phone: '0521234567', 'consent.email_marketing': 'yes', _t: token },
      freshIp(),
    );
    expect(res.statusCode).toBe(200);
    const after = (await findMemberByIdentity(t.db, program.id, { email }))!;
    expect(after).toMatchObject({ id: existing.id, firstName: 'Dana', phone: '+972521234567' });
  });

  it('serves the embed script with the form, a fresh token and CORS; preflight works; admin API has no CORS', async () => {
    const { program, owner, form } = await setup();
    const script = await t.app.inject({
      method: 'GET',
      url: `/f/${form.id}/embed.js?lang=fa`,
      headers: { origin: 'https://shop.example' },
    });
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toContain('application/javascript');
    expect(script.headers['access-control-allow-origin']).toBe('*');
    expect(script.headers['cache-control']).toBe('no-store');
    expect(script.body).toContain('attachShadow');
    expect(script.body).toContain('http://moadon.test/f/' + form.id + '/submit');
    expect(script.body).toContain('dir=\\"rtl\\"');
    expect(script.body).not.toContain('</script');
    const preflight = await t.app.inject({
      method: 'OPTIONS',
      url: `/f/${form.id}/submit`,
      headers: {
        origin: 'https://shop.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('*');
    expect(preflight.headers['access-control-allow-headers']).toContain('content-type');
    const admin = await owner.request({
      method: 'GET',
      url: `/api/programs/${program.id}/forms/${form.id}`,
      headers: { origin: 'https://shop.example' },
    });
    expect(admin.statusCode).toBe(200);
    expect(admin.headers['access-control-allow-origin']).toBeUndefined();
    expect(admin.json().urls.embedSnippet).toBe(
      `<script src="http://moadon.test/f/${form.id}/embed.js" async></script>`,
    );
  });
});

describe('spam protection and bad input', () => {
  it('silently drops a filled honeypot, a too-fast post and a forged timing token', async () => {
    const { form } = await setup({ doubleOptIn: false });
    const { token } = await hosted(form.id);
    const base = { email: `bot-${unique()}@example.com`, 'consent.email_marketing': 'yes' };
    t.clock.advance(1000); // filled in one second: too fast (minimum 3 s by default)
    const fast = await postJson(form.id, { ...base, _t: token }, freshIp());
    expect(fast.json()).toMatchObject({ status: 'subscribed' });
    t.clock.advance(10_000);
    const honeypot = await postJson(
      form.id,
      { ...base, _t: token, website: 'http://spam.example' },
      freshIp(),
    );
    expect(honeypot.json()).toMatchObject({ status: 'subscribed' });
    const forged = await postJson(form.id, { ...base, _t: `${token.split('.')[0]}.AAAA` }, freshIp());
    expect(forged.statusCode).toBe(200);
    expect(await submissions(form.id)).toHaveLength(0);
    expect(
      await t.db.selectFrom('members').select('id').where('email', '=', base.email).execute(),
    ).toHaveLength(0);
  });

  it('limits submissions per IP', async () => {
    const { form } = await setup({ doubleOptIn: false });
    const ip = freshIp();
    const { token } = await hosted(form.id);
    t.clock.advance(5000);
    for (let i = 0; i < 10; i++) {
      const ok = await postJson(
        form.id,
        { email: `p${i}-${unique()}@example.com`, 'consent.email_marketing': 'yes', _t: token },
        ip,
      );
      expect(ok.statusCode, ok.body).toBe(200);
    }
    const limited = await postJson(
      form.id,
      { email: `p-${unique()}@example.com`, 'consent.email_marketing': 'yes', _t: token },
      ip,
    );
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('rate_limited');
    expect(limited.headers['retry-after']).toBe('600');
    expect(limited.headers['access-control-allow-origin']).toBe('*');
    const other = await postJson(
      form.id,
      { email: `q-${unique()}@example.com`, 'consent.email_marketing': 'yes', _t: token },
      freshIp(),
    );
    expect(other.statusCode).toBe(200);
    t.clock.advance(11 * 60_000);
    const later = await postJson(
      form.id,
      { email: `r-${unique()}@example.com`, 'consent.email_marketing': 'yes', _t: token },
      ip,
    );
    expect(later.statusCode).toBe(200);
  });

  it('accepts exactly the allowed number of submissions from one IP in a concurrent burst', async () => {
    const { form } = await setup({ doubleOptIn: false });
    const ip = freshIp();
    const { token } = await hosted(form.id);
    t.clock.advance(5000);
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        postJson(
          form.id,
          { email: `burst${i}-${unique()}@example.com`, 'consent.email_marketing': 'yes', _t: token },
          ip,
        ),
      ),
    );
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(10);
    expect(results.filter((r) => r.statusCode === 429)).toHaveLength(50);
    expect(await submissions(form.id)).toHaveLength(10);
  });

  it('answers bad input with clear, localised errors and stores nothing', async () => {
    const { form } = await setup();
    const { token } = await hosted(form.id);
    t.clock.advance(5000);
    const bad = await postJson(form.id, { email: 'not-an-email', _t: token, _lang: 'he' }, freshIp());
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({
      code: 'invalid_submission',
      details: {
        fields: {
          email: 'כתובת הדוא״ל אינה תקינה.',
          'consent.email_marketing': 'יש לסמן את התיבה כדי להמשיך.',
        },
      },
    });
    const unknown = await postJson(form.id, { email: 'a@example.com', favourite: 'x', _t: token }, freshIp());
    expect(unknown.json().error).toMatchObject({ code: 'unknown_field', details: { field: 'favourite' } });
    const html = await postForm(
      form.id,
      { email: 'a@b', firstName: 'רון', _t: token, _lang: 'he' },
      freshIp(),
    );
    expect(html.statusCode).toBe(400);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.body).toContain('aria-invalid="true"');
    expect(html.body).toContain('value="רון"');
    expect(html.body).toContain('role="alert"');
    expect(await submissions(form.id)).toHaveLength(0);
  });
});

describe('form definitions', () => {
  async function attempt(owner: Actor, programId: string, definition: Record<string, unknown>) {
    return owner.request({
      method: 'POST',
      url: `/api/programs/${programId}/forms`,
      payload: { name: 'X', definition },
    });
  }

  it('refuses definitions that cannot work', async () => {
    const program = await makeProgram(t.db);
    const owner = await makeUser(t, program.id);
    const consent = { key: 'm', channel: 'email', purpose: 'marketing', text: { he: 'כן' } };
    const noEmail = await attempt(owner, program.id, {
      locales: ['he'],
      fields: [{ name: 'phone' }],
      consents: [],
      listIds: [],
      doubleOptIn: true,
    });
    expect(noEmail.json().error.code).toBe('invalid_form');
    const missingText = await attempt(owner, program.id, {
      locales: ['he', 'fa'],
      fields: [{ name: 'email', required: true }],
      consents: [consent],
      listIds: [],
      doubleOptIn: false,
    });
    expect(missingText.json().error.message).toContain('"fa"');
    const unknownList = await attempt(owner, program.id, {
      locales: ['he'],
      fields: [{ name: 'email', required: true }],
      consents: [],
      listIds: ['00000000-0000-4000-8000-000000000000'],
      doubleOptIn: false,
    });
    expect(unknownList.statusCode).toBe(404);
    const unknownAttr = await attempt(owner, program.id, {
      locales: ['he'],
      fields: [{ name: 'email' }, { name: 'attributes.shoe_size' }],
      consents: [],
      listIds: [],
      doubleOptIn: false,
    });
    expect(unknownAttr.json().error.message).toContain('shoe_size');
    const forms = await owner.request({ method: 'GET', url: `/api/programs/${program.id}/forms` });
    expect(forms.json().items).toEqual([]);
  });
});
