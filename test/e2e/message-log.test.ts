// The message log in a real browser: every message of the program newest first, filtered by channel and days
// (an empty result says so), one message with its rendered content, status history and the bounce report that
// came back for it; the service messages' built-in templates on the templates screen — in English and mirrored
// in Hebrew.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/modules/audit/index.ts';
import { createMember } from '../../src/modules/members/index.ts';
import {
  parseReturnedMail,
  queueMessage,
  recordReturnedMail,
  sendQueuedMessage,
} from '../../src/modules/messaging/index.ts';
import { browserAvailable, screenshot, signIn, useE2e, type E2eServer } from './harness.ts';

const run = browserAvailable();
const clock = { now: () => new Date() };
const EMAIL = 'noa.log@example.co.il';

async function seed(server: E2eServer) {
  const programId = server.program.id;
  const member = await createMember(server.db, clock, SYSTEM_ACTOR, programId, {
    firstName: 'נועה',
    email: EMAIL,
    locale: 'he',
  });
  const bounced = await queueMessage(server.db, clock, {
    programId,
    memberId: member.id,
    channel: 'email',
    kind: 'double_opt_in',
    purpose: 'service',
    to: EMAIL,
    locale: 'he',
    subject: 'אישור הרשמה למועדון',
    text: 'שלום נועה',
    html: '<p>שלום נועה, כדי להשלים את ההרשמה</p>',
  });
  const raw = fs
    .readFileSync(path.resolve(import.meta.dirname, '../fixtures/bounces/postfix-user-unknown.eml'), 'utf8')
    .replaceAll('6f1c2b9e-0d7a-4c2e-9a51-3b8e2f4d1a00', bounced.id)
    .replaceAll('dana@example.co.il', EMAIL);
  await recordReturnedMail(
    { db: server.db, clock },
    { programId, source: 'http', reportId: 'e2e-log-1', report: await parseReturnedMail(raw) },
  );
  const sms = await queueMessage(server.db, clock, {
    programId,
    memberId: member.id,
    channel: 'sms',
    kind: 'portal_otp',
    purpose: 'service',
    to: '+972541234567',
    locale: 'he',
    text: 'הקוד שלך הוא 908172',
    secrets: ['908172'],
  });
  await sendQueuedMessage({ db: server.db, clock, config: {} }, { attempts: 1, maxAttempts: 10 }, sms.id);
  return { bouncedId: bounced.id };
}

describe.skipIf(!run)('message log', () => {
  const e2e = useE2e(seed);
  const url = (p: string) => `${e2e.server.url}/p/${e2e.server.program.id}${p}`;

  it('lists, filters and opens a message with its history and bounce report (English)', async () => {
    const page = await e2e.browser.context.newPage();
    await signIn(page, e2e.server, 'en');
    await page.goto(url('/dashboard'));
    await page.getByRole('link', { name: 'Message log' }).click();
    const log = page.getByTestId('message-log');
    await log.getByText(EMAIL).waitFor();
    await log.getByText('+972541234567').waitFor();
    expect(await log.textContent()).toContain('Sign-in code');
    // The code is never shown to admins.
    expect(await log.textContent()).not.toContain('908172');
    await screenshot(page, 'message-log-en');

    await page.getByLabel('Channel').selectOption('sms');
    await page.getByRole('button', { name: 'Show' }).click();
    await log.getByText('+972541234567').waitFor();
    await page.waitForFunction(() => !document.body.textContent?.includes('noa.log@example.co.il'));
    expect(page.url()).toContain('channel=sms');

    await page.getByLabel('From day').fill('2001-01-01');
    await page.getByLabel('To day (inclusive)').fill('2001-01-31');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByText('No message matches these filters.').waitFor();
    await page.getByLabel('From day').fill('2001-02-01');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByText('The last day is before the first.').waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await log.getByText(EMAIL).click();

    const detail = page.getByTestId('message-detail');
    await detail.getByText('Bounced').waitFor();
    const history = page.getByTestId('message-history');
    await history.getByText('hard bounce: user_unknown').waitFor();
    expect(await history.textContent()).toContain('Queued');
    const bounces = page.getByTestId('message-bounces');
    await bounces.getByText('Bounce · hard').waitFor();
    await bounces.getByText('Show the report').click();
    await bounces.getByText('5.1.1 · 550').waitFor();
    const frame = page.frameLocator('[data-testid="message-preview"]');
    await frame.getByText('כדי להשלים את ההרשמה').waitFor();
    await screenshot(page, 'message-detail-en');

    // A message that does not exist: the error state, with the way back.
    await page.goto(url('/messages/00000000-0000-4000-8000-000000000000'));
    await page.getByRole('alert').waitFor();
    await page.getByRole('link', { name: 'Back to the log' }).waitFor();

    await page.goto(url('/templates'));
    const services = page.getByTestId('service-templates');
    await services.getByText('Sign-up confirmation (double opt-in)').waitFor();
    expect(await services.getByRole('button', { name: 'Customise' }).count()).toBe(3);
    await page.close();
  });

  it('mirrors in Hebrew', async () => {
    const page = await e2e.browser.context.newPage();
    await signIn(page, e2e.server, 'he');
    await page.goto(url('/messages'));
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    const log = page.getByTestId('message-log');
    await log.getByText('קוד כניסה').waitFor();
    // Addresses and numbers stay left to right inside the right-to-left page.
    expect(
      await log
        .locator('bdi[dir="ltr"]')
        .first()
        .evaluate((el) => getComputedStyle(el).direction),
    ).toBe('ltr');
    await screenshot(page, 'message-log-he');
    await page.goto(url(`/messages/${e2e.prepared.bouncedId}`));
    await page.getByTestId('message-history').getByText('hard bounce: user_unknown').waitFor();
    await page.getByTestId('message-bounces').getByText('החזרה · קשה').waitFor();
    await screenshot(page, 'message-detail-he');

    await page.goto(url('/templates'));
    const services = page.getByTestId('service-templates');
    await services.getByText('קוד כניסה לאזור האישי (SMS)').waitFor();
    await services.getByRole('button', { name: 'התאמה' }).first().click();
    // The built-in is saved as the program's own and opens in the editor.
    await page.waitForURL(/\/templates\/[0-9a-f-]{36}$/);
    await page.goto(url('/templates'));
    await services.getByText('עריכת הנוסח שלכם').waitFor();
    await page.close();
  });
});
