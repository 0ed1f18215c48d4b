// The till page signed in with a store's API key, in English and in Hebrew: the key is entered once and kept
// for the browser session (a reload keeps it), the page shows the store, a code is checked and redeemed as that
// store, a coupon of another store is refused, and "forget" returns to the key form.
import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/modules/audit/index.ts';
import { createApiKey } from '../../src/modules/auth/index.ts';
import { createReward, grantReward } from '../../src/modules/rewards/index.ts';
import { COFFEE } from '../../src/modules/rewards/test-fixtures.ts';
import { createMember } from '../../src/modules/members/index.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { browserAvailable, isolated, screenshot, useE2e } from './harness.ts';

const run = browserAvailable();

const CASES = [
  { locale: 'en', dir: 'ltr', store: 'Store dizengoff', done: 'Redeemed', wrongStore: 'wrong_store' },
  { locale: 'he', dir: 'rtl', store: isolated`סניף ${'dizengoff'}`, done: 'מומש', wrongStore: 'wrong_store' },
] as const;

describe.skipIf(!run)('till page with a store key', () => {
  const e2e = useE2e(async (server) => {
    const db = server.db;
    const programId = server.program.id;
    const key = await createApiKey(db, {
      programId,
      name: 'Dizengoff till',
      permissions: ['coupons:redeem'],
      createdBy: null,
      storeId: 'dizengoff',
    });
    const coffee = await createReward(db, systemClock, SYSTEM_ACTOR, programId, COFFEE);
    const elsewhere = await createReward(db, systemClock, SYSTEM_ACTOR, programId, {
      ...COFFEE,
      conditions: { stores: ['florentin'] },
    });
    const codes: Record<string, { ours: string; theirs: string }> = {};
    for (const c of CASES) {
      const member = await createMember(db, systemClock, SYSTEM_ACTOR, programId, {
        firstName: 'Dana',
        email: `till-${c.locale}@example.com`,
      });
      const give = (rewardId: string) =>
        grantReward(db, systemClock, SYSTEM_ACTOR, { programId, memberId: member.id, rewardId, why: {} });
      codes[c.locale] = { ours: (await give(coffee.id)).code, theirs: (await give(elsewhere.id)).code };
    }
    return { key: key.key, codes };
  });

  describe.each(CASES)('in $locale', (c) => {
    it('signs in with the key once, shows the store, redeems as it; another store’s coupon is refused', async () => {
      const { server, browser, prepared } = e2e;
      const page = await browser.context.newPage();
      await page.setViewportSize({ width: 1024, height: 768 });
      await page.context().clearCookies();
      await page.goto(`${server.url}/pos`);
      await page.evaluate(
        (l) => localStorage.setItem('moadon.admin.prefs', JSON.stringify({ locale: l })),
        c.locale,
      );
      await page.reload();
      expect(await page.locator('html').getAttribute('dir')).toBe(c.dir);
      await page.locator('input[name=apiKey]').fill('mk_not-a-real-key');
      await page.locator('.till form button[type=submit]').click();
      await page.locator('.till .notice').waitFor();
      await page.locator('input[name=apiKey]').fill(prepared.key);
      await page.locator('.till form button[type=submit]').click();
      const store = page.getByTestId('till-store');
      await store.waitFor();
      expect(await store.textContent()).toContain(c.store);
      // Kept for the session: a reload (or a crashed tab restored) opens the till without asking again.
      await page.reload();
      await store.waitFor();

      const { ours, theirs } = prepared.codes[c.locale]!;
      const result = page.getByTestId('till-result');
      await page.locator('.till input[name=code]').fill(theirs.toLowerCase());
      await page.locator('.till input[name=total]').fill('14');
      await page.locator('.till input[name=sku]').fill('coffee');
      await page.locator('.till input[name=price]').fill('14');
      await page.locator('.till button[type=submit]').click();
      await result.locator('.notice').waitFor();
      expect(await result.textContent()).toContain(c.wrongStore);

      await page.locator('.till input[name=code]').fill(ours);
      await page.locator('.till button[type=submit]').click();
      await page.locator('.till-actions button.btn-primary').nth(1).waitFor();
      await page.locator('.till-actions button.btn-primary').nth(1).click();
      await result.getByText(c.done).waitFor();
      await screenshot(page, `till-key-${c.locale}`);
      const row = await server.db
        .selectFrom('coupons')
        .select(['status', 'redeemed_store_id'])
        .where('program_id', '=', server.program.id)
        .where('display_code', '=', ours)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ status: 'redeemed', redeemed_store_id: 'dizengoff' });

      await page.locator('.till-forget').click();
      await page.locator('input[name=apiKey]').waitFor();
      await page.close();
    });
  });
});
