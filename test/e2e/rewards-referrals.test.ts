// Referrals end to end, in English and in Hebrew (right to left): the owner sets the referral bonus in the
// admin, a member finds their invitation link, QR code and share buttons in the portal, a friend opens the
// link and joins on the signup form, the friend's first purchase pays both sides, and the member's progress
// and the admin's report show it.
import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/modules/audit/index.ts';
import { recordPurchase } from '../../src/modules/loyalty/index.ts';
import { createMember } from '../../src/modules/members/index.ts';
import { createForm } from '../../src/modules/membership/forms/service.ts';
import { checkReferee } from '../../src/modules/referrals/index.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { browserAvailable, portalSignIn, screenshot, signIn, useE2e } from './harness.ts';

const run = browserAvailable();

const CASES = [
  {
    locale: 'en',
    dir: 'ltr',
    email: 'avi.invites@example.com',
    friend: 'noa.joins@example.com',
    qualified: 'Qualified',
  },
  {
    locale: 'he',
    dir: 'rtl',
    email: 'yossi.invites@example.com',
    friend: 'tamar.joins@example.com',
    qualified: 'עמד בתנאים',
  },
] as const;

describe.skipIf(!run)('referrals: settings, invite link, friend joins and buys, both paid', () => {
  const e2e = useE2e(async (server) => {
    await createForm(server.db, systemClock, server.program.id, {
      name: 'Join the club',
      definition: {
        locales: ['he', 'en'],
        fields: [{ name: 'email', required: true }, { name: 'firstName' }],
        consents: [],
        listIds: [],
        doubleOptIn: false,
        spam: { minFillSeconds: 0 },
      },
    });
    for (const c of CASES) {
      await createMember(server.db, systemClock, SYSTEM_ACTOR, server.program.id, {
        firstName: 'Avi',
        email: c.email,
      });
    }
  });

  describe.each(CASES)('in $locale', (c) => {
    it('the owner sets the referral bonus and the signup form', async () => {
      const { server, browser } = e2e;
      const page = await browser.context.newPage();
      await signIn(page, server, c.locale);
      expect(await page.locator('html').getAttribute('dir')).toBe(c.dir);
      await page.locator('#sidebar a[href$="/referrals"]').click();
      const form = page.locator('form.referral-settings');
      await form.waitFor();
      await form.locator('select[name=formId]').selectOption({ label: 'Join the club' });
      await form.locator('input[name=referrerPoints]').fill('500');
      await form.locator('input[name=refereePoints]').fill('200');
      await form.locator('input[name=minPurchase]').fill('50');
      await form.locator('input[name=monthlyTarget]').fill('10');
      // Every visitor of this test comes from 127.0.0.1, the member and the friend alike.
      await form.locator('input[name=blockSameNetwork]').uncheck();
      await form.locator('button[type=submit]').click();
      await form.locator('.notice-success').waitFor();
      await screenshot(page, `referrals-settings-${c.locale}`);
      await page.close();
    });

    it('a member shares the link, the friend joins and buys, both are paid and the report shows it', async () => {
      const { server, browser } = e2e;
      const page = await browser.context.newPage();
      await page.setViewportSize({ width: 390, height: 844 });
      await portalSignIn(page, server, c.email, c.locale);
      const invite = page.getByTestId('portal-invite');
      await invite.getByTestId('invite-qr').waitFor();
      const link = await invite.getByTestId('invite-link').inputValue();
      const code = (await invite.getByTestId('invite-code').textContent())!;
      expect(link).toBe(`${server.url}/r/${code}`);
      for (const share of ['whatsapp', 'telegram', 'sms', 'email', 'copy'])
        await invite.locator(`[data-share=${share}]`).waitFor();
      expect(await invite.locator('[data-share=whatsapp]').getAttribute('href')).toContain(
        encodeURIComponent(link),
      );
      await invite.scrollIntoViewIfNeeded();
      await screenshot(page, `portal-invite-${c.locale}`);

      const friend = await browser.context.newPage();
      await friend.goto(`${link}?lang=${c.locale}`);
      expect(new URL(friend.url()).searchParams.get('ref')).toBe(code);
      await friend.locator('input[name=email]').fill(c.friend);
      await Promise.all([friend.waitForURL(/\/submit$/), friend.locator('button[type=submit]').click()]);
      const friendRow = await server.db
        .selectFrom('members')
        .select('id')
        .where('program_id', '=', server.program.id)
        .where('email', '=', c.friend)
        .executeTakeFirstOrThrow();
      await friend.close();

      await recordPurchase(server.db, systemClock, SYSTEM_ACTOR, server.program.id, {
        orderId: `first-${c.locale}`,
        memberId: friendRow.id,
        total: 6_000,
        currency: 'ILS',
      });
      expect(await checkReferee(server.db, systemClock, server.program.id, friendRow.id)).toBe('qualified');

      await page.reload();
      await page
        .getByTestId('invite-qualified')
        .filter({ hasText: /^(1|١|۱)$/ })
        .waitFor();
      await page
        .getByTestId('invite-points')
        .filter({ hasText: /500|۵۰۰/ })
        .waitFor();
      await page.close();

      const admin = await browser.context.newPage();
      await signIn(admin, server, c.locale);
      await admin.locator('#sidebar a[href$="/referrals"]').click();
      await admin.getByTestId('referral-list').locator('tr[data-status=qualified]').first().waitFor();
      expect(await admin.getByTestId('referral-list').textContent()).toContain(c.qualified);
      await admin.getByTestId('referral-report').locator('[role=progressbar]').waitFor();
      await screenshot(admin, `referrals-report-${c.locale}`);
      await admin.close();
    });
  });
});
