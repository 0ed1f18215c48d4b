import { describe, expect, it } from 'vitest';
import { makeProgram, makeUser, type Actor, type TestContext } from '../../../../test/harness.ts';
import {
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
useFormsTest('198.19.2', (context) => ({ t } = context));

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
