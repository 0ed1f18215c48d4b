import { describe, expect, it } from 'vitest';
import type { TestContext } from '../../../../test/harness.ts';
import { SYSTEM_ACTOR } from '../../audit/index.ts';
import { createMember, findMemberByIdentity } from '../../members/index.ts';
import { createEarningRule } from '../../loyalty/index.ts';
import {
  CONSENT_EN,
  CONSENT_FA,
  CONSENT_HE,
  freshIp,
  hosted,
  postForm,
  postJson,
  setup,
  submissions,
  unique,
  useFormsTest,
} from './test-fixtures.ts';

let t: TestContext;
useFormsTest('198.51.100', (context) => ({ t } = context));

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
