// Automatic rewards end to end, in English and in Hebrew (right to left): the owner sees the empty state, makes
// a rule from the catalog (points earned in English, birthday month in Hebrew), edits it, sees what it gave
// (the birthday sweep run from here: the e2e server runs no worker) and stops it.
import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/modules/audit/index.ts';
import { createMember } from '../../src/modules/members/index.ts';
import { createReward, issueBirthdayRewards } from '../../src/modules/rewards/index.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { browserAvailable, screenshot, signIn, useE2e } from './harness.ts';

const run = browserAvailable();

describe.skipIf(!run)('automatic rewards: rules from the catalog', () => {
  const e2e = useE2e(async (server) => {
    await createReward(server.db, systemClock, SYSTEM_ACTOR, server.program.id, {
      kind: 'free_product',
      costPoints: 100,
      texts: { he: { name: 'קפה חינם' }, en: { name: 'Free coffee' }, fa: { name: 'قهوه رایگان' } },
      effect: { sku: 'coffee' },
    });
  });

  it('in en: makes a points rule, edits it and stops it', async () => {
    const { server, browser } = e2e;
    const page = await browser.context.newPage();
    await signIn(page, server, 'en');
    expect(await page.locator('html').getAttribute('dir')).toBe('ltr');
    await page.locator('#sidebar a[href$="/reward-rules"]').click();
    await page.getByText('No automatic rewards yet.').waitFor();
    await page.locator('main .page-head button').click();
    const form = page.locator('form[aria-labelledby=rule-editor-title]');
    await form.getByLabel('Name').fill('100 points: a coffee');
    await form.getByLabel('Points earned in all').fill('100');
    await form.getByLabel('Reward').selectOption({ label: 'Free coffee' });
    await form.locator('button[type=submit]').click();
    await page.getByText('Rule saved.').waitFor();
    const row = page.locator('[data-rule="100 points: a coffee"]');
    await row.getByText('After 100 points').waitFor();

    await row.locator('button.btn-link').click();
    await form.getByLabel('Points earned in all').fill('250');
    await form.locator('button[type=submit]').click();
    await row.getByText('After 250 points').waitFor();
    await screenshot(page, 'automatic-rewards-en');
    await row.getByRole('button', { name: 'Stop' }).click();
    await page.getByText('Rule stopped.').waitFor();
    await row.getByText('Stopped').waitFor();
    await page.close();
  });

  it('in he: makes a birthday rule and shows what it gave', async () => {
    const { server, browser } = e2e;
    const page = await browser.context.newPage();
    await signIn(page, server, 'he');
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    await page.locator('#sidebar a[href$="/reward-rules"]').click();
    await page.locator('main h1', { hasText: 'הטבות אוטומטיות' }).waitFor();
    await page.locator('main .page-head button').click();
    const form = page.locator('form[aria-labelledby=rule-editor-title]');
    await form.getByLabel('שם').fill('קפה ליום ההולדת');
    await form.getByLabel('מתי').selectOption('birthday_month');
    await form.getByText('נבדק כל יום לפי אזור הזמן של המועדון').waitFor();
    await form.getByLabel('הטבה', { exact: true }).selectOption({ label: 'קפה חינם' });
    await form.locator('button[type=submit]').click();
    const row = page.locator('[data-rule="קפה ליום ההולדת"]');
    await row.getByText('חודש יום ההולדת').waitFor();

    // A member whose birthday month it is; the daily sweep gives the coupon once.
    const month = new Date().toISOString().slice(5, 7);
    await createMember(server.db, systemClock, SYSTEM_ACTOR, server.program.id, {
      firstName: 'Noa',
      externalId: 'birthday-e2e',
      birthday: `1990-${month}-15`,
    });
    const swept = await issueBirthdayRewards(server.db, systemClock, server.program.id);
    expect(swept).toEqual({ issued: 1, skipped: 0 });
    await page.reload();
    await row.locator('td[data-label="ניתנו"]', { hasText: '1' }).waitFor();
    await screenshot(page, 'automatic-rewards-he');
    await page.close();
  });

  it.each([
    { locale: 'en', dir: 'ltr', label: 'Points of a cancelled coupon', saved: 'Policy saved.' },
    { locale: 'he', dir: 'rtl', label: 'נקודות של קופון שבוטל', saved: 'המדיניות נשמרה.' },
  ] as const)('in $locale: the rewards policy is saved and read back', async (c) => {
    const { server, browser } = e2e;
    const page = await browser.context.newPage();
    await signIn(page, server, c.locale);
    expect(await page.locator('html').getAttribute('dir')).toBe(c.dir);
    await page.locator('#sidebar a[href$="/rewards-policy"]').click();
    const select = page.getByLabel(c.label);
    await select.selectOption(c.locale === 'en' ? 'forfeit' : 'refund');
    await page.locator('input[name=undoWindowMinutes]').fill(c.locale === 'en' ? '45' : '15');
    await page.locator('form button[type=submit]').click();
    await page.getByText(c.saved).waitFor();
    await screenshot(page, `rewards-policy-${c.locale}`);
    await page.reload();
    await page.locator('input[name=undoWindowMinutes]').waitFor();
    expect(await page.locator('input[name=undoWindowMinutes]').inputValue()).toBe(
      c.locale === 'en' ? '45' : '15',
    );
    expect(await page.getByLabel(c.label).inputValue()).toBe(c.locale === 'en' ? 'forfeit' : 'refund');
    await page.close();
  });
});
