import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
    await page.getByText('api_key.created').waitFor();
    await screenshot(page, 'audit-log-en');
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
    await page.close();
  });
});
