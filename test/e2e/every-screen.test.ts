// Walks every admin screen and the member portal in English, Hebrew and Persian, in one browser against one
// server with one small club built from factories (members with purchases, a tier, a reward, a list, a signup
// form, a template, a message), and fails on any message key a catalogue lacks (the i18n layer's missing-key
// report, window.__moadonMissingMessages, which also records untranslated labels and error codes), on any
// console error or uncaught exception, and on a message key shown as text. Screens are reached through the
// app's own router (no reload between them), so the walk stays quick.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { catalogues } from '../../web/src/shared/i18n/catalogues.ts';
import { SYSTEM_ACTOR } from '../../src/modules/audit/index.ts';
import { createEarningRule, recordPurchase, updateLoyaltySettings } from '../../src/modules/loyalty/index.ts';
import { createMember } from '../../src/modules/members/index.ts';
import { createForm } from '../../src/modules/membership/forms/service.ts';
import { createList, recordConsent, subscribeToLists } from '../../src/modules/membership/index.ts';
import { createTemplate } from '../../src/modules/messaging/templates/service.ts';
import { createReward } from '../../src/modules/rewards/index.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { browserAvailable, portalSignIn, signIn, useE2e, type E2eServer } from './harness.ts';

const run = browserAvailable();
const LOCALES = ['en', 'he', 'fa'] as const;
const MEMBER_EMAIL = 'walk.member@example.com';

async function seed(server: E2eServer) {
  const programId = server.program.id;
  const clock = systemClock;
  await updateLoyaltySettings(server.db, clock, SYSTEM_ACTOR, programId, { pendingDays: 0 });
  await createEarningRule(server.db, clock, SYSTEM_ACTOR, programId, {
    name: 'Base',
    names: { he: 'בסיס', fa: 'پایه', en: 'Base' },
    trigger: 'purchase',
    effect: { type: 'per_spend', points: 1, per: 100 },
  });
  const member = await createMember(server.db, clock, SYSTEM_ACTOR, programId, {
    firstName: 'Noa',
    lastName: 'Levi',
    email: MEMBER_EMAIL,
    phone: '+972501234567',
  });
  await createMember(server.db, clock, SYSTEM_ACTOR, programId, { firstName: 'Omer', externalId: 'walk-2' });
  await recordPurchase(server.db, clock, SYSTEM_ACTOR, programId, {
    orderId: 'walk-0001',
    memberId: member.id,
    total: 4_200,
    currency: 'ILS',
    items: [{ sku: 'latte', category: 'drinks', quantity: 2, price: 2_100 }],
  });
  await recordConsent(server.db, clock, {
    programId,
    memberId: member.id,
    channel: 'email',
    purpose: 'marketing',
    status: 'granted',
    source: 'form',
    textShown: 'Offers by e-mail',
  });
  const list = await createList(server.db, clock, programId, { name: 'Regulars' });
  await subscribeToLists(server.db, clock, {
    programId,
    memberId: member.id,
    listIds: [list.id],
    source: 'admin',
  });
  const form = await createForm(server.db, clock, programId, {
    name: 'Join',
    definition: {
      locales: ['he', 'fa', 'en'],
      fields: [{ name: 'email', required: true }, { name: 'firstName' }],
      consents: [],
      listIds: [list.id],
      doubleOptIn: false,
      thankYou: { text: { he: 'תודה', fa: 'سپاس', en: 'Thanks' } },
      spam: { minFillSeconds: 0 },
    },
  });
  const template = await createTemplate(server.db, clock, SYSTEM_ACTOR, programId, {
    key: 'walk-news',
    name: 'News',
    channel: 'email',
    purpose: 'service',
    defaultLocale: 'en',
    variants: {
      en: {
        subject: 'News',
        body: '<mjml><mj-body><mj-section><mj-column><mj-text>Hello</mj-text></mj-column></mj-section></mj-body></mjml>',
      },
    },
  });
  await createReward(server.db, clock, SYSTEM_ACTOR, programId, {
    kind: 'free_product',
    costPoints: 100,
    texts: { he: { name: 'קפה חינם' }, en: { name: 'Free coffee' }, fa: { name: 'قهوه رایگان' } },
    effect: { sku: 'coffee' },
    couponValidDays: 30,
  });
  return { member, list, form, template };
}

