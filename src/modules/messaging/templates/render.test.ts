// The template engine without a database: filters, the sandbox's limits, errors with their lines, MJML with
// RTL and the footer, Israeli marking, locale fallback.
import { describe, expect, it } from 'vitest';
import { compileVariant, renderCompiled, type CompiledVariant, type TemplateVariant } from './compile.ts';
import { renderScope, sampleMember, SAMPLE_PER_SEND, type SenderIdentity } from './context.ts';
import { readerFormat, type TemplateLocale } from './filters.ts';
import { MAX_LOOP_ITERATIONS } from './liquid.ts';
import { checkTemplate, chooseLocale, type ProgramFacts, type TemplateDraft } from './validate.ts';

const now = new Date('2026-09-01T09:00:00Z');
const sender: SenderIdentity = {
  businessName: 'קפה לנדוור',
  address: 'דיזנגוף 100, תל אביב',
  contactEmail: 'club@example.com',
  contactPhone: '03-5551234',
};
const facts: ProgramFacts = {
  programName: 'Club',
  currency: 'ILS',
  timeZone: 'Asia/Jerusalem',
  sender,
  israeliMode: false,
};

const mjml = (inner: string) =>
  `<mjml><mj-body><mj-section><mj-column>${inner}</mj-column></mj-section></mj-body></mjml>`;

async function compile(
  variant: TemplateVariant,
  locale: TemplateLocale = 'en',
  channel: 'email' | 'sms' = 'email',
  purpose: 'marketing' | 'service' = 'service',
): Promise<CompiledVariant> {
  const result = await compileVariant({ channel, purpose, locale, variant });
  if (!result.compiled) throw new Error(JSON.stringify(result.problems));
  return result.compiled;
}

async function render(
  compiled: CompiledVariant,
  member: Partial<ReturnType<typeof sampleMember>> = {},
  perSend = SAMPLE_PER_SEND,
) {
  const m = { ...sampleMember(compiled.locale, 'Asia/Jerusalem', now), ...member };
  return renderCompiled(
    compiled,
    renderScope({
      member: m,
      sender,
      programName: 'Club',
      links: {
        portal: 'https://c.test/portal',
        unsubscribe: 'https://c.test/u/T',
        preferences: 'https://c.test/p/T',
      },
      perSend,
    }),
    readerFormat({ ...m, currency: 'ILS' }),
  );
}

const textOf = async (body: string, locale: TemplateLocale = 'en', member = {}) =>
  (await render(await compile({ subject: null, body }, locale, 'sms'), member)).text;

describe('filters', () => {
  it('writes money from minor units in the locale, with the currency of the program or the one given', async () => {
    expect(await textOf('{{ 1250 | money }}')).toMatch(/₪\s?12\.50|12\.50\s?₪/);
    expect(await textOf('{{ 1999 | money: "USD" }}')).toContain('$19.99');
    expect(await textOf('{{ 1250 | money }}', 'fa')).toContain('۱۲٫۵۰');
  });

  it('writes dates in the Hebrew calendar with Hebrew numerals and in the Jalali calendar with Persian digits', async () => {
    expect(await textOf('{{ "2026-09-12" | local_date: "date", "hebrew" }}', 'he')).toBe('א׳ בתשרי תשפ״ז');
    // A member whose calendar is Hebrew gets it without asking.
    expect(await textOf('{{ "2026-09-12" | local_date }}', 'he', { calendar: 'hebrew' })).toBe(
      'א׳ בתשרי תשפ״ז',
    );
    // fa reads the Jalali calendar by default: 1 Farvardin 1405.
    expect(await textOf('{{ "2026-03-21" | local_date }}', 'fa')).toBe('۱ فروردین ۱۴۰۵');
    expect(await textOf('{{ "2026-03-21" | local_date: "dayMonth" }}', 'en')).toBe('21 Mar');
  });

  it('writes an instant in the member’s time zone', async () => {
    // 22:30 UTC on 31 Dec is already 1 January in Jerusalem.
    expect(await textOf('{{ d | local_date }}'.replace('d', '"2026-12-31T22:30:00Z"'), 'en')).toBe(
      '1 January 2027',
    );
  });

  it('writes Persian digits for fa and leaves other locales alone', async () => {
    expect(await textOf('{{ "CODE-2026" | digits }} {{ points.balance | number }}', 'fa')).toBe(
      'CODE-۲۰۲۶ ۱٬۲۵۰',
    );
    expect(await textOf('{{ "CODE-2026" | digits }} {{ points.balance | number }}', 'he')).toBe(
      'CODE-2026 1,250',
    );
  });

  it('refuses wrong input to a filter with a clear message', async () => {
    const draft: TemplateDraft = {
      channel: 'sms',
      purpose: 'service',
      defaultLocale: 'en',
      variants: { en: { subject: null, body: 'Hi\n{{ 12.5 | money }}' } },
    };
    const { problems } = await checkTemplate(draft, facts, now);
    expect(problems).toEqual([
      expect.objectContaining({ rule: 'liquid', line: 2, message: expect.stringContaining('minor units') }),
    ]);
  });
});

