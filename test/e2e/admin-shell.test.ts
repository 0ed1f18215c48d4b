import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/modules/audit/index.ts';
import { grantRole } from '../../src/modules/auth/index.ts';
import { createMember } from '../../src/modules/members/index.ts';
import { createProgram } from '../../src/modules/programs/index.ts';
import { uniqueSlug } from '../harness.ts';
import { systemClock } from '../../src/platform/clock.ts';
import {
  browserAvailable,
  launchBrowser,
  screenshot,
  signIn,
  startServer,
  type E2eServer,
} from './harness.ts';

const run = browserAvailable();

describe.skipIf(!run)('admin app shell', () => {
  let server: E2eServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('signs in, in English, and shows the dashboard with left-to-right layout', async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url + '/');
    await page.evaluate(() => localStorage.clear());
    await screenshot(page, 'login-en');
    await signIn(page, server, 'en');
    expect(await page.locator('html').getAttribute('dir')).toBe('ltr');
    expect(await page.locator('main#main h1').textContent()).toBe('Dashboard');
    await page.locator('#sidebar').getByRole('link', { name: 'API keys' }).click();
    await page.getByLabel('Name').fill('Shop');
    await page.getByLabel('members:read').check();
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.getByTestId('new-api-key').waitFor();
    await page.getByRole('link', { name: 'Audit log' }).click();
    // Actions in words, the key's name as the actor, never "api_key.created" or an id.
    await page.getByRole('cell', { name: 'API key created' }).waitFor();
    await screenshot(page, 'audit-log-en');
    // Filtering puts the filter in the address: a reload shows the same entries.
    await page.getByLabel('Action').selectOption('program.updated');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByText('Nothing recorded yet.').waitFor();
    expect(new URL(page.url()).searchParams.get('action')).toBe('program.updated');
    await page.reload();
    await page.getByText('Nothing recorded yet.').waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByRole('cell', { name: 'API key created' }).waitFor();
    expect(await page.evaluate(() => window.__moadonMissingMessages)).toEqual([]);
    await page.close();
  });

  it('switches to Hebrew: right-to-left layout, mirrored navigation, Hebrew calendar dates', async () => {
    const page = await browser.context.newPage();
    await signIn(page, server, 'he');
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.locator('main#main h1').textContent()).toBe('לוח בקרה');
    // The side navigation sits at the inline start: on the right in Hebrew.
    const sidebar = await page.locator('#sidebar').boundingBox();
    const main = await page.locator('#main').boundingBox();
    expect(sidebar!.x).toBeGreaterThan(main!.x);
    await page.locator('#sidebar').getByRole('link', { name: 'שפה ולוח שנה' }).click();
    await page.getByLabel('לוח שנה').selectOption('hebrew');
    const hebrewDate = await page.getByTestId('sample-date').textContent();
    // Hebrew numerals and a Hebrew month name, never the raw "57870315" Chromium's own dateStyle gives.
    expect(hebrewDate).toMatch(/^[\u0590-\u05ff׳״ ]+$/);
    await screenshot(page, 'preferences-he');
    await page.locator('#sidebar').getByRole('link', { name: 'יומן פעולות' }).click();
    await page.getByLabel('פעולה', { exact: true }).selectOption('api_key.');
    await page.getByRole('button', { name: 'הצגה' }).click();
    await page.getByRole('cell', { name: 'מפתח API נוצר' }).first().waitFor();
    await screenshot(page, 'audit-log-he');
    expect(await page.evaluate(() => window.__moadonMissingMessages)).toEqual([]);
    await page.close();
  });

  it.each(['he', 'fa'] as const)(
    'in %s at 390 px: the skip link shows when focused and every profile tab is in sight',
    async (locale) => {
      const member = await createMember(server.db, systemClock, SYSTEM_ACTOR, server.program.id, {
        email: `tabs-${locale}@example.com`,
      });
      const page = await browser.context.newPage();
      await page.setViewportSize({ width: 390, height: 844 });
      await signIn(page, server, locale);
      await page.goto(`${server.url}/p/${server.program.id}/members/${member.id}`);
      await page.locator('[role=tab]').first().waitFor();
      const inView = async (box: { x: number; y: number; width: number; height: number } | null) =>
        box !== null && box.x >= 0 && box.y >= 0 && box.x + box.width <= 390;
      for (const tab of await page.locator('[role=tab]').all())
        expect(await inView(await tab.boundingBox())).toBe(true);
      await page.keyboard.press('Tab');
      const skip = page.locator('a.skip-link');
      expect(await skip.evaluate((a) => a === document.activeElement)).toBe(true);
      expect(await inView(await skip.boundingBox())).toBe(true);
      expect((await skip.boundingBox())!.width).toBeGreaterThan(20);
      await page.close();
    },
  );

  it('in Hebrew: the club switcher shows a long mixed-direction name whole and switches club', async () => {
    const name = 'Café Yafo קפה יפו — the long name of the Jaffa branch 2';
    const other = await createProgram(server.db, {
      slug: uniqueSlug('long'),
      name,
      currency: 'ILS',
      timeZone: 'Asia/Jerusalem',
    });
    const owner = await server.db
      .selectFrom('admin_users')
      .select('id')
      .where('email', '=', server.owner.email)
      .executeTakeFirstOrThrow();
    await grantRole(server.db, other.id, owner.id, 'owner');
    const page = await browser.context.newPage();
    await signIn(page, server, 'he');
    const sidebar = page.locator('#sidebar');
    await sidebar.getByRole('button', { name: 'החלפת מועדון' }).click();
    await sidebar.getByRole('link', { name }).click();
    await page.waitForURL(`**/p/${other.id}/dashboard`);
    const shown = page.getByTestId('program-name');
    expect(await shown.textContent()).toBe(name);
    // Wrapped, not cut: nothing of the name overflows its box, and the box stays inside the sidebar.
    const fits = await shown.evaluate((el) => {
      const box = el.getBoundingClientRect();
      const side = el.closest('#sidebar')!.getBoundingClientRect();
      return el.scrollWidth <= el.clientWidth && box.left >= side.left && box.right <= side.right;
    });
    expect(fits).toBe(true);
    await sidebar.getByRole('button', { name: 'החלפת מועדון' }).click();
    await sidebar.getByRole('link', { name: server.program.name }).click();
    await page.waitForURL(`**/p/${server.program.id}/dashboard`);
    await screenshot(page, 'club-switcher-he');
    expect(await page.evaluate(() => window.__moadonMissingMessages)).toEqual([]);
    await page.close();
  });
});