/** Every admin screen (web/src/admin/routes.tsx), with the seeded records for those that show one. */
function adminPaths(p: Awaited<ReturnType<typeof seed>>, messageId: string): string[] {
  return [
    '/dashboard',
    '/members',
    '/members/new',
    `/members/${p.member.id}`,
    `/members/${p.member.id}/edit`,
    '/loyalty',
    '/loyalty/tiers',
    '/loyalty/settings',
    '/rewards',
    '/coupons',
    '/coupon-batches',
    '/referrals',
    '/pos',
    '/sale',
    '/lists',
    `/lists/${p.list.id}`,
    '/forms',
    '/forms/new',
    `/forms/${p.form.id}`,
    `/forms/${p.form.id}/poster`,
    '/imports',
    '/segments',
    '/value',
    '/templates',
    '/templates/new/email',
    '/templates/new/sms',
    `/templates/${p.template.id}`,
    '/campaigns',
    '/campaigns/new',
    '/messages',
    `/messages/${messageId}`,
    '/deliverability',
    '/settings/program',
    '/settings/users',
    '/settings/api-keys',
    '/settings/audit',
    '/settings/sending',
    '/settings/contact-policy',
    '/settings/preferences',
  ];
}

const KEYS = new Set(Object.keys(catalogues.en));
/** Message keys shown as words: any text token that is a catalogue key. */
function leakedKeys(text: string): string[] {
  return [...new Set(text.match(/[a-zA-Z][\w-]*(?:\.[\w-]+)+/g) ?? [])].filter((token) => KEYS.has(token));
}

/** Console errors and uncaught exceptions of a page, as they happen. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    // Before signing in, each app asks for its session and is told 401: that is how it knows to show sign-in.
    const signedOut = /status of 401/.test(m.text()) && !/\/p\/[0-9a-f-]{36}/.test(page.url());
    if (m.type() === 'error' && !signedOut) errors.push(`${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
  return errors;
}

/** Goes to a path through the app's router and waits until the screen has its heading and nothing is loading. */
async function visit(page: Page, path: string) {
  await page.evaluate((to) => {
    history.pushState(null, '', to);
    dispatchEvent(new PopStateEvent('popstate'));
  }, path);
  await page.locator('main h1').first().waitFor();
  await page.waitForFunction(() => document.querySelectorAll('.spinner').length === 0);
}

describe.skipIf(!run)('every screen in every language', () => {
  const e2e = useE2e(seed);

  it('the portal and every admin screen, in en, he and fa: no missing key, console error or key shown', async () => {
    const { server, prepared } = e2e;
    const problems: string[] = [];
    const page = await e2e.browser.context.newPage();
    const errors = watchErrors(page);
    for (const locale of LOCALES) {
      // The portal: sign-in, then the card, rewards, history and preferences (signing in sends a message).
      await portalSignIn(page, server, MEMBER_EMAIL, locale);
      await page.waitForFunction(() => document.querySelectorAll('.spinner').length === 0);
      problems.push(
        ...leakedKeys(await page.locator('body').innerText()).map((k) => `portal ${locale}: ${k}`),
      );
    }
    const message = await server.db
      .selectFrom('messages')
      .select('id')
      .where('program_id', '=', server.program.id)
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    const base = `/p/${server.program.id}`;
    for (const locale of LOCALES) {
      await signIn(page, server, locale);
      expect(await page.locator('html').getAttribute('dir')).toBe(locale === 'en' ? 'ltr' : 'rtl');
      for (const path of adminPaths(prepared, message.id)) {
        await visit(page, base + path);
        const text = await page.locator('body').innerText();
        problems.push(...leakedKeys(text).map((k) => `${locale} ${path}: ${k}`));
      }
    }
    const missing = await page.evaluate(() => window.__moadonMissingMessages ?? []);
    expect({ missing, errors, problems }).toEqual({ missing: [], errors: [], problems: [] });
    await page.close();
  });
});