describe('personalisation', () => {
  it('fills the member, points, coupon and links, with a default for a missing first name', async () => {
    const c = await compile(
      {
        subject: null,
        body: 'שלום {{ member.first_name | default: "חבר/ה" }}, {{ points.balance }} נק׳, קוד {{ coupon.code }} {{ links.referral }}',
      },
      'he',
      'sms',
    );
    expect((await render(c)).text).toBe('שלום נועה, 1250 נק׳, קוד WELCOME-7Q4K https://example.com/r/SAMPLE');
    expect((await render(c, { firstName: null })).text).toMatch(/^שלום חבר\/ה,/);
  });

  it('escapes member values in HTML but not in the text part or subject', async () => {
    const c = await compile({
      subject: 'Hi {{ member.first_name }}',
      body: mjml('<mj-text>Hi {{ member.first_name }}</mj-text>'),
    });
    const out = await render(c, { firstName: '<b>Eve</b>' });
    expect(out.html).toContain('Hi &lt;b&gt;Eve&lt;/b&gt;');
    expect(out.html).not.toContain('<b>Eve</b>');
    expect(out.subject).toBe('Hi <b>Eve</b>');
    expect(out.text).toContain('Hi <b>Eve</b>');
  });
});

describe('one evaluation per value per message', () => {
  it('still renders a variable changed between two outputs (assign, increment, liquid)', async () => {
    expect(await textOf('{% assign n = 1 %}{{ n }}{% assign n = 2 %}{{ n }}')).toBe('12');
    expect(await textOf('{% increment c %}{{ c }}{% increment c %}{{ c }}')).toBe('0112');
    expect(await textOf('{% liquid\n  assign n = 3\n%}{{ n }}{% liquid\n  assign n = 4\n%}{{ n }}')).toBe(
      '34',
    );
  });

  it('gives the same value in subject, HTML (escaped) and text, and leaves | raw unescaped', async () => {
    const c = await compile({
      subject: '{{ member.first_name }}',
      body: mjml('<mj-text>{{ member.first_name }} {{ member.first_name | raw }}</mj-text>'),
    });
    const out = await render(c, { firstName: 'A&B' });
    expect(out.subject).toBe('A&B');
    expect(out.html).toContain('A&amp;B A&B');
    expect(out.text).toContain('A&B A&B');
  });
});

