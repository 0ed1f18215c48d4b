// Campaign drafts in a real browser: the list's empty state, a new campaign aimed at a list minus an excluded
// one with its live count (who could not be sent to and why), an A/B test of two templates, a holdout and a
// send at each member's local time, saved as a draft and listed; in English, and edited in Hebrew right to left.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/modules/audit/index.ts';
import { createMember } from '../../src/modules/members/index.ts';
import { createList, recordConsent, subscribeToLists } from '../../src/modules/membership/index.ts';
import { recordCampaignMessages } from '../../src/modules/messaging/index.ts';
import { createTemplate, updateSenderProfile } from '../../src/modules/messaging/templates/service.ts';
import { browserAvailable, isolated, screenshot, signIn, useE2e, type E2eServer } from './harness.ts';

const run = browserAvailable();
const clock = { now: () => new Date() };
const mjml = (text: string) =>
  `<mjml><mj-body><mj-section><mj-column><mj-text>${text}</mj-text></mj-column></mj-section></mj-body></mjml>`;

async function seed(server: E2eServer) {
  const programId = server.program.id;
  await updateSenderProfile(server.db, clock, SYSTEM_ACTOR, programId, {
    businessName: 'קפה יפו',
    address: 'שדרות ירושלים 10, יפו',
    contactEmail: 'club@cafe-yafo.example',
    contactPhone: null,
    israeliMode: true,
  });
  for (const [key, name] of [
    ['winter-a', 'מבצע חורף א'],
    ['winter-b', 'מבצע חורף ב'],
  ] as const) {
    await createTemplate(server.db, clock, SYSTEM_ACTOR, programId, {
      key,
      name,
      channel: 'email',
      purpose: 'marketing',
      defaultLocale: 'he',
      variants: { he: { subject: `פרסומת: ${name}`, body: mjml('שלום {{ member.first_name }}') } },
    });
  }
  const newsletter = await createList(server.db, clock, programId, { name: 'Newsletter' });
  const vip = await createList(server.db, clock, programId, { name: 'VIP' });
  for (let i = 0; i < 4; i++) {
    const m = await createMember(server.db, clock, SYSTEM_ACTOR, programId, {
      externalId: `cmp-${i}`,
      firstName: `Tamar ${i}`,
      email: `tamar-${i}@example.com`,
    });
    // The last one never consented to marketing e-mail.
    if (i < 3) {
      await recordConsent(server.db, clock, {
        programId,
        memberId: m.id,
        channel: 'email',
        purpose: 'marketing',
        status: 'granted',
        source: 'admin',
      });
    }
    const listIds = i === 0 ? [newsletter.id, vip.id] : [newsletter.id];
    await subscribeToLists(server.db, clock, { programId, memberId: m.id, listIds, source: 'admin' });
  }
}

