// The API's refusals in the user's language, on the field they are about: a phone number that is not one,
// and an e-mail address another member already has (with a link to that member) — in English, Hebrew and
// Persian. Nothing English from the server reaches a Hebrew or Persian screen.
import { describe, expect, it } from 'vitest';
import { createMember } from '../../src/modules/members/index.ts';
import { SYSTEM_ACTOR } from '../../src/modules/audit/index.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { browserAvailable, signIn, useE2e } from './harness.ts';

const run = browserAvailable();

const FSI = '\u2068';
const PDI = '\u2069';
const CASES = [
  {
    locale: 'en',
    phone: `${FSI}12${PDI} is not a valid phone number: not a valid number for ${FSI}IL${PDI}.`,
    duplicate: 'A member with this e-mail address already exists.',
  },
  {
    locale: 'he',
    phone: `${FSI}12${PDI} אינו מספר טלפון תקין: אינו מספר תקין עבור ${FSI}IL${PDI}.`,
    duplicate: 'כבר קיים/ת חבר/ת מועדון עם כתובת הדוא״ל הזו.',
  },
  {
    locale: 'fa',
    phone: `${FSI}12${PDI} شمارهٔ تلفن معتبری نیست: برای ${FSI}IL${PDI} شمارهٔ معتبری نیست.`,
    duplicate: 'عضوی با این نشانی ایمیل از پیش وجود دارد.',
  },
] as const;

describe.skipIf(!run)('API errors in the user language', () => {
  const e2e = useE2e((server) =>
    createMember(server.db, systemClock, SYSTEM_ACTOR, server.program.id, {
      email: 'taken@example.com',
      firstName: 'Existing',
    }),
  );

  describe.each(CASES)('in $locale', (c) => {
    it('shows a refused phone on its field and links a duplicate e-mail to the existing member', async () => {
      const { server, browser, prepared: existing } = e2e;
      const page = await browser.context.newPage();
      await signIn(page, server, c.locale);
      await page.goto(`${server.url}/p/${server.program.id}/members/new`);
      await page.locator('input[name=firstName]').fill('Test');
      await page.locator('input[name=phone]').fill('12');
      await page.locator('main form button[type=submit]').click();
      const phone = page.locator('input[name=phone]');
      await page.locator('input[name=phone][aria-invalid=true]').waitFor();
      const describedBy = (await phone.getAttribute('aria-describedby'))!;
      expect(await page.locator(`[id="${describedBy}"]`).textContent()).toBe(c.phone);

      await phone.fill('');
      await page.locator('input[name=email]').fill('taken@example.com');
      await page.locator('main form button[type=submit]').click();
      await page.locator('input[name=email][aria-invalid=true]').waitFor();
      const alert = page.getByRole('alert');
      expect(await alert.textContent()).toContain(c.duplicate);
      await alert.locator('a').click();
      await page.waitForURL(new RegExp(`/members/${existing.id}$`));
      expect(await page.locator('main h1').textContent()).toBe('Existing');
      expect(await page.evaluate(() => window.__moadonMissingMessages)).toEqual([]);
      await page.close();
    });
  });
});
