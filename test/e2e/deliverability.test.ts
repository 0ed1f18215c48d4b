// Deliverability in a real browser: a hard bounce fed to the inbound path shows on the suppressions list with
// its parsed evidence, the member's messages say why the next one was not sent, and the SMS estimator gives the
// true parts and cost of a Persian text — in English and mirrored in Hebrew.
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
import { browserAvailable, isolated, screenshot, signIn, useE2e, type E2eServer } from './harness.ts';

const run = browserAvailable();
const clock = { now: () => new Date() };
const EMAIL = 'dana.gone@example.co.il';

async function seed(server: E2eServer) {
  const programId = server.program.id;
  const member = await createMember(server.db, clock, SYSTEM_ACTOR, programId, {
    firstName: 'Dana',
    email: EMAIL,
    locale: 'he',
  });
  const message = (subject: string) =>
    queueMessage(server.db, clock, {
      programId,
      memberId: member.id,
      channel: 'email',
      kind: 'campaign',
      purpose: 'service',
      to: EMAIL,
      locale: 'he',
      subject,
      text: 'שלום',
    });
  const first = await message('הנקודות שלך');
  const raw = fs
    .readFileSync(path.resolve(import.meta.dirname, '../fixtures/bounces/postfix-user-unknown.eml'), 'utf8')
    .replaceAll('6f1c2b9e-0d7a-4c2e-9a51-3b8e2f4d1a00', first.id)
    .replaceAll('dana@example.co.il', EMAIL);
  await recordReturnedMail(
    { db: server.db, clock },
    { programId, source: 'http', reportId: 'e2e-1', report: await parseReturnedMail(raw) },
  );
  const second = await message('מבצע השבוע');
  await sendQueuedMessage({ db: server.db, clock, config: {} }, { attempts: 1, maxAttempts: 10 }, second.id);
  await server.db
    .insertInto('sms_settings')
    .values({ program_id: programId, provider: 'outbox', cost_per_segment_minor: 9, updated_at: new Date() })
    .execute();
  return { memberId: member.id };
}

const PERSIAN = 'سلام دانا! امتیاز شما در باشگاه ۱۲۰ است. برای دیدن جایزه‌ها به پورتال سر بزنید.';

describe.skipIf(!run)('deliverability', () => {
  const e2e = useE2e(seed);
  const url = (p: string) => `${e2e.server.url}/p/${e2e.server.program.id}${p}`;
  const units = [...PERSIAN].length;
  const parts = units <= 70 ? 1 : Math.ceil(units / 67);

  it('shows the suppression with its evidence, the estimate, and why a message was not sent (English)', async () => {
    const page = await e2e.browser.context.newPage();
    await signIn(page, e2e.server, 'en');
    await page.goto(url('/deliverability'));
    const row = page.getByTestId('suppressions').locator('tr', { hasText: EMAIL });
    await row.getByText('Bounced').waitFor();
    await row.getByText('Show the report').click();
    await row.getByText('5.1.1 · 550').waitFor();
    expect(await row.textContent()).toContain('User unknown in virtual mailbox table');
    await page.getByLabel('Text of the SMS').fill(PERSIAN);
    await page
      .getByTestId('sms-estimate')
      .getByText(`${parts === 1 ? 'One SMS' : `${parts} SMS parts`}`, { exact: false })
      .waitFor();
    expect(await page.getByTestId('sms-estimate').textContent()).toContain('UCS-2');
    await screenshot(page, 'deliverability-en');

    await page.goto(url(`/members/${e2e.prepared.memberId}`));
    await page.getByRole('tab', { name: 'Messages' }).click();
    const messages = page.getByTestId('member-messages');
    await messages.getByText('Bounced', { exact: true }).first().waitFor();
    await messages.getByText('The address is suppressed: Bounced.').waitFor();
    await screenshot(page, 'member-messages-en');
    await page.close();
  });

  it('mirrors in Hebrew', async () => {
    const page = await e2e.browser.context.newPage();
    await signIn(page, e2e.server, 'he');
    await page.goto(url('/deliverability'));
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    const row = page.getByTestId('suppressions').locator('tr', { hasText: EMAIL });
    await row.getByText('הודעה חזרה').waitFor();
    await row.getByText('הצגת הדוח').click();
    await row.getByText('5.1.1 · 550').waitFor();
    // The server's words stay left to right inside the right-to-left page.
    expect(
      await row
        .locator('dd[dir="ltr"]')
        .first()
        .evaluate((el) => getComputedStyle(el).direction),
    ).toBe('ltr');
    await page.getByLabel('נוסח ההודעה').fill(PERSIAN);
    await page.getByTestId('sms-estimate').getByText('UCS-2', { exact: false }).first().waitFor();
    expect(await page.getByTestId('sms-estimate').textContent()).toContain(`${units} מתוך`);
    await screenshot(page, 'deliverability-he');

    await page.goto(url(`/members/${e2e.prepared.memberId}`));
    await page.getByRole('tab', { name: 'הודעות' }).click();
    // The reason is an argument of the sentence, so it sits in its own bidi isolate.
    await page
      .getByTestId('member-messages')
      .getByText(isolated`הכתובת חסומה: ${'הודעה חזרה'}.`)
      .waitFor();
    await screenshot(page, 'member-messages-he');
    await page.close();
  });
});