describe('the sandbox', () => {
  const problemsOf = async (body: string, channel: 'email' | 'sms' = 'sms') =>
    (
      await checkTemplate(
        {
          channel,
          purpose: 'service',
          defaultLocale: 'en',
          variants: { en: { subject: channel === 'email' ? 'S' : null, body } },
        },
        facts,
        now,
      )
    ).problems;

  it('reads no files: include, render and layout are refused when parsed, mj-include too', async () => {
    for (const tag of ['{% include "/etc/passwd" %}', '{% render "x" %}', '{% layout "x" %}']) {
      expect(await problemsOf(`a\n${tag}`)).toEqual([
        expect.objectContaining({ rule: 'liquid', line: 2, message: expect.stringContaining('not allowed') }),
      ]);
    }
    const withInclude = '<mjml><mj-body>\n<mj-include path="/etc/passwd" />\n</mj-body></mjml>';
    expect(await problemsOf(withInclude, 'email')).toEqual([
      expect.objectContaining({ rule: 'mjml', line: 2, message: 'mj-include is not allowed' }),
    ]);
  });

  it('bounds loops by count, whatever their nesting', async () => {
    const limit = MAX_LOOP_ITERATIONS;
    expect(await problemsOf(`{% for i in (1..${limit}) %}.{% endfor %}`)).toEqual([]);
    expect(
      await problemsOf(
        `{% for i in (1..100) %}{% for j in (1..${limit / 100 + 1}) %}.{% endfor %}{% endfor %}`,
      ),
    ).toEqual([
      expect.objectContaining({ rule: 'limit', message: expect.stringContaining(`more than ${limit}`) }),
    ]);
  });

  it('bounds memory and output size', async () => {
    expect(await problemsOf('{% for i in (1..100000000) %}{% endfor %}')).toEqual([
      expect.objectContaining({ rule: 'limit', message: expect.stringContaining('memory') }),
    ]);
    const doubling =
      '{% assign s = "xxxxxxxxxxxxxxxx" %}{% for i in (1..17) %}{% assign s = s | append: s %}{% endfor %}{{ s }}';
    expect(await problemsOf(doubling)).toEqual([expect.objectContaining({ rule: 'limit' })]);
  });

  it('names an unknown variable and its line, in every branch, and an unknown filter', async () => {
    expect(await problemsOf('Hi\n{% if points.balance > 5 %}{{ member.frist_name }}{% endif %}')).toEqual([
      expect.objectContaining({
        rule: 'variable',
        message: 'unknown variable: member.frist_name',
        line: 2,
        column: 31,
      }),
    ]);
    expect(await problemsOf('{{ memberx }}')).toEqual([
      expect.objectContaining({ message: 'unknown variable: memberx' }),
    ]);
    expect(await problemsOf('{{ points.balance | bogus }}')).toEqual([
      expect.objectContaining({
        rule: 'liquid',
        message: expect.stringContaining('undefined filter: bogus'),
      }),
    ]);
    // Loop variables are not globals.
    expect(await problemsOf('{% for i in (1..2) %}{{ i }}{{ forloop.index }}{% endfor %}')).toEqual([]);
  });

  it('reports a Liquid syntax error with its line', async () => {
    expect(await problemsOf('one\ntwo\n{% if %}')).toEqual([
      expect.objectContaining({ rule: 'liquid', line: 3 }),
    ]);
  });
});

describe('MJML', () => {
  it('reports an MJML error at the author’s line', async () => {
    const body =
      '<mjml>\n<mj-body>\n<mj-section><mj-column>\n<mj-bogus />\n</mj-column></mj-section>\n</mj-body>\n</mjml>';
    const result = await compileVariant({
      channel: 'email',
      purpose: 'marketing',
      locale: 'he',
      variant: { subject: 's', body },
    });
    expect(result.problems).toEqual([
      expect.objectContaining({ rule: 'mjml', line: 4, message: expect.stringContaining('mj-bogus') }),
    ]);
  });

  it('refuses Liquid MJML would drop, pointing at it', async () => {
    const body = `<mjml><mj-body><mj-section><mj-column>\n{% if coupon.code %}<mj-text>{{ coupon.code }}</mj-text>{% endif %}\n</mj-column></mj-section></mj-body></mjml>`;
    const result = await compileVariant({
      channel: 'email',
      purpose: 'service',
      locale: 'en',
      variant: { subject: 's', body },
    });
    expect(result.problems).toEqual([
      expect.objectContaining({
        line: 2,
        column: 1,
        message: expect.stringContaining('{% if coupon.code %}'),
      }),
      expect.objectContaining({ line: 2, message: expect.stringContaining('{% endif %}') }),
    ]);
    // Inside mj-raw it is kept, and works.
    const kept = body
      .replace('{% if coupon.code %}', '<mj-raw>{% if coupon.code %}</mj-raw>')
      .replace('{% endif %}', '<mj-raw>{% endif %}</mj-raw>');
    const c = await compile({ subject: 's', body: kept });
    expect((await render(c)).text).toContain('WELCOME-7Q4K');
    expect((await render(c, {}, { coupon: null })).text).not.toContain('WELCOME');
  });

  it('writes Hebrew right to left, aligned right, with the footer and a text part', async () => {
    const c = await compile(
      {
        subject: 'פרסומת: מבצע',
        body: mjml(
          '<mj-text>שלום {{ member.first_name }}</mj-text><mj-button href="{{ links.portal }}">לאזור האישי</mj-button>',
        ),
      },
      'he',
      'email',
      'marketing',
    );
    const out = await render(c);
    expect(out.html).toMatch(/<html lang="he" dir="rtl"/);
    expect(out.html).toMatch(/text-align:right/);
    expect(out.html).toContain('href="https://c.test/u/T"');
    expect(out.html).toContain('הסרה מרשימת התפוצה');
    expect(out.html).toContain('דיזנגוף 100, תל אביב');
    expect(out.text).toContain('שלום נועה');
    expect(out.text).toContain('לאזור האישי [https://c.test/portal]');
    expect(out.text).toContain('הסרה מרשימת התפוצה [https://c.test/u/T]');
    expect(out.text).not.toMatch(/<[a-z]/);
    // English is left to right, and a service message has no marketing footer.
    const en = await render(await compile({ subject: 's', body: mjml('<mj-text>Hi</mj-text>') }));
    expect(en.html).toMatch(/<html lang="en" dir="ltr"/);
    expect(en.html).not.toContain('Unsubscribe');
  });
});

