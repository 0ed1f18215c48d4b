// Recording a sale at the till from the admin, as a cashier, in English and in Hebrew (right to left), at a
// counter tablet's width and at 390 px: find the member by phone, by name (two matches to choose from) and by
// the member card's id; enter the amount and an item; see the points earned; refund from the purchase row.
import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/modules/audit/index.ts';
import { createAdminUser, grantRole } from '../../src/modules/auth/index.ts';
import { createEarningRule } from '../../src/modules/loyalty/index.ts';
import { createMember } from '../../src/modules/members/index.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { memberCardText } from '../../web/src/shared/member-card.ts';
import { browserAvailable, screenshot, signIn, useE2e } from './harness.ts';

const run = browserAvailable();

const CASES = [
  {
    locale: 'en',
    dir: 'ltr',
    width: 1024,
    phone: '050-111-2201',
    points: '+42 points',
    refunded: /Refunded ₪21.25/,
  },
  {
    locale: 'he',
    dir: 'rtl',
    width: 390,
    phone: '050-111-2202',
    points: '42 נקודות',
    refunded: /הוחזרו .*21.25/,
  },
] as const;

describe.skipIf(!run)('record a sale at the till', () => {
  const e2e = useE2e(async (server) => {
    await createEarningRule(server.db, systemClock, SYSTEM_ACTOR, server.program.id, {
      name: 'Base: 1 point per ₪1',
      trigger: 'purchase',
      effect: { type: 'per_spend', points: 1, per: 100 },
    });
    const ids: Record<string, string> = {};
    for (const c of CASES) {
      const m = await createMember(server.db, systemClock, SYSTEM_ACTOR, server.program.id, {
        firstName: c.locale === 'he' ? 'נועה' : 'Dana',
        lastName: `Till${c.locale}`,
        phone: c.phone,
      });
      ids[c.locale] = m.id;
      // Two members share a first name: searching by it lists both to choose from.
      await createMember(server.db, systemClock, SYSTEM_ACTOR, server.program.id, {
        firstName: 'Twin',
        lastName: `${c.locale}-${m.id.slice(0, 4)}`,
        email: `twin-${c.locale}-${m.id.slice(0, 6)}@example.com`,
      });
    }
    const cashier = {
      email: `cashier-${server.program.slug}@example.com`,
      password: 'correct horse battery',
    };
    const user = await createAdminUser(server.db, { ...cashier, name: 'Cashier' });
    await grantRole(server.db, server.program.id, user.id, 'cashier');
    return { ids, cashier };
  });

  describe.each(CASES)('in $locale at $width px', (c) => {
    it('finds the member by phone, records a sale with an item, refunds half from the row', async () => {
      const { server, browser, prepared } = e2e;
      const page = await browser.context.newPage();
      await page.setViewportSize({ width: c.width, height: 900 });
      await signIn(page, server, c.locale, prepared.cashier);
      // A cashier lands on the sale screen and sees no settings or marketing screens.
      await page.waitForURL(/\/sale$/);
      expect(await page.locator('html').getAttribute('dir')).toBe(c.dir);
      expect(await page.locator('#sidebar a[href$="/settings/users"]').count()).toBe(0);
      expect(await page.locator('#sidebar a[href$="/templates"]').count()).toBe(0);

      await page.locator('#sale-query').fill(c.phone.replace(/-/g, ''));
      await page.locator('#sale-query').press('Enter');
      await page.getByTestId('sale-member').waitFor();
      expect(await page.getByTestId('sale-member').textContent()).toContain(`Till${c.locale}`);
      // The phone in the club's national format.
      expect(await page.getByTestId('sale-member').textContent()).toContain(c.phone);

      const form = page.locator('form.sale-form');
      await form.locator('input[name=amount]').fill('42.50');
      await form.locator('fieldset.sale-items > button').click();
      await form.locator('input[name=sku-1]').fill('latte');
      await form.locator('input[name=category-1]').fill('coffee');
      await form.locator('input[name=quantity-1]').fill('2');
      await form.locator('input[name=price-1]').fill('21.25');
      await screenshot(page, `sale-form-${c.locale}`);
      await page.getByTestId('sale-submit').click();
      const result = page.getByTestId('sale-result');
      await result.waitFor();
      expect(await result.textContent()).toContain(c.points);
      await page.getByTestId('sale-balance').filter({ hasText: '42' }).waitFor();
      await screenshot(page, `sale-recorded-${c.locale}`);

      const row = page.locator('tr', { has: page.locator('[data-refund-state=none]') }).first();
      await row.getByTestId('refund-open').click();
      const dialog = page.locator('dialog[open]');
      await dialog.locator('input[name=amount]').fill('21.25');
      await dialog.locator('button[type=submit]').click();
      await page.locator('[data-refund-state=partial]').waitFor();
      await page.locator('.notice-success', { hasText: c.refunded }).waitFor();
      await page.getByTestId('sale-balance').filter({ hasText: '21' }).waitFor();
      const missing = await page.evaluate(() => window.__moadonMissingMessages ?? []);
      expect(missing).toEqual([]);
      await page.close();
    });

    it('lists two matches for a name to choose from, and finds a member by the card code', async () => {
      const { server, browser, prepared } = e2e;
      const page = await browser.context.newPage();
      await page.setViewportSize({ width: c.width, height: 900 });
      await signIn(page, server, c.locale, prepared.cashier);
      await page.waitForURL(/\/sale$/);
      await page.locator('#sale-query').fill('Twin');
      await page.locator('#sale-query').press('Enter');
      const matches = page.getByTestId('sale-matches').locator('li');
      await matches.first().waitFor();
      expect(await matches.count()).toBeGreaterThanOrEqual(2);
      await matches.first().locator('button').click();
      await page.getByTestId('sale-member').waitFor();
      expect(await page.getByTestId('sale-member').textContent()).toContain('Twin');
      await page.locator('.sale-member button').click();

      // A scanner types the card's text into the search field.
      await page.locator('#sale-query').fill(memberCardText(prepared.ids[c.locale]!));
      await page.locator('#sale-query').press('Enter');
      await page
        .getByTestId('sale-member')
        .filter({ hasText: `Till${c.locale}` })
        .waitFor();
      await page.close();
    });
  });
});
