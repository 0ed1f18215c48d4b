// Templates through the HTTP API on a real database: save (checked), Israeli mode, preview with the sample or a
// real member, locale fallback, test send through the normal send path.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeProgram, makeUser, setupTest, type Actor, type TestContext } from '../../../../test/harness.ts';
import { startMailServer, type MailServer } from '../../../../test/mail-server.ts';
import { Worker } from '../../../platform/jobs/index.ts';
import type { AuditActor } from '../../audit/index.ts';
import { adjustPoints } from '../../loyalty/index.ts';
import { createMember } from '../../members/index.ts';
import { messagingJobs } from '../index.ts';

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

const system: AuditActor = { type: 'system', id: null, ip: null, requestId: null };

const mjml = (inner: string) =>
  `<mjml>\n<mj-body>\n<mj-section><mj-column>\n${inner}\n</mj-column></mj-section>\n</mj-body>\n</mjml>`;

const newsletter = {
  key: 'newsletter',
  name: 'ניוזלטר',
  channel: 'email',
  purpose: 'marketing',
  defaultLocale: 'he',
  variants: {
    he: {
      subject:
        'פרסומת: {{ member.first_name | default: "חבר/ה" }}, יש לך {{ points.balance | number }} נקודות',
      body: mjml(
        '<mj-text>שלום {{ member.first_name | default: "חבר/ה" }}, בדרגת {{ member.tier_name }}</mj-text>\n' +
          '<mj-text>{{ points.expiring | number }} נקודות יפוגו</mj-text>',
      ),
    },
    en: {
      subject: 'פרסומת: Hello {{ member.first_name | default: "friend" }}',
      body: mjml('<mj-text>Hello {{ member.first_name | default: "friend" }}</mj-text>'),
    },
  },
};

async function israeliClub(): Promise<{ programId: string; owner: Actor }> {
  const program = await makeProgram(t.db, { defaultRegion: 'IL', defaultLocale: 'he', currency: 'ILS' });
  const owner = await makeUser(t, program.id);
  const res = await owner.request({
    method: 'PUT',
    url: `/api/programs/${program.id}/sender-profile`,
    payload: {
      businessName: 'קפה לנדוור',
      address: 'דיזנגוף 100, תל אביב',
      contactEmail: 'club@example.com',
      contactPhone: null,
      israeliMode: null,
    },
  });
  expect(res.statusCode).toBe(200);
  expect(res.json()).toMatchObject({ israeliMode: true, israeliModeSetting: null });
  return { programId: program.id, owner };
}

const templateCount = async (programId: string) =>
  (await t.db.selectFrom('message_templates').select('id').where('program_id', '=', programId).execute())
    .length;

