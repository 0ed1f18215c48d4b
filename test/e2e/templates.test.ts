// Message templates in a real browser: the list's empty state, the editor's live preview (sample and real
// member, desktop and phone width), a save refused with the line of the problem, a save, a test send — in
// English, and a Hebrew newsletter with the Israeli marking and footer, right to left, at phone width.
import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/modules/audit/index.ts';
import { adjustPoints } from '../../src/modules/loyalty/index.ts';
import { createMember } from '../../src/modules/members/index.ts';
import { createTemplate, updateSenderProfile } from '../../src/modules/messaging/templates/service.ts';
import { browserAvailable, screenshot, signIn, useE2e, type E2eServer } from './harness.ts';

const run = browserAvailable();
const clock = { now: () => new Date() };

async function seed(server: E2eServer) {
  const programId = server.program.id;
  await updateSenderProfile(server.db, clock, SYSTEM_ACTOR, programId, {
    businessName: 'קפה יפו',
    address: 'שדרות ירושלים 10, יפו',
    contactEmail: 'club@cafe-yafo.example',
    contactPhone: '03-5550000',
    israeliMode: true,
  });
  const member = await createMember(server.db, clock, SYSTEM_ACTOR, programId, {
    firstName: 'Yael',
    lastName: 'Mizrahi',
    email: 'yael@example.com',
  });
  await adjustPoints(server.db, clock, SYSTEM_ACTOR, programId, member.id, { points: 2468, reason: 'seed' });
  return { programId };
}

async function seedNewsletter(server: E2eServer) {
  const mjml = [
    '<mjml>',
    '  <mj-body>',
    '    <mj-section><mj-column>',
    '      <mj-text font-size="20px">שלום {{ member.first_name | default: "חבר/ה" }}!</mj-text>',
    '      <mj-text>יש לך {{ points.balance | number }} נקודות.</mj-text>',
    '      <mj-button href="{{ links.portal }}">לאזור האישי</mj-button>',
    '    </mj-column></mj-section>',
    '  </mj-body>',
    '</mjml>',
  ].join('\n');
  return createTemplate(server.db, clock, SYSTEM_ACTOR, server.program.id, {
    key: 'newsletter-he',
    name: 'ניוזלטר חודשי',
    channel: 'email',
    purpose: 'marketing',
    defaultLocale: 'he',
    variants: { he: { subject: 'פרסומת: החדשות של החודש', body: mjml } },
  });
}

