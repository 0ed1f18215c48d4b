// The security headers (src/platform/http/security-headers.ts) in a real browser: the pages a member opens
// from an e-mail and the API docs work under the Content-Security-Policy, a hosted form still sends the
// visitor on to the club's own thank-you page on another site, and another site cannot frame the
// unsubscribe page. (Every browser test also fails on any CSP report: see launchBrowser in harness.ts.)
import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/modules/audit/index.ts';
import { createMember } from '../../src/modules/members/index.ts';
import { createForm } from '../../src/modules/membership/forms/service.ts';
import { memberLinks, recordConsent } from '../../src/modules/membership/index.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { browserAvailable, useE2e, type E2eServer } from './harness.ts';

const run = browserAvailable();

async function prepare(server: E2eServer) {
  const member = await createMember(server.db, systemClock, SYSTEM_ACTOR, server.program.id, {
    email: 'headers@example.com',
    locale: 'he',
  });
  await recordConsent(server.db, systemClock, {
    programId: server.program.id,
    memberId: member.id,
    channel: 'email',
    purpose: 'marketing',
    status: 'granted',
    source: 'form',
    textShown: 'כן',
  });
  // Another origin (localhost, not 127.0.0.1) stands for the club's own website.
  const otherSite = server.url.replace('127.0.0.1', 'localhost');
  const form = await createForm(server.db, systemClock, server.program.id, {
    name: 'Join',
    definition: {
      locales: ['en'],
      fields: [{ name: 'email', required: true }],
      consents: [],
      listIds: [],
      doubleOptIn: false,
      thankYou: { redirectUrl: `${otherSite}/healthz` },
      spam: { minFillSeconds: 0 },
    },
  });
  const ctx = { db: server.db, clock: systemClock, config: { publicUrl: server.url } };
  return { form, otherSite, links: await memberLinks(ctx, server.program.id, member.id) };
}

describe.skipIf(!run)('pages under the security headers', () => {
  const e2e = useE2e(prepare);

  it('the preference centre and unsubscribe page work, and another site cannot frame them', async () => {
    const { browser, prepared } = e2e;
    const page = await browser.context.newPage();
    await page.goto(prepared.links.preferencesUrl);
    await page.locator('form.mdn-form button[type=submit]').first().click();
    await page.waitForLoadState('load');
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');

    await page.goto(prepared.links.unsubscribeUrl);
    expect(await page.locator('h1').count()).toBeGreaterThan(0);

    // Another site's page (a blank page, without our headers) with the unsubscribe page in a frame: Chromium
    // refuses to render it.
    await page.goto('about:blank');
    await page.setContent(`<iframe src="${prepared.links.unsubscribeUrl}"></iframe>`);
    const frame = (await page.locator('iframe').elementHandle())!.contentFrame();
    // In place of the page, Chromium shows its error page in the frame.
    await expect.poll(async () => (await frame)?.url()).toMatch(/^chrome-error:/);
    expect(await (await frame)!.locator('form, h1.mdn-title').count()).toBe(0);
    await page.close();
  });

  it('a hosted form submits and sends the visitor on to the club’s thank-you page on another site', async () => {
    const { server, browser, prepared } = e2e;
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/f/${prepared.form.id}`);
    await page.locator('input[name=email]').fill('thanks@example.com');
    await Promise.all([
      page.waitForURL(`${prepared.otherSite}/healthz`),
      page.locator('button[type=submit]').click(),
    ]);
    await page.close();
  });

  it('the API docs (Swagger UI) render', async () => {
    const { server, browser } = e2e;
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/docs`);
    await page.locator('.swagger-ui .info .title').waitFor();
    expect(await page.locator('.swagger-ui .info .title').textContent()).toContain('Moadon API');
    await page.locator('.opblock').first().waitFor();
    await page.close();
  });
});
