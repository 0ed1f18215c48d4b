// The portal never claims a consent the member did not give: a visitor signs up on the hosted form ticking
// only the e-mail box, then sees exactly that in the portal's preferences, and what they change there is
// what the consent records say afterwards (with the wording they saw as proof) — in English, Hebrew and Persian.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createForm } from '../../src/modules/membership/forms/service.ts';
import { consentHistory, currentConsents } from '../../src/modules/membership/index.ts';
import { systemClock } from '../../src/platform/clock.ts';
import {
  browserAvailable,
  portalSignIn as signInToPortal,
  screenshot,
  useE2e,
  type E2eServer,
} from './harness.ts';

const run = browserAvailable();

const CASES = [
  { locale: 'en', dir: 'ltr', email: 'consent.en@example.com', phone: '054-555-0201' },
  { locale: 'he', dir: 'rtl', email: 'consent.he@example.com', phone: '054-555-0202' },
  { locale: 'fa', dir: 'rtl', email: 'consent.fa@example.com', phone: '054-555-0203' },
] as const;

async function prepare(server: E2eServer) {
  return createForm(server.db, systemClock, server.program.id, {
    name: 'Join',
    definition: {
      locales: ['he', 'fa', 'en'],
      fields: [{ name: 'email', required: true }, { name: 'phone' }, { name: 'firstName' }],
      consents: [
        {
          key: 'email_marketing',
          channel: 'email',
          purpose: 'marketing',
          text: { he: 'דיוור בדוא״ל', fa: 'خبرنامه با ایمیل', en: 'Offers by e-mail' },
        },
        {
          key: 'sms_marketing',
          channel: 'sms',
          purpose: 'marketing',
          text: { he: 'דיוור ב־SMS', fa: 'پیامک تبلیغاتی', en: 'Offers by SMS' },
        },
      ],
      listIds: [],
      doubleOptIn: false,
      spam: { minFillSeconds: 0 },
    },
  });
}

describe.skipIf(!run)('portal preferences show the recorded consent', () => {
  const e2e = useE2e(prepare);

  const portalSignIn = (page: Page, locale: string, email: string) =>
    signInToPortal(page, e2e.server, email, locale, 'portal-consents');

  /** What the portal shows, channel → ticked. */
  const shown = async (page: Page) =>
    Object.fromEntries(
      await page
        .getByTestId('portal-consents')
        .locator('[data-channel]')
        .evaluateAll((rows) =>
          rows.map((r) => [
            r.getAttribute('data-channel'),
            (r.querySelector('input[type=checkbox]') as HTMLInputElement).checked,
          ]),
        ),
    ) as Record<string, boolean>;

  /** What the consent records say, channel → granted (every reachable channel; unrecorded = not given). */
  async function recorded(memberId: string) {
    const current = await currentConsents(e2e.server.db, e2e.server.program.id, memberId);
    return Object.fromEntries(
      ['email', 'sms', 'phone'].map((ch) => [
        ch,
        current.some((c) => c.channel === ch && c.purpose === 'marketing' && c.status === 'granted'),
      ]),
    );
  }

  describe.each(CASES)('in $locale', (c) => {
    it('shows only the consent ticked on the form, and records what the member changes', async () => {
      const { server, browser, prepared: form } = e2e;
      const page = await browser.context.newPage();
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${server.url}/f/${form.id}?lang=${c.locale}`);
      await page.locator('input[name=email]').fill(c.email);
      await page.locator('input[name=phone]').fill(c.phone);
      await page.locator('input[name="consent.email_marketing"]').check();
      await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes(`/f/${form.id}`)),
        page.locator('button[type=submit]').click(),
      ]);
      // The thank-you page says it once and offers the club's portal.
      const portalLink = page.locator(`a[href="${server.url}/portal/${server.program.slug}"]`);
      await portalLink.waitFor();
      expect(await page.locator('[role=status]').count()).toBe(1);
      const member = await server.db
        .selectFrom('members')
        .select('id')
        .where('program_id', '=', server.program.id)
        .where('email', '=', c.email)
        .executeTakeFirstOrThrow();

      await portalSignIn(page, c.locale, c.email);
      expect(await page.locator('html').getAttribute('dir')).toBe(c.dir);
      expect(await recorded(member.id)).toEqual({ email: true, sms: false, phone: false });
      expect(await shown(page)).toEqual(await recorded(member.id));
      await screenshot(page, `portal-preferences-${c.locale}`);

      // Granting SMS in the portal records consent with the wording shown, in the language shown.
      const sms = page.locator('[data-channel=sms]');
      const wording = (await sms.locator('label').textContent())!;
      // The box is controlled by the recorded status, so it turns only when the server has answered.
      await sms.locator('input[type=checkbox]').click();
      await page.locator('[data-channel=sms][data-status=granted]').waitFor();
      // Withdrawing e-mail records the withdrawal.
      await page.locator('[data-channel=email] input[type=checkbox]').click();
      await page.locator('[data-channel=email][data-status=withdrawn]').waitFor();
      expect(await recorded(member.id)).toEqual({ email: false, sms: true, phone: false });
      const history = await consentHistory(server.db, server.program.id, member.id);
      const smsGrant = history.find((r) => r.channel === 'sms' && r.source === 'portal')!;
      expect(smsGrant).toMatchObject({ status: 'granted', textShown: wording, locale: c.locale });
      expect(smsGrant.ip).toBeTruthy();

      // A fresh load shows the same as the records.
      await page.reload();
      await page.getByTestId('portal-consents').waitFor();
      expect(await shown(page)).toEqual(await recorded(member.id));
      await page.close();
    });
  });

  it('/portal without an address goes to the club (or lists the clubs on a shared server)', async () => {
    const { server, browser } = e2e;
    const page = await browser.context.newPage();
    await page.context().clearCookies();
    await page.goto(`${server.url}/portal`);
    const club = page.locator(`a[href="/portal/${server.program.slug}"]`);
    await Promise.race([page.waitForURL(`**/portal/${server.program.slug}`), club.waitFor()]);
    if (!page.url().endsWith(server.program.slug)) await club.click();
    await page.waitForURL(`**/portal/${server.program.slug}`);
    await page.getByRole('heading', { name: server.program.name }).waitFor();
    await page.close();
  });
});
