// The flows a club's staff and members perform, in English and in Hebrew (right to left): sign in, add a
// member, adjust points, change an earning rule and see the dry-run, and the member signing in to the portal
// with a one-time code (read from the message the messaging module recorded, as the member would receive it).
import { deliverableMessage } from '../../src/modules/messaging/index.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  browserAvailable,
  launchBrowser,
  screenshot,
  signIn,
  startServer,
  type E2eServer,
} from './harness.ts';

const run = browserAvailable();

const CASES = [
  { locale: 'en', dir: 'ltr', members: 'Members', first: 'Dana', email: 'dana@example.com' },
  { locale: 'he', dir: 'rtl', members: 'חברים', first: 'נועה', email: 'noa@example.com' },
] as const;

describe.skipIf(!run)('admin and portal flows', () => {
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

  const nav = (page: Page, path: string) => page.locator(`#sidebar a[href$="${path}"]`).click();

  describe.each(CASES)('in $locale', (c) => {
    it('adds a member and adjusts their points', async () => {
      const page = await browser.context.newPage();
      await signIn(page, server, c.locale);
      expect(await page.locator('html').getAttribute('dir')).toBe(c.dir);
      await nav(page, '/members');
      expect(await page.locator('main h1').textContent()).toBe(c.members);
      await page.locator('main a[href$="/members/new"]').click();
      await page.locator('input[name=firstName]').fill(c.first);
      await page.locator('input[name=email]').fill(c.email);
      await page.locator('input[name=phone]').fill('054-555-0101');
      await page.locator('main form button[type=submit]').click();
      await page.waitForURL(/\/members\/[0-9a-f-]{36}$/);
      expect(await page.locator('main h1').textContent()).toBe(c.first);
      await page.getByTestId('available-points').waitFor();
      expect(await page.getByTestId('available-points').textContent()).toBe('0');

      await page.getByTestId('adjust-open').click();
      await page.locator('dialog[open] input[name=points]').fill('150');
      await page
        .locator('dialog[open] input[name=reason]')
        .fill(c.locale === 'he' ? 'מתנת הצטרפות' : 'Welcome gift');
      await page.locator('dialog[open] button[type=submit]').click();
      await page.getByTestId('available-points').filter({ hasText: '150' }).waitFor();
      await page.locator('table.data td', { hasText: '+150' }).waitFor();
      await screenshot(page, `member-profile-${c.locale}`);

      await nav(page, '/members');
      await page.locator('input[type=search]').fill(c.first);
      await page.locator('form[role=search] button').first().click();
      await page.locator('table.data tbody tr').first().waitFor();
      expect(await page.locator('table.data tbody tr').count()).toBe(1);
      await screenshot(page, `members-${c.locale}`);
      await page.close();
    });

    it('changes an earning rule and sees the dry-run follow', async () => {
      const page = await browser.context.newPage();
      await signIn(page, server, c.locale);
      await nav(page, '/loyalty');
      const ruleName = `Coffee ${c.locale}`;
      await page.locator('main section.card .page-head button').click();
      await page.locator('form[aria-label] input[name=name]').fill(ruleName);
      await page.locator('form[aria-label] input[name=points]').fill('1');
      await page.locator('form[aria-label] input[name=per]').fill('1');
      await page.locator('form[aria-label] button[type=submit]').click();
      await page.locator('main li', { hasText: ruleName }).waitFor();
      // The rule is summed up for people, in currency units with the plural of the language.
      expect(await page.locator('main li', { hasText: ruleName }).textContent()).toContain(
        c.locale === 'en' ? '1 point for every ₪1.00 spent' : 'נקודה אחת על כל',
      );

      await page.locator('input[name=member]').fill(c.email);
      await page.locator('input[name=total]').fill('200');
      await page.locator('section[aria-labelledby=dry-run-title] button[type=submit]').click();
      const points = page.getByTestId('dry-run-points');
      await points.waitFor();
      // ₪200 spent at 1 point for every ₪1.
      expect(await points.textContent()).toBe('200');

      await page.locator('main li', { hasText: ruleName }).locator('button').click();
      await page.locator('form[aria-label] input[name=points]').fill('5');
      await page.locator('form[aria-label] button[type=submit]').click();
      // The panel runs the same purchase again with the changed rule: 5 points for every ₪1.
      await page.getByTestId('dry-run-points').filter({ hasText: '1,000' }).waitFor();
      await screenshot(page, `loyalty-dry-run-${c.locale}`);
      // Switch the rule off again so the other language's run starts from the same rules.
      await page.locator('main li', { hasText: ruleName }).locator('button').click();
      await page.locator('form[aria-label] input[name=active]').uncheck();
      await page.locator('form[aria-label] button[type=submit]').click();
      await page.getByTestId('dry-run-points').filter({ hasText: /^0$/ }).waitFor();
      await page.close();
    });

    it('lets the member sign in to the portal with a one-time code and see the balance', async () => {
      const page = await browser.context.newPage();
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${server.url}/portal/${server.program.slug}`);
      await page.evaluate(
        (l) => localStorage.setItem('moadon.portal.prefs', JSON.stringify({ locale: l })),
        c.locale,
      );
      await page.reload();
      expect(await page.locator('html').getAttribute('dir')).toBe(c.dir);
      await page.locator('input[name=email]').fill(c.email);
      await screenshot(page, `portal-sign-in-${c.locale}`);
      await page.locator('button[type=submit]').click();
      await page.locator('input[name=code]').waitFor();
      const message = await server.db
        .selectFrom('messages')
        .select('id')
        .where('to_address', '=', c.email)
        .where('kind', '=', 'portal_otp')
        .orderBy('created_at', 'desc')
        .executeTakeFirstOrThrow();
      const code = /\b(\d{6})\b/.exec((await deliverableMessage(server.db, message.id)).text)![1]!;
      await page.locator('input[name=code]').fill(code);
      await page.locator('button[type=submit]').click();
      await page.getByTestId('portal-balance').waitFor();
      expect(await page.getByTestId('portal-balance').textContent()).toBe('150');
      // The member card's QR, which the till's member search reads.
      const qr = page.getByTestId('member-card-qr');
      await qr.waitFor();
      expect(await qr.getAttribute('alt')).toContain(c.first);
      await screenshot(page, `portal-card-${c.locale}`);
      await page.close();
    });
  });
});