describe('Israeli mode', () => {
  const il = { ...facts, israeliMode: true };
  const email = (subject: string): TemplateDraft => ({
    channel: 'email',
    purpose: 'marketing',
    defaultLocale: 'he',
    variants: { he: { subject, body: mjml('<mj-text>שלום</mj-text>') } },
  });

  it('requires "פרסומת" at the start of a marketing subject and SMS', async () => {
    expect((await checkTemplate(email('פרסומת: מבצע קיץ'), il, now)).problems).toEqual([]);
    expect((await checkTemplate(email('מבצע קיץ פרסומת'), il, now)).problems).toEqual([
      expect.objectContaining({ rule: 'israeli_marking', field: 'subject', locale: 'he' }),
    ]);
    const sms: TemplateDraft = {
      channel: 'sms',
      purpose: 'marketing',
      defaultLocale: 'he',
      variants: { he: { subject: null, body: 'מבצע!' } },
    };
    expect((await checkTemplate(sms, il, now)).problems).toEqual([
      expect.objectContaining({ rule: 'israeli_marking', field: 'body' }),
    ]);
    // Not for service messages, nor outside Israeli mode.
    expect((await checkTemplate({ ...email('אישור הרשמה'), purpose: 'service' }, il, now)).problems).toEqual(
      [],
    );
    expect((await checkTemplate(email('מבצע קיץ'), facts, now)).problems).toEqual([]);
  });

  it('requires the sender’s identity and a way to reach them', async () => {
    const anonymous = {
      ...il,
      sender: { businessName: 'Club', address: null, contactEmail: null, contactPhone: null },
    };
    expect((await checkTemplate(email('פרסומת: מבצע'), anonymous, now)).problems).toEqual([
      expect.objectContaining({ rule: 'sender_identity', field: 'sender' }),
    ]);
  });

  it('adds the sender and a free way to refuse to a marketing SMS', async () => {
    const c = await compile({ subject: null, body: 'פרסומת: 20% הנחה' }, 'he', 'sms', 'marketing');
    expect((await render(c)).text).toBe('פרסומת: 20% הנחה\nקפה לנדוור. להסרה: https://c.test/u/T');
  });
});

describe('locale fallback', () => {
  it('uses the member’s locale, else the template’s default, else any variant', () => {
    expect(chooseLocale({ he: 1, en: 1 }, 'en-US', 'he')).toBe('en');
    expect(chooseLocale({ he: 1, en: 1 }, 'fa', 'he')).toBe('he');
    expect(chooseLocale({ he: 1 }, null, 'he')).toBe('he');
    expect(chooseLocale({ fa: 1 }, 'en', 'he')).toBe('fa');
  });

  it('refuses a template whose default locale has no variant', async () => {
    const draft: TemplateDraft = {
      channel: 'sms',
      purpose: 'service',
      defaultLocale: 'he',
      variants: { en: { subject: null, body: 'x' } },
    };
    expect((await checkTemplate(draft, facts, now)).problems).toEqual([
      expect.objectContaining({ rule: 'required', locale: 'he' }),
    ]);
  });
});
