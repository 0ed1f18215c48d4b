// Loyalty settings in a real browser: editing the tier ladder, the expiry policy and the signup bonus sources,
// with the API's validation errors shown on the fields they belong to.
import { describe, expect, it } from 'vitest';
import { getLoyaltySettings, listTiers } from '../../src/modules/loyalty/program-settings.ts';
import { SYSTEM_ACTOR } from '../../src/modules/audit/index.ts';
import { listEarningRules } from '../../src/modules/loyalty/earning-rules.ts';
import { createMember } from '../../src/modules/members/index.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { browserAvailable, isolated, screenshot, signIn, useE2e } from './harness.ts';

const run = browserAvailable();

describe.skipIf(!run)('loyalty settings', () => {
  const e2e = useE2e();

  it('edits tiers and tier rules, showing what the API refuses', async () => {
    const page = await e2e.browser.context.newPage();
    await signIn(page, e2e.server, 'en');
    await page.goto(`${e2e.server.url}/p/${e2e.server.program.id}/loyalty/tiers`);
    const editor = page.getByTestId('tier-editor');
    await editor.waitFor();
    expect(await editor.locator('li[data-tier]').count()).toBe(3);

    // A window of "soon" days is not a number: the API's message shows on that field.
    await editor.getByLabel('Counted over the last (days)').fill('soon');
    await editor.getByRole('button', { name: 'Save' }).click();
    const windowDays = editor.getByLabel('Counted over the last (days)');
    await page.waitForFunction(() =>
      document.querySelector('[name=tierWindowDays]')?.getAttribute('aria-invalid'),
    );
    expect(await windowDays.getAttribute('aria-invalid')).toBe('true');
    await windowDays.fill('180');

    // Thresholds must increase with rank: the ladder is refused as a whole.
    await editor.locator('input[name=threshold-1]').fill('9000');
    await editor.getByRole('button', { name: 'Save' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'Each tier must need more than the tier below it.' })
      .waitFor();

    // Move "Loyal" above "Ambassador", add a VIP tier with a multiplier, save.
    await editor.getByRole('button', { name: 'Move Ambassador up' }).click();
    await editor.getByRole('button', { name: 'Move Loyal up' }).click();
    await editor.getByRole('button', { name: 'Move Loyal down' }).click();
    await editor.getByRole('button', { name: 'Add tier' }).click();
    const vip = editor.locator('li[data-tier]').nth(3);
    await vip.getByLabel('Name (shown where a language has none)').fill('VIP');
    await vip.getByLabel('Name in Hebrew').fill('אח״מ');
    // A name is typed in its own language's direction.
    expect(await vip.getByLabel('Name in Hebrew').getAttribute('dir')).toBe('rtl');
    await vip.getByLabel('Key').fill('vip');
    await vip.getByLabel('From').fill('20000');
    await vip.getByLabel('Earn multiplier').fill('2');
    await vip.getByLabel('Early access').check();
    await editor.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'loyalty-tiers-en');
    const tiers = await listTiers(e2e.server.db, e2e.server.program.id);
    expect(tiers.map((t) => [t.key, t.rank, t.threshold])).toEqual([
      ['regular', 1, 0],
      ['ambassador', 2, 5000],
      ['loyal', 3, 9000],
      ['vip', 4, 20000],
    ]);
    expect(tiers[3]!.benefits).toEqual({ earnMultiplier: 2, earlyAccess: true });
    expect(tiers[3]!.names).toEqual({ he: 'אח״מ' });
    // The default tiers come with their names in the three languages.
    expect(tiers[0]!.names).toEqual({ en: 'Regular', he: 'רגיל', fa: 'عادی' });

    // In Hebrew the ladder shows the Hebrew names.
    await page.evaluate(() => {
      const prefs = JSON.parse(localStorage.getItem('moadon.admin.prefs') ?? '{}');
      localStorage.setItem('moadon.admin.prefs', JSON.stringify({ ...prefs, locale: 'he' }));
    });
    await page.reload();
    await editor.getByRole('button', { name: isolated`העברת ${'אח״מ'} למעלה` }).waitFor();
    await page.close();
  });

  it('edits the expiry policy in Hebrew and shows a refused value on its field', async () => {
    const page = await e2e.browser.context.newPage();
    await signIn(page, e2e.server, 'he');
    await page.goto(`${e2e.server.url}/p/${e2e.server.program.id}/loyalty/settings`);
    const form = page.getByTestId('expiry-settings');
    await form.waitFor();
    await form.locator('[name=expiryMonths]').fill('500');
    await form.locator('button[type=submit]').click();
    await page.waitForFunction(() =>
      document.querySelector('[name=expiryMonths]')?.getAttribute('aria-invalid'),
    );
    await form.locator('[name=expiryMonths]').fill('24');
    await form.locator('[name=expiryPolicy]').selectOption('inactivity');
    await form.locator('button[type=submit]').click();
    await page.getByText('נשמר.').waitFor();
    expect(await form.locator('[name=expiryMonths]').getAttribute('aria-invalid')).toBeNull();

    // Imported customers earn the signup bonus only when the owner ticks CSV import.
    const sources = form.getByTestId('signup-bonus-sources');
    expect(await sources.getByLabel('ייבוא CSV').isChecked()).toBe(false);
    await sources.getByLabel('ייבוא CSV').check();
    await sources.getByLabel('ממשק הניהול').uncheck();
    await form.locator('button[type=submit]').click();
    const settings = () => getLoyaltySettings(e2e.server.db, e2e.server.program.id);
    await expect
      .poll(async () => (await settings()).signupBonusSources)
      .toEqual(['api', 'form', 'ingest', 'import']);
    expect(await settings()).toMatchObject({ expiryPolicy: 'inactivity', expiryMonths: 24 });
    await page.close();
  });

  it('edits a rule’s conditions and caps in Hebrew, sums them up, and the dry run tests them on a day', async () => {
    const { server } = e2e;
    await createMember(server.db, systemClock, SYSTEM_ACTOR, server.program.id, {
      email: 'friday@example.com',
      firstName: 'שירה',
    });
    const page = await e2e.browser.context.newPage();
    await signIn(page, server, 'he');
    await page.goto(`${server.url}/p/${server.program.id}/loyalty`);
    await page.locator('main section.card .page-head button').click();
    const form = page.locator('form[aria-label]');
    await form.locator('input[name=name]').fill('Friday bonus');
    await form.getByLabel('שם בעברית').fill('בונוס שישי');
    await form.locator('select').first().selectOption('bonus');
    await form.locator('input[name=points]').fill('20');
    await form.getByLabel('יום שישי').check();
    await form.locator('input[name=cond-minTotal]').fill('10');
    await form.locator('input[name=cap-perMemberPerMonth]').fill('100');
    await form.locator('button[type=submit]').click();
    const row = page.locator('main li', { hasText: 'בונוס שישי' });
    await row.waitFor();
    const summary = (await row.getByTestId('rule-summary').textContent())!;
    expect(summary).toContain(isolated`ב${'יום שישי'}`);
    expect(summary).toContain('₪');
    expect(summary).toContain('עד 100 נקודות בחודש לחבר/ה');
    const [rule] = (await listEarningRules(server.db, server.program.id)).filter(
      (r) => r.name === 'Friday bonus',
    );
    expect(rule).toMatchObject({
      names: { he: 'בונוס שישי' },
      conditions: { daysOfWeek: [5], minTotal: 1000 },
      caps: { perMemberPerMonth: 100 },
      effect: { type: 'bonus', points: 20 },
    });

    // A Thursday purchase (26 November 2026) earns nothing from it, and says why in Hebrew; a Friday one earns the bonus.
    const dryRun = page.locator('section[aria-labelledby=dry-run-title]');
    await dryRun.locator('input[name=member]').fill('friday@example.com');
    await dryRun.locator('input[name=total]').fill('50');
    await dryRun.locator('input[name=at]').fill('2026-11-26T10:00');
    await dryRun.locator('button[type=submit]').click();
    await dryRun.getByText('לא באחד הימים שהכלל חל בהם').waitFor();
    await dryRun.locator('input[name=at]').fill('2026-11-27T10:00');
    await dryRun.locator('button[type=submit]').click();
    await dryRun.locator('tr', { hasText: 'בונוס שישי' }).locator('td.end', { hasText: '20' }).waitFor();
    await screenshot(page, 'loyalty-rule-conditions-he');
    await page.close();
  });
});
