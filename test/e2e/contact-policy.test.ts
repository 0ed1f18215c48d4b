// The contact-pressure policy editor in a real browser: a program that never saved a policy sees the one
// suggested for its region, changes and saves it, and previews on a list what it would send now, defer and drop
// and why — one member already got a marketing message today, so a cap of one a day holds them back. In
// English, and in Hebrew right to left. Quiet hours and rest days are switched off in the rules previewed, so
// the figures do not depend on the time of day the test runs.
import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/modules/audit/index.ts';
import { createMember } from '../../src/modules/members/index.ts';
import { createList, recordConsent, subscribeToLists } from '../../src/modules/membership/index.ts';
import { queueMessage } from '../../src/modules/messaging/index.ts';
import { browserAvailable, screenshot, signIn, useE2e } from './harness.ts';

const run = browserAvailable();
const clock = { now: () => new Date() };

describe.skipIf(!run)('contact-pressure policy editor', () => {
  const e2e = useE2e(async (server) => {
    const programId = server.program.id;
    const list = await createList(server.db, clock, programId, { name: 'ניוזלטר' });
    const members: string[] = [];
    for (let i = 0; i < 4; i++) {
      const m = await createMember(server.db, clock, SYSTEM_ACTOR, programId, {
        externalId: `policy-${i}`,
        firstName: `Noa ${i}`,
        email: `noa-${i}@example.com`,
      });
      await recordConsent(server.db, clock, {
        programId,
        memberId: m.id,
        channel: 'email',
        purpose: 'marketing',
        status: 'granted',
        source: 'admin',
      });
      members.push(m.id);
    }
    await subscribeToLists(server.db, clock, {
      programId,
      memberId: members[0]!,
      listIds: [list.id],
      source: 'admin',
    });
    for (const id of members.slice(1)) {
      await subscribeToLists(server.db, clock, {
        programId,
        memberId: id,
        listIds: [list.id],
        source: 'admin',
      });
    }
    // Already contacted today: a marketing message from another campaign.
    await queueMessage(server.db, clock, {
      programId,
      memberId: members[0]!,
      channel: 'email',
      kind: 'campaign',
      purpose: 'marketing',
      to: 'noa-0@example.com',
      subject: 'Earlier today',
      text: 'Hello',
      unsubscribeUrl: `${server.url}/u/x`,
    });
  });
  const url = (path: string) => `${e2e.server.url}/p/${e2e.server.program.id}${path}`;

  it('starts from the suggested policy, saves it changed, and previews who is held back (English)', async () => {
    const page = await e2e.browser.context.newPage();
    await signIn(page, e2e.server, 'en');
    await page.goto(url('/settings/contact-policy'));
    await page.getByRole('heading', { name: 'Contact policy', level: 1 }).waitFor();
    await page.getByText('No policy saved yet', { exact: false }).waitFor();
    // The suggestion for an Israeli program: 1 / 3 / 8, quiet 21:00–09:00, Shabbat and holidays.
    expect(await page.getByLabel('Messages per day').inputValue()).toBe('1');
    expect(await page.getByLabel('Messages per week').inputValue()).toBe('3');
    expect(await page.getByLabel('Messages per month').inputValue()).toBe('8');
    expect(await page.getByLabel('From', { exact: true }).inputValue()).toBe('21:00');
    expect(await page.getByLabel('Shabbat', { exact: false }).isChecked()).toBe(true);
    expect(await page.getByLabel('Friday', { exact: false }).isChecked()).toBe(false);

    await page.getByLabel('Messages per month').fill('');
    await page.getByLabel('No marketing during quiet hours').uncheck();
    await page.getByLabel('Shabbat', { exact: false }).uncheck();
    await page.getByLabel('Jewish holidays', { exact: false }).uncheck();
    await page.getByRole('button', { name: 'Preview' }).click();
    const result = page.getByTestId('policy-preview-result');
    await result.getByText('4 active members in this list.').waitFor();
    expect(await result.getByTestId('preview-send').locator('.value').textContent()).toBe('3');
    expect(await result.getByTestId('preview-deferred').locator('.value').textContent()).toBe('1');
    expect(await result.getByTestId('preview-dropped').locator('.value').textContent()).toBe('0');
    await result.getByTestId('preview-reason-frequency_cap').getByText('Frequency cap reached').waitFor();
    await result.getByTestId('preview-until').waitFor();
    await result.scrollIntoViewIfNeeded();
    await screenshot(page, 'contact-policy-en');

    await page.getByRole('button', { name: 'Save policy' }).click();
    await page.getByText('Policy saved.').waitFor();
    const saved = await e2e.server.db
      .selectFrom('contact_policies')
      .selectAll()
      .where('program_id', '=', e2e.server.program.id)
      .executeTakeFirstOrThrow();
    expect(saved).toMatchObject({ max_per_day: 1, max_per_week: 3, max_per_month: null, quiet_start: null });
    await page.close();
  });

  it('reads right to left in Hebrew and previews dropping what exceeds the policy', async () => {
    const page = await e2e.browser.context.newPage();
    await signIn(page, e2e.server, 'he');
    await page.goto(url('/settings/contact-policy'));
    await page.getByRole('heading', { name: 'מדיניות פנייה', level: 1 }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    // The saved policy now, not the suggestion.
    await page.getByText('עדיין לא נשמרה מדיניות', { exact: false }).waitFor({ state: 'detached' });
    expect(await page.getByLabel('הודעות בחודש').inputValue()).toBe('');
    expect(await page.getByLabel('אין שיווק בשעות השקט').isChecked()).toBe(false);
    await page.getByLabel('כברירת מחדל, קמפיין').selectOption('drop');
    await page.getByRole('button', { name: 'תצוגה מקדימה' }).click();
    const result = page.getByTestId('policy-preview-result');
    await result.getByText('4 חברים פעילים ברשימה.').waitFor();
    expect(await result.getByTestId('preview-dropped').locator('.value').textContent()).toBe('1');
    expect(await result.getByTestId('preview-deferred').locator('.value').textContent()).toBe('0');
    await result.getByTestId('preview-reason-frequency_cap').getByText('הגיע לתקרת התדירות').waitFor();
    const time = page.getByLabel('הודעות ביום');
    expect(await time.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
    await result.scrollIntoViewIfNeeded();
    await screenshot(page, 'contact-policy-he');
    await page.close();
  });
});