describe.skipIf(!run)('campaign drafts', () => {
  const e2e = useE2e(seed);
  const url = (path: string) => `${e2e.server.url}/p/${e2e.server.program.id}${path}`;

  it('aims a new campaign at a list minus another with a live count, A/B, holdout, local time (English)', async () => {
    const page = await e2e.browser.context.newPage();
    await signIn(page, e2e.server, 'en');
    await page.goto(url('/campaigns'));
    await page.getByRole('heading', { name: 'Campaigns', level: 1 }).waitFor();
    await page.getByText('No campaign yet.', { exact: false }).waitFor();
    await page.getByRole('link', { name: 'New campaign' }).click();
    await page.getByRole('heading', { name: 'New campaign', level: 1 }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Winter sale');
    await page.getByText('Choose at least one list or segment', { exact: false }).waitFor();

    await page.getByLabel('Use of Newsletter').selectOption('include');
    const count = page.getByTestId('audience-count');
    await count.getByTestId('count-audience').getByText('4', { exact: true }).waitFor();
    await count.getByTestId('count-eligible').getByText('3', { exact: true }).waitFor();
    await count.getByText('1 without consent', { exact: false }).waitFor();
    await page.getByLabel('Use of VIP').selectOption('exclude');
    await count.getByTestId('count-audience').getByText('3', { exact: true }).waitFor();
    await count.getByTestId('count-eligible').getByText('2', { exact: true }).waitFor();

    await page.getByLabel('Template of variant A').selectOption({ label: 'מבצע חורף א' });
    await page.getByRole('button', { name: 'Add a variant (A/B test)' }).click();
    await page.getByLabel('Template of variant B').selectOption({ label: 'מבצע חורף ב' });
    await page.getByLabel('Subject of variant B (optional)').fill('פרסומת: רק השבוע');
    await page.getByLabel('Test share of the audience (%)').fill('30');
    await page.getByLabel('Winner by').selectOption('click');
    await page.getByLabel('Holdout group (%)').fill('10');
    await page.getByLabel('Send', { exact: true }).selectOption('local');
    await page.getByLabel('Date', { exact: true }).fill('2027-01-12');
    await page.getByLabel('Local time').fill('10:00');
    await page.getByLabel('By default, a campaign').selectOption('drop');
    await page.getByTestId('audience-picker').scrollIntoViewIfNeeded();
    await screenshot(page, 'campaign-editor-en');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByRole('heading', { name: 'Winter sale', level: 1 }).waitFor();

    const row = await e2e.server.db
      .selectFrom('campaigns')
      .selectAll()
      .where('program_id', '=', e2e.server.program.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      name: 'Winter sale',
      holdout_bp: 1000,
      test_share_bp: 3000,
      winner_metric: 'click',
      on_exceed: 'drop',
      schedule: { kind: 'local', date: '2027-01-12', time: '10:00' },
    });
    expect(row.variants.map((v) => [v.key, v.subject])).toEqual([
      ['A', null],
      ['B', 'פרסומת: רק השבוע'],
    ]);
    expect(row.audience.lists).toHaveLength(1);
    expect(row.audience.excludeLists).toHaveLength(1);

    await page.goto(url('/campaigns'));
    const list = page.getByTestId('campaign-list');
    await list.getByRole('link', { name: 'Winter sale' }).waitFor();
    await list.getByText('Draft', { exact: true }).waitFor();
    await screenshot(page, 'campaigns-en');
    await page.close();
  });

  it('edits the draft in Hebrew, right to left', async () => {
    const page = await e2e.browser.context.newPage();
    await signIn(page, e2e.server, 'he');
    await page.goto(url('/campaigns'));
    await page.getByRole('heading', { name: 'קמפיינים', level: 1 }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await page.getByRole('link', { name: 'Winter sale' }).click();
    await page.getByRole('heading', { name: 'Winter sale', level: 1 }).waitFor();
    await page.getByTestId('audience-count').getByTestId('count-audience').getByText('3').waitFor();
    await page.getByLabel('שם', { exact: true }).fill('מבצע חורף');
    await page.getByRole('button', { name: 'שמירת טיוטה' }).click();
    await page.getByText('הטיוטה נשמרה.').waitFor();
    const row = await e2e.server.db
      .selectFrom('campaigns')
      .select(['name'])
      .where('program_id', '=', e2e.server.program.id)
      .executeTakeFirstOrThrow();
    expect(row.name).toBe('מבצע חורף');
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'campaign-editor-he');
    await page.close();
  });

  it('shows the results of a launched campaign with every message not sent and its reason (English)', async () => {
    const db = e2e.server.db;
    const campaign = await db
      .selectFrom('campaigns')
      .select(['id'])
      .where('program_id', '=', e2e.server.program.id)
      .executeTakeFirstOrThrow();
    // The rows as a launch records them: two for variant A, one member without consent.
    const now = new Date();
    await db
      .updateTable('campaigns')
      .set({ launched_at: now, recorded_at: now })
      .where('id', '=', campaign.id)
      .execute();
    const members = await db
      .selectFrom('members')
      .select(['id', 'external_id'])
      .where('program_id', '=', e2e.server.program.id)
      .where('external_id', 'in', ['cmp-1', 'cmp-2', 'cmp-3'])
      .orderBy('external_id')
      .execute();
    const values = members.map(
      (m) =>
        sql`(cast(${m.id} as uuid), cast(${m.external_id === 'cmp-3' ? null : 'A'} as text), cast(${m.external_id === 'cmp-3' ? 'no_consent' : null} as text))`,
    );
    await recordCampaignMessages(db, clock, {
      programId: e2e.server.program.id,
      campaignId: campaign.id,
      channel: 'email',
      purpose: 'marketing',
      audience: sql`select m.id as member_id, m.email as to_address, m.locale, v.reason as skip_reason,
        v.variant, false as held_out, cast(null as timestamptz) as not_before
        from (values ${sql.join(values)}) as v (id, variant, reason) join members m on m.id = v.id`,
    });
    const page = await e2e.browser.context.newPage();
    await signIn(page, e2e.server, 'en');
    await page.goto(url(`/campaigns/${campaign.id}`));
    const results = page.getByTestId('campaign-results');
    await results.waitFor();
    await results.getByTestId('results-audience').getByText('3', { exact: true }).waitFor();
    const why = results.getByTestId('results-why-not-sent');
    await why.getByText('No consent to marketing on this channel').waitFor();
    await results.getByText('Every one of the 3 messages is accounted for.').waitFor();
    await results.scrollIntoViewIfNeeded();
    await screenshot(page, 'campaign-results-en');
    await page.close();
  });

  it('shows the same results in Hebrew, right to left, each reason in words', async () => {
    const page = await e2e.browser.context.newPage();
    await signIn(page, e2e.server, 'he');
    const campaign = await e2e.server.db
      .selectFrom('campaigns')
      .select(['id'])
      .where('program_id', '=', e2e.server.program.id)
      .executeTakeFirstOrThrow();
    await page.goto(url(`/campaigns/${campaign.id}`));
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    const results = page.getByTestId('campaign-results');
    await results.getByTestId('results-audience').getByText('3', { exact: true }).waitFor();
    await results
      .getByTestId('results-why-not-sent')
      .getByRole('row', { name: /לא נשלח אין הסכמה לדיוור שיווקי בערוץ הזה 1/ })
      .waitFor();
    await results.getByText(isolated`כל ${'3'} ההודעות מוסברות.`).waitFor();
    await results.scrollIntoViewIfNeeded();
    await screenshot(page, 'campaign-results-he');
    await page.close();
  });
});