describe.skipIf(!run)('message templates', () => {
  const e2e = useE2e(seed);
  const url = (path: string) => `${e2e.server.url}/p/${e2e.server.program.id}${path}`;

  it('creates a template with a live preview, refuses a save with the problem’s line, test-sends (English)', async () => {
    const page = await e2e.browser.context.newPage();
    await signIn(page, e2e.server, 'en');
    await page.goto(url('/templates'));
    await page.getByText('No templates yet.', { exact: false }).waitFor();
    expect(await page.getByLabel('Business name').inputValue()).toBe('קפה יפו');

    await page.getByRole('link', { name: 'New e-mail template' }).click();
    await page.getByRole('heading', { name: 'New e-mail template' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Club news');
    await page.getByLabel('Key', { exact: true }).fill('club-news');
    await page.getByLabel('English', { exact: true }).check();
    // The English starter is marked too (Israeli mode); its preview greets the sample member.
    await page.getByLabel('Subject', { exact: true }).fill('פרסומת: News for {{ member.first_name }}');
    await page.getByTestId('preview-subject').getByText('פרסומת: News for Dana').waitFor();
    const frame = page.frameLocator('iframe.template-frame');
    await frame.getByText('Hello Dana,').waitFor();
    await frame.getByText('Unsubscribe').waitFor();
    await frame.getByText('קפה יפו · שדרות ירושלים 10, יפו · 03-5550000 · club@cafe-yafo.example').waitFor();

    // Without the marking the preview says what the save would refuse.
    await page.getByLabel('Subject', { exact: true }).fill('News for {{ member.first_name }}');
    await page.getByText('Israeli mode: a marketing e-mail', { exact: false }).waitFor();
    await page.getByLabel('Subject', { exact: true }).fill('פרסומת: News for {{ member.first_name }}');

    // A real member instead of the sample.
    await page.getByLabel('Preview as member').fill('Yael');
    await page.getByRole('button', { name: 'Yael Mizrahi' }).click();
    await page.getByTestId('preview-subject').getByText('פרסומת: News for Yael').waitFor();
    await frame.getByText('2,468 points').waitFor();

    // Phone width.
    await page.getByRole('tab', { name: 'Phone' }).click();
    await page.locator('iframe.template-frame[data-device=phone]').waitFor();
    const box = await page.locator('iframe.template-frame').boundingBox();
    expect(Math.round(box!.width)).toBe(375);

    // A typo in a variable: refused on save, pointing at its line.
    const body = page.getByLabel('Body (MJML)');
    const mjml = await body.inputValue();
    await body.fill(mjml.replace('{{ points.balance | number }}', '{{ points.balanse | number }}'));
    await page.getByRole('button', { name: 'Save' }).click();
    const problems = page.locator('.template-problems', { hasText: 'The template was not saved:' });
    await problems.getByText('unknown variable: points.balanse').waitFor();
    expect(await problems.locator('li').first().textContent()).toMatch(/English · body · line 6/);
    await body.fill(mjml);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Template saved.').waitFor();
    await page.waitForURL(/\/templates\/[0-9a-f-]{36}$/);

    await page.getByLabel('E-mail address').fill('tester@example.com');
    await page.getByRole('button', { name: 'Send test' }).click();
    await page.getByText('Test to tester@example.com queued', { exact: false }).waitFor();
    await page.getByRole('tab', { name: 'Desktop' }).click();
    await screenshot(page, 'templates-editor-en');

    await page.goto(url('/templates'));
    await page.getByRole('link', { name: 'Club news' }).waitFor();
    expect(await page.locator('tbody tr').count()).toBe(1);
    await page.close();
  });

  it('previews a Hebrew newsletter with the marking and footer, right to left, at phone width (Hebrew)', async () => {
    const template = await seedNewsletter(e2e.server);
    const page = await e2e.browser.context.newPage();
    await signIn(page, e2e.server, 'he');
    await page.goto(url('/templates'));
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    await page.getByRole('link', { name: 'ניוזלטר חודשי' }).click();
    await page.getByRole('heading', { name: 'תצוגה מקדימה' }).waitFor();
    await page.getByRole('tab', { name: 'טלפון' }).click();
    const frame = page.frameLocator('iframe.template-frame[data-device=phone]');
    await frame.getByText('שלום נועה!').waitFor();
    await frame.getByText('הסרה מרשימת התפוצה').waitFor();
    await frame.getByText('העדפות דיוור').waitFor();
    expect(await frame.locator('html').getAttribute('dir')).toBe('rtl');
    const align = await frame
      .getByText('יש לך 1,250 נקודות.')
      .evaluate((el) => getComputedStyle(el).textAlign);
    expect(align).toBe('right');
    await page.getByTestId('preview-subject').getByText('פרסומת: החדשות של החודש').waitFor();

    // Remove the marking: the save is refused in Hebrew, with the server's reason.
    await page.getByLabel('נושא', { exact: true }).fill('החדשות של החודש');
    await page.getByRole('button', { name: 'שמירה' }).click();
    await page.getByText('התבנית לא נשמרה:').waitFor();
    await page.locator('.template-problems li[data-rule=israeli_marking]').first().waitFor();
    await page.getByLabel('נושא', { exact: true }).fill('פרסומת: החדשות של החודש');
    await page.getByRole('button', { name: 'שמירה' }).click();
    await page.getByText('התבנית נשמרה.').waitFor();
    expect(template.id).toBeTruthy();
    await screenshot(page, 'templates-editor-he');
    await page.close();
  });
});