describe('templates', () => {
  it('saves a checked template, audited, and lists, reads, changes and deletes it', async () => {
    const { programId, owner } = await israeliClub();
    const created = await owner.request({
      method: 'POST',
      url: `/api/programs/${programId}/templates`,
      payload: newsletter,
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    expect(created.json()).toMatchObject({ key: 'newsletter', channel: 'email', defaultLocale: 'he' });

    const list = await owner.request({ method: 'GET', url: `/api/programs/${programId}/templates` });
    expect(list.json().items.map((i: { id: string }) => i.id)).toEqual([id]);

    const again = await owner.request({
      method: 'POST',
      url: `/api/programs/${programId}/templates`,
      payload: newsletter,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('template_key_taken');

    const { key: _key, channel: _channel, ...draft } = newsletter;
    const changed = await owner.request({
      method: 'PUT',
      url: `/api/programs/${programId}/templates/${id}`,
      payload: { ...draft, name: 'Newsletter' },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().name).toBe('Newsletter');

    const deleted = await owner.request({
      method: 'DELETE',
      url: `/api/programs/${programId}/templates/${id}`,
    });
    expect(deleted.statusCode).toBe(204);
    const gone = await owner.request({ method: 'GET', url: `/api/programs/${programId}/templates/${id}` });
    expect(gone.json().error.code).toBe('template_not_found');

    const audit = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('program_id', '=', programId)
      .where('entity_id', '=', id)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['template.created', 'template.updated', 'template.deleted']);
  });

  it('refuses on save, with the line, a Liquid error, an unknown variable and an MJML error — and writes nothing', async () => {
    const { programId, owner } = await israeliClub();
    const save = (he: { subject: string; body: string }) =>
      owner.request({
        method: 'POST',
        url: `/api/programs/${programId}/templates`,
        payload: { ...newsletter, variants: { he } },
      });
    const syntax = await save({ subject: 'פרסומת: x', body: mjml('<mj-text>{% if %}</mj-text>') });
    expect(syntax.statusCode).toBe(400);
    expect(syntax.json().error).toMatchObject({
      code: 'template_invalid',
      details: { problems: [{ locale: 'he', field: 'body', rule: 'liquid', line: 4 }] },
    });
    const unknown = await save({ subject: 'פרסומת: {{ member.nmae }}', body: mjml('<mj-text>x</mj-text>') });
    expect(unknown.json().error.details.problems).toEqual([
      expect.objectContaining({
        field: 'subject',
        rule: 'variable',
        message: 'unknown variable: member.nmae',
        line: 1,
      }),
    ]);
    expect(unknown.json().error.message).toContain('member.nmae');
    const badMjml = await save({ subject: 'פרסומת: x', body: mjml('<mj-txet>x</mj-txet>') });
    expect(badMjml.json().error.details.problems).toEqual([
      expect.objectContaining({ rule: 'mjml', line: 4, message: expect.stringContaining('mj-txet') }),
    ]);
    expect(await templateCount(programId)).toBe(0);
  });

  it('Israeli mode: a marketing template without "פרסומת" or without the sender’s details cannot be saved', async () => {
    const { programId, owner } = await israeliClub();
    const unmarked = await owner.request({
      method: 'POST',
      url: `/api/programs/${programId}/templates`,
      payload: { ...newsletter, variants: { he: { ...newsletter.variants.he, subject: 'מבצע קיץ' } } },
    });
    expect(unmarked.statusCode).toBe(400);
    expect(unmarked.json().error.details.problems).toEqual([
      expect.objectContaining({ rule: 'israeli_marking', field: 'subject', locale: 'he' }),
    ]);
    const sms = await owner.request({
      method: 'POST',
      url: `/api/programs/${programId}/templates`,
      payload: {
        key: 'sms',
        name: 'SMS',
        channel: 'sms',
        purpose: 'marketing',
        defaultLocale: 'he',
        variants: { he: { subject: null, body: '20% הנחה' } },
      },
    });
    expect(sms.json().error.details.problems).toEqual([
      expect.objectContaining({ rule: 'israeli_marking', field: 'body' }),
    ]);

    // A club in Israel with no contact details yet: the footer could not say who sends it.
    const bare = await makeProgram(t.db, { defaultRegion: 'IL' });
    const bareOwner = await makeUser(t, bare.id);
    const anonymous = await bareOwner.request({
      method: 'POST',
      url: `/api/programs/${bare.id}/templates`,
      payload: newsletter,
    });
    expect(anonymous.statusCode).toBe(400);
    expect(anonymous.json().error.details.problems).toEqual([
      expect.objectContaining({ rule: 'sender_identity' }),
    ]);

    // Outside Israel (or with the mode switched off) the marking is not required.
    const abroad = await makeProgram(t.db, { defaultRegion: 'GB' });
    const abroadOwner = await makeUser(t, abroad.id);
    const plain = { ...newsletter, variants: { he: { ...newsletter.variants.he, subject: 'מבצע קיץ' } } };
    const saved = await abroadOwner.request({
      method: 'POST',
      url: `/api/programs/${abroad.id}/templates`,
      payload: plain,
    });
    expect(saved.statusCode).toBe(201);
    expect(await templateCount(programId)).toBe(0);
  });

  it('previews for the sample member per locale, falling back to the default locale, with problems listed', async () => {
    const { programId, owner } = await israeliClub();
    const { key: _key, ...draft } = newsletter;
    const preview = (payload: object) =>
      owner.request({
        method: 'POST',
        url: `/api/programs/${programId}/templates/preview`,
        payload: { ...draft, ...payload },
      });
    const he = await preview({ locale: 'he' });
    expect(he.statusCode).toBe(200);
    expect(he.json()).toMatchObject({ locale: 'he', problems: [] });
    expect(he.json().subject).toBe('פרסומת: נועה, יש לך 1,250 נקודות');
    expect(he.json().html).toMatch(/<html lang="he" dir="rtl"/);
    expect(he.json().html).toContain('קפה לנדוור · דיזנגוף 100, תל אביב · club@example.com');
    expect(he.json().html).toContain('http://moadon.test/u/preview-link-0000');
    expect(he.json().text).toContain('שלום נועה, בדרגת Gold');

    // No Persian variant: the Hebrew default is shown, and says so.
    expect((await preview({ locale: 'fa' })).json()).toMatchObject({ locale: 'he' });
    expect((await preview({ locale: 'en' })).json()).toMatchObject({
      locale: 'en',
      subject: 'פרסומת: Hello Dana',
    });

    const broken = await preview({
      locale: 'he',
      variants: { he: { subject: 'מבצע', body: mjml('<mj-text>{{ oops }}</mj-text>') } },
    });
    expect(broken.statusCode).toBe(200);
    expect(broken.json()).toMatchObject({ html: null });
    expect(broken.json().problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ rule: 'variable', line: 4 }),
        expect.objectContaining({ rule: 'israeli_marking' }),
      ]),
    );
  });

  it('previews with a real member: their name, points and tier', async () => {
    const { programId, owner } = await israeliClub();
    const member = await createMember(t.db, t.clock, system, programId, {
      firstName: 'יעל',
      email: `yael-${Date.now()}@example.com`,
      locale: 'he',
    });
    await adjustPoints(t.db, t.clock, system, programId, member.id, { points: 4321, reason: 'test' });
    const { key: _key, ...draft } = newsletter;
    const res = await owner.request({
      method: 'POST',
      url: `/api/programs/${programId}/templates/preview`,
      payload: { ...draft, locale: 'he', memberId: member.id },
    });
    expect(res.json().subject).toBe('פרסומת: יעל, יש לך 4,321 נקודות');
    const nameless = await createMember(t.db, t.clock, system, programId, {
      email: `n-${Date.now()}@example.com`,
    });
    const res2 = await owner.request({
      method: 'POST',
      url: `/api/programs/${programId}/templates/preview`,
      payload: { ...draft, locale: 'he', memberId: nameless.id },
    });
    expect(res2.json().subject).toBe('פרסומת: חבר/ה, יש לך 0 נקודות');
  });

  it('sends a test through the send path: outbox without SMTP, delivered over SMTP with it', async () => {
    const { programId, owner } = await israeliClub();
    const created = await owner.request({
      method: 'POST',
      url: `/api/programs/${programId}/templates`,
      payload: newsletter,
    });
    const id = created.json().id as string;
    const to = `test-${Date.now()}@example.com`;
    const sent = await owner.request({
      method: 'POST',
      url: `/api/programs/${programId}/templates/${id}/test-send`,
      payload: { to, locale: 'he' },
    });
    expect(sent.statusCode).toBe(202);
    const worker = new Worker({
      db: t.db,
      clock: t.clock,
      config: { smtpUrl: mail.url, mailFrom: 'club@moadon.test' },
      modules: [messagingJobs],
    });
    await worker.drain();
    const row = await t.db
      .selectFrom('messages')
      .selectAll()
      .where('id', '=', sent.json().messageId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'sent', kind: 'template_test', purpose: 'marketing', locale: 'he' });
    const received = mail.received.find((m) => JSON.stringify(m.to).includes(to));
    expect(received?.subject).toBe('פרסומת: נועה, יש לך 1,250 נקודות');
    expect(received?.html).toMatch(/dir="rtl"/);
    expect(received?.text).toContain('שלום נועה');

    const bad = await owner.request({
      method: 'POST',
      url: `/api/programs/${programId}/templates/${id}/test-send`,
      payload: { to: 'not-an-address', locale: 'he' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid_message');
  });
});
