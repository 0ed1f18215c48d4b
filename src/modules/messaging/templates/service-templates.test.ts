// Service messages through editable templates: the built-ins compile in every locale, the portal's sign-in code
// arrives over real SMTP from the program's edited template in the member's language, and service mail is
// neither marketing nor counted as contact pressure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeProgram, makeUser, setupTest, type TestContext } from '../../../../test/harness.ts';
import { startMailServer, type MailServer } from '../../../../test/mail-server.ts';
import { Worker } from '../../../platform/jobs/index.ts';
import { SYSTEM_ACTOR } from '../../audit/index.ts';
import { createMember } from '../../members/index.ts';
import { marketingContactsSince, messagingJobs, SERVICE_TEMPLATE_KEYS, SERVICE_TEMPLATES } from '../index.ts';
import { TEMPLATE_LOCALES } from './filters.ts';
import { programFacts } from './service.ts';
import { checkTemplate } from './validate.ts';

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
const worker = () =>
  new Worker({
    db: t.db,
    clock: t.clock,
    config: { smtpUrl: mail.url, mailFrom: 'club@moadon.test' },
    modules: [messagingJobs],
  });

describe('service templates', () => {
  it('every built-in compiles and renders in he, fa and en with no footer and uses what it requires', async () => {
    const program = await makeProgram(t.db, { defaultRegion: 'IL' });
    const facts = await programFacts(t.db, program.id);
    for (const key of SERVICE_TEMPLATE_KEYS) {
      const d = SERVICE_TEMPLATES[key];
      for (const locale of TEMPLATE_LOCALES) expect(d.variants[locale], `${key} ${locale}`).toBeDefined();
      const draft = {
        channel: d.channel,
        purpose: 'service' as const,
        defaultLocale: d.defaultLocale,
        variants: d.variants,
      };
      // Israeli mode does not apply: these are not advertising.
      const { problems } = await checkTemplate(draft, facts, t.clock.now());
      expect(problems, key).toEqual([]);
    }
  });

  it('the sign-in code arrives over SMTP from the edited template in the member’s language; SMS too', async () => {
    const program = await makeProgram(t.db, { name: 'מועדון הקפה', defaultRegion: 'IL' });
    const owner = await makeUser(t, program.id);
    const email = `noa-${unique()}@example.com`;
    const member = await createMember(t.db, t.clock, SYSTEM_ACTOR, program.id, {
      email,
      phone: '+972541234567',
      firstName: 'נועה',
      locale: 'fa',
    });
    const save = (key: string, channel: string, fa: { subject: string | null; body: string }) =>
      owner.request({
        method: 'POST',
        url: `/api/programs/${program.id}/templates`,
        payload: { key, name: key, channel, purpose: 'service', defaultLocale: 'fa', variants: { fa } },
      });
    const emailSaved = await save('sign_in_code', 'email', {
      subject: '{{ member.first_name }}، کد شما: {{ sign_in.code }}',
      body:
        '<mjml>\n<mj-body>\n<mj-section><mj-column>\n' +
        '<mj-text>کد ورود به کافه: <b>{{ sign_in.code }}</b> — {{ sign_in.valid_minutes }} دقیقه</mj-text>\n' +
        '</mj-column></mj-section>\n</mj-body>\n</mjml>',
    });
    expect(emailSaved.statusCode, emailSaved.body).toBe(201);
    const smsSaved = await save('sign_in_code_sms', 'sms', {
      subject: null,
      body: 'کافه: {{ sign_in.code }}',
    });
    expect(smsSaved.statusCode, smsSaved.body).toBe(201);

    const ask = (body: Record<string, string>) =>
      t.app.inject({ method: 'POST', url: `/api/portal/${program.slug}/otp`, payload: body });
    expect((await ask({ email })).statusCode).toBe(202);
    await worker().drain();
    const received = mail.received.filter((m) => JSON.stringify(m.to).includes(email));
    expect(received).toHaveLength(1);
    const got = received[0]!;
    const code = /کد شما: (\d{6})/.exec(got.subject ?? '')![1]!;
    expect(got.text).toContain(`کد ورود به کافه: ${code} — 10 دقیقه`);
    expect(got.html).toContain('dir="rtl"');
    expect(got.headers.has('list-unsubscribe')).toBe(false);
    // The code signs the member in; admins never see it in the log.
    const verified = await t.app.inject({
      method: 'POST',
      url: `/api/portal/${program.slug}/otp/verify`,
      payload: { email, code },
    });
    expect(verified.statusCode, verified.body).toBe(200);
    const log = await owner.request({
      method: 'GET',
      url: `/api/programs/${program.id}/messages?memberId=${member.id}`,
    });
    expect(log.json().items).toMatchObject([{ kind: 'portal_otp', purpose: 'service', locale: 'fa' }]);
    expect(JSON.stringify(log.json())).not.toContain(code);

    expect((await ask({ phone: '054-123-4567' })).statusCode).toBe(202);
    const sms = await t.db
      .selectFrom('messages')
      .selectAll()
      .where('program_id', '=', program.id)
      .where('channel', '=', 'sms')
      .executeTakeFirstOrThrow();
    expect(sms).toMatchObject({ kind: 'portal_otp', purpose: 'service', to_address: '+972541234567' });
    expect(sms.text_body).toMatch(/^کافه: \{\{secret:0\}\}$/);

    // Service mail is not contact pressure.
    expect((await marketingContactsSince(t.db, program.id, [member.id], new Date(0))).size).toBe(0);
  });
});
