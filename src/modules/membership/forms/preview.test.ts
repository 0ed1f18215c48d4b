// The form builder's live preview: an unsaved draft rendered the way the hosted page renders it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeProgram, makeUser, setupTest, type TestContext } from '../../../../test/harness.ts';

let t: TestContext;
beforeAll(async () => {
  t = await setupTest();
});
afterAll(() => t.close());

const draft = {
  locales: ['he', 'en'],
  title: { he: 'הצטרפו למועדון', en: 'Join the club' },
  fields: [{ name: 'email', required: true }, { name: 'firstName' }],
  consents: [
    {
      key: 'email_marketing',
      channel: 'email',
      purpose: 'marketing',
      text: { he: 'אני מאשר/ת דיוור', en: 'E-mail me offers' },
    },
  ],
  listIds: [],
  doubleOptIn: false,
};

describe('form preview', () => {
  it('renders a draft in the chosen language and direction without saving it', async () => {
    const program = await makeProgram(t.db);
    const marketer = await makeUser(t, program.id, 'marketer');
    const url = `/api/programs/${program.id}/forms/preview`;
    const he = await marketer.request({ method: 'POST', url, payload: { definition: draft } });
    expect(he.statusCode, he.body).toBe(200);
    expect(he.json().locale).toBe('he');
    expect(he.json().html).toContain('<html lang="he" dir="rtl">');
    expect(he.json().html).toContain('הצטרפו למועדון');
    expect(he.json().html).toContain('אני מאשר/ת דיוור');

    const en = await marketer.request({ method: 'POST', url, payload: { definition: draft, locale: 'en' } });
    expect(en.json().html).toContain('dir="ltr"');
    expect(en.json().html).toContain('E-mail me offers');
    // A language the form does not offer falls back to its first.
    const fa = await marketer.request({ method: 'POST', url, payload: { definition: draft, locale: 'fa' } });
    expect(fa.json().locale).toBe('he');

    const forms = await marketer.request({ method: 'GET', url: `/api/programs/${program.id}/forms` });
    expect(forms.json().items).toEqual([]);
  });

  it('escapes what the draft says and refuses a malformed one', async () => {
    const program = await makeProgram(t.db);
    const owner = await makeUser(t, program.id);
    const url = `/api/programs/${program.id}/forms/preview`;
    const evil = { ...draft, title: { he: '<script>alert(1)</script>' } };
    const res = await owner.request({ method: 'POST', url, payload: { definition: evil } });
    expect(res.json().html).not.toContain('<script>alert');
    const bad = await owner.request({ method: 'POST', url, payload: { definition: { locales: [] } } });
    expect(bad.statusCode).toBe(400);
  });
});
