// Rewards end to end, in English and in Hebrew (right to left): the owner adds a reward in the catalog editor
// (with its preview per language), a member redeems it in the portal and gets a QR code and a barcode, the
// till validates and redeems the code once, and support finds it used in the coupon lookup.
import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/modules/audit/index.ts';
import { adjustPoints } from '../../src/modules/loyalty/index.ts';
import { createMember } from '../../src/modules/members/index.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { browserAvailable, portalSignIn, screenshot, signIn, useE2e } from './harness.ts';

const run = browserAvailable();

const CASES = [
  {
    locale: 'en',
    dir: 'ltr',
    reward: 'Free coffee',
    email: 'dana.rewards@example.com',
    used: 'Already used',
  },
  { locale: 'he', dir: 'rtl', reward: 'קפה חינם', email: 'noa.rewards@example.com', used: 'כבר מומש' },
] as const;

describe.skipIf(!run)('rewards: catalog, portal redemption, till', () => {
  const e2e = useE2e(async (server) => {
    for (const c of CASES) {
      const member = await createMember(server.db, systemClock, SYSTEM_ACTOR, server.program.id, {
        firstName: 'Dana',
        email: c.email,
      });
      await adjustPoints(server.db, systemClock, SYSTEM_ACTOR, server.program.id, member.id, {
        points: 250,
        reason: 'welcome',
      });
    }
  });

  describe.each(CASES)('in $locale', (c) => {
    it('the owner adds a reward with texts per language and sees each preview', async () => {
      const { server, browser } = e2e;
      const page = await browser.context.newPage();
      await signIn(page, server, c.locale);
      expect(await page.locator('html').getAttribute('dir')).toBe(c.dir);
      await page.locator('#sidebar a[href$="/rewards"]').click();
      await page.locator('main h1').waitFor();
      await page.locator('main .page-head button').click();
      const form = page.locator('form.reward-editor');
      await form.locator('select[name=kind]').selectOption('free_product');
      await form.locator('input[name=effect]').fill('coffee');
      await form.locator('input[name=costPoints]').fill('100');
      await form.locator('input[name=stock]').fill('20');
      await form.locator('input[name=couponValidDays]').fill('30');
      await form.locator('input[name="name-he"]').fill(`קפה חינם ${c.locale}`);
      const preview = page.getByTestId('reward-preview');
      expect(await preview.getAttribute('dir')).toBe('rtl');
      await preview.getByText(`קפה חינם ${c.locale}`).waitFor();
      await form.locator('button[role=tab][lang=en]').click();
      await form.locator('input[name="name-en"]').fill(`Free coffee ${c.locale}`);
      expect(await preview.getAttribute('dir')).toBe('ltr');
      await preview.getByText(`Free coffee ${c.locale}`).waitFor();
      await screenshot(page, `rewards-editor-${c.locale}`);
      await form.locator('button[type=submit]').click();
      const row = page.locator(`tr[data-reward="${c.reward} ${c.locale}"]`);
      await row.waitFor();
      expect(await row.textContent()).toContain('20 / 20');
      await page.close();
    });

    it('a member redeems it in the portal, the till redeems the code once, the lookup shows it used', async () => {
      const { server, browser } = e2e;
      const page = await browser.context.newPage();
      await page.setViewportSize({ width: 390, height: 844 });
      await portalSignIn(page, server, c.email, c.locale);
      expect(await page.locator('html').getAttribute('dir')).toBe(c.dir);
      const reward = page.locator(`li.reward[data-reward="${c.reward} ${c.locale}"]`);
      await reward.locator('button').click();
      await page.locator('[role=dialog] button.btn-primary').click();
      await page.getByTestId('portal-balance').filter({ hasText: /^150$/ }).waitFor();
      const coupon = page.getByTestId('portal-coupons').locator('li[data-status=active]');
      await coupon.getByTestId('coupon-qr').waitFor();
      expect(await coupon.getByTestId('coupon-barcode').locator('rect').count()).toBeGreaterThan(10);
      const code = (await coupon.locator('figcaption').textContent())!;
      expect(code).toMatch(/^[2-9A-HJKMNP-Z]{5}(-[2-9A-HJKMNP-Z]{5}){2}$/);
      await screenshot(page, `portal-coupon-${c.locale}`);
      await page.close();

      const till = await browser.context.newPage();
      await till.setViewportSize({ width: 1024, height: 768 });
      await signIn(till, server, c.locale);
      await till.goto(`${server.url}/pos`);
      await till.locator('.till input[name=code]').fill(code.toLowerCase().replace(/-/g, ' '));
      await till.locator('.till input[name=total]').fill('48');
      await till.locator('.till input[name=sku]').fill('coffee');
      await till.locator('.till input[name=price]').fill('14');
      await till.locator('.till button[type=submit]').click();
      const result = till.getByTestId('till-result');
      await result.locator('.notice-success').waitFor();
      await till.locator('.till-actions button.btn-primary').nth(1).click();
      await result.getByText(/14/).waitFor();
      await screenshot(till, `till-redeemed-${c.locale}`);
      await till.locator('.till button[type=submit]').click();
      await result.getByText(c.used).waitFor();

      await till.locator('#sidebar a[href$="/coupons"]').click();
      await till.locator('main input[name=code]').fill(code);
      await till.locator('main form button[type=submit]').click();
      await till.locator('[data-testid=lookup-result][data-status=redeemed]').waitFor();
      expect(await till.locator('.timeline li').count()).toBe(2);
      await till.close();
    });
  });
});
