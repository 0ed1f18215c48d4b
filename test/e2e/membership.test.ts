// Lists, the signup form builder and imports, in a real browser. A form built in the builder is embedded
// with its script tag on a page served from another origin (a second tiny HTTP server, as a club's own
// website would be); a visitor signs up there and the admin sees them in the list — in English and in
// Hebrew (right to left). Then a CSV with Hebrew names goes through upload, mapping, dry run and import.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import type { Page } from 'playwright-core';
import { Worker } from '../../src/platform/jobs/index.ts';
import { clubJobs } from '../../src/app/index.ts';
import { systemClock } from '../../src/platform/clock.ts';
import {
  browserAvailable,
  isolated,
  launchBrowser,
  screenshot,
  signIn,
  startServer,
  type E2eServer,
} from './harness.ts';

const run = browserAvailable();

/** A club's own website on another origin: one page that carries the form's embed snippet. */
async function thirdPartySite(snippet: string): Promise<{ url: string; close(): Promise<void> }> {
  const site = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html><head><meta charset="utf-8"><title>Café Yafo</title>
<style>body { font-family: serif; background: #fffbe8; } input { border: 5px solid red; }</style></head>
<body><h1>Café Yafo — our club</h1>${snippet}</body></html>`);
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://localhost:${(site.address() as AddressInfo).port}/`,
    close: () => new Promise((resolve) => site.close(() => resolve())),
  };
}

const CASES = [
  {
    locale: 'en',
    dir: 'ltr',
    list: 'Website signups',
    title: 'Join Café Yafo',
    consent: 'E-mail me offers and news',
    thanks: 'Welcome to the club!',
    email: 'visitor.en@example.com',
    first: 'Dana',
  },
  {
    locale: 'he',
    dir: 'rtl',
    list: 'הרשמות מהאתר',
    title: 'הצטרפו למועדון של קפה יפו',
    consent: 'אני מאשר/ת קבלת דיוור שיווקי בדוא״ל',
    thanks: 'ברוכים הבאים למועדון!',
    email: 'visitor.he@example.com',
    first: 'נועה',
  },
] as const;

describe.skipIf(!run)('lists, signup forms and imports', () => {
  let server: E2eServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const nav = (page: Page, path: string) => page.locator(`#sidebar a[href$="${path}"]`).click();

  describe.each(CASES)('in $locale', (c) => {
    it('builds a form, a visitor signs up on another site through its script, the admin sees them', async () => {
      const page = await browser.context.newPage();
      await signIn(page, server, c.locale);
      expect(await page.locator('html').getAttribute('dir')).toBe(c.dir);

      await nav(page, '/lists');
      await page.locator('main .page-head button').click();
      await page.locator('form[aria-label] input[name=name]').fill(c.list);
      await page.locator('form[aria-label] button[type=submit]').click();
      await page.locator('table.data a', { hasText: c.list }).waitFor();

      await nav(page, '/forms');
      await page.locator('main a[href$="/forms/new"]').click();
      const editor = page.locator('form.builder-editor');
      await editor.locator('input[name=formName]').fill(`Website ${c.locale}`);
      await editor.locator(`input[name="title.${c.locale}"]`).fill(c.title);
      await editor.locator('input[name="field-lastName"]').check();
      await editor
        .locator('fieldset', { has: page.locator('.consent-item, button') })
        .first()
        .waitFor();
      await editor
        .getByRole('button', { name: c.locale === 'he' ? 'הוספת תיבת הסכמה' : 'Add a consent checkbox' })
        .click();
      await editor.locator(`textarea[name="consent-0-text.${c.locale}"]`).fill(c.consent);
      await editor.getByLabel(c.list).check();
      await editor.locator(`textarea[name="thankYou.${c.locale}"]`).fill(c.thanks);

      // The preview is the hosted page's own rendering of the unsaved draft, mirrored for Hebrew.
      const preview = page.frameLocator('iframe.preview-frame');
      await preview.locator('h1', { hasText: c.title }).waitFor();
      await preview.locator('label', { hasText: c.consent }).waitFor();
      expect(await preview.locator('html').getAttribute('dir')).toBe(c.dir);
      await preview.locator('input[name=lastName]').waitFor();

      await editor.locator('button[type=submit]').click();
      await page.waitForURL(/\/forms\/[0-9a-f-]{36}$/);
      const snippet = (await page.getByTestId('embed-script').textContent())!;
      expect(snippet).toMatch(
        /^<script src="http:\/\/127\.0\.0\.1:\d+\/f\/[0-9a-f-]{36}\/embed\.js" async><\/script>$/,
      );
      expect(await page.getByTestId('embed-html').textContent()).toContain('name="consent.email_marketing"');
      await page.frameLocator('iframe.preview-frame').locator('h1', { hasText: c.title }).waitFor();
      await screenshot(page, `form-builder-${c.locale}`);
      // The printable QR poster: the form's title in its language and the QR code to the hosted page.
      const formUrl = page.url();
      await page
        .getByRole('link', { name: c.locale === 'he' ? 'פוסטר QR להדפסה' : 'Printable QR poster' })
        .click();
      await page.getByTestId('poster-qr').waitFor();
      await page.locator('.poster h1', { hasText: c.title }).waitFor();
      expect(await page.locator('.poster-url').textContent()).toMatch(/\/f\/[0-9a-f-]{36}$/);
      await screenshot(page, `form-poster-${c.locale}`);
      await page.goto(formUrl);
      await page.getByTestId('embed-script').waitFor();

      const site = await thirdPartySite(snippet);
      try {
        const visitor = await browser.context.newPage();
        await visitor.goto(site.url);
        const form = visitor.locator('[data-moadon-form] form');
        await form.locator('input[name=email]').fill(c.email);
        await form.locator('input[name=firstName]').fill(c.first);
        await form.locator('input[name="consent.email_marketing"]').check();
        expect(await form.getAttribute('dir')).toBe(c.dir);
        // The form refuses posts sooner than its minimum fill time (3 s), as it would a bot's.
        await screenshot(visitor, `embedded-form-${c.locale}`);
        await visitor.waitForTimeout(3200);
        await form.locator('button[type=submit]').click();
        const thanks = visitor.locator('[data-moadon-form] [role=status]', { hasText: c.thanks });
        await thanks.waitFor();
        expect(await thanks.getAttribute('dir')).toBe(c.dir);
        await visitor.close();
      } finally {
        await site.close();
      }

      await nav(page, '/lists');
      const row = page.locator('table.data tr', { hasText: c.list });
      await row
        .getByTestId('list-count')
        .filter({ hasText: /^(1|١)$/ })
        .waitFor();
      await row.locator('a').click();
      await page.locator('table.data td', { hasText: c.email }).waitFor();
      expect(await page.locator('table.data tbody tr').count()).toBe(1);
      await page.locator('table.data td', { hasText: c.first }).waitFor();
      await screenshot(page, `list-members-${c.locale}`);
      await page.close();
    });
  });

  it('imports a CSV with Hebrew names: mapping, dry run, progress, result and history', async () => {
    const worker = new Worker({ db: server.db, clock: systemClock, modules: clubJobs });
    const page = await browser.context.newPage();
    await signIn(page, server, 'en');
    await nav(page, '/imports');
    await page.getByText('No imports yet.').waitFor();
    const csv = [
      'שם פרטי,שם משפחה,אימייל,טלפון,עיר',
      'אביגיל,לוי,avigail@example.com,054-555-0201,חיפה',
      'יוסף,מזרחי,yosef@example.com,054-555-0202,ירושלים',
      'מרים,פרץ,not-an-email,054-555-0203,אילת',
      'Dana,Cohen,dana.import@example.com,,Tel Aviv',
    ].join('\n');
    await page.locator('input[type=file]').setInputFiles({
      name: 'customers.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('\ufeff' + csv + '\n'),
    });
    // The server suggests the mapping from the Hebrew headers; the city column is left out.
    const mapTo = (column: string) => page.getByLabel(`Import column "${column}" into`);
    await mapTo('אימייל').waitFor();
    expect(await mapTo('שם פרטי').inputValue()).toBe('first_name');
    expect(await mapTo('אימייל').inputValue()).toBe('email');
    expect(await mapTo('טלפון').inputValue()).toBe('phone');
    expect(await mapTo('עיר').inputValue()).toBe('');
    // The encoding is read from evidence and can be chosen: read as Windows-1255 the Hebrew headers turn to
    // mojibake and are no longer recognised; back on automatic the file is read as UTF-8 again.
    const encoding = page.getByLabel('File encoding');
    expect(await encoding.locator('option:checked').textContent()).toBe('As detected: UTF-8 (Unicode)');
    await encoding.selectOption('windows-1255');
    await mapTo('אימייל').waitFor({ state: 'detached' });
    await encoding.selectOption('auto');
    await mapTo('אימייל').waitFor();
    expect(await mapTo('אימייל').inputValue()).toBe('email');
    await screenshot(page, 'import-mapping-en');

    await page.getByRole('button', { name: 'Check without importing' }).click();
    // The job waits in the queue until the worker runs: the screen shows its progress meanwhile.
    await page.getByRole('progressbar', { name: /Checking rows/ }).waitFor();
    await worker.drain();
    const report = page.getByTestId('dry-run-report');
    await report.waitFor();
    expect(await report.getByTestId('count-created').locator('.value').textContent()).toBe('3');
    expect(await report.getByTestId('count-rejected').locator('.value').textContent()).toBe('1');
    // Each rejected line's reason in words, from its code (invalid_email) and details.
    await report.locator('td', { hasText: 'This is not a valid e-mail address.' }).waitFor();
    expect(await report.locator('a[download]').getAttribute('href')).toMatch(/\/errors$/);
    await screenshot(page, 'import-dry-run-en');

    await page.getByRole('button', { name: 'Import now' }).click();
    await page.getByRole('progressbar', { name: /Importing rows/ }).waitFor();
    await worker.drain();
    const result = page.getByTestId('import-result');
    await result.waitFor();
    expect(await result.getByTestId('count-created').locator('.value').textContent()).toBe('3');
    const history = page.getByTestId('import-history');
    await history.locator('tbody tr').nth(1).waitFor();
    expect(await history.locator('tbody tr').count()).toBe(2);
    await screenshot(page, 'import-result-en');

    const errors = await page.evaluate(
      async (href) => (await fetch(href)).text(),
      (await result.locator('a[download]').getAttribute('href'))!,
    );
    expect(errors).toContain('מרים');
    expect(errors).toContain('_error');

    await nav(page, '/members');
    await page.locator('input[type=search]').fill('אביגיל');
    await page.locator('input[type=search]').press('Enter');
    await page.locator('table.data td', { hasText: 'avigail@example.com' }).waitFor();
    await page.close();
  });

  for (const c of [
    {
      locale: 'en' as const,
      keep: /without the phone/,
      reason: 'Imported without the phone',
      region: 'Iran',
    },
    { locale: 'he' as const, keep: /בלי הטלפון \(/, reason: 'יובא בלי הטלפון', region: 'איראן' },
  ]) {
    it(`${c.locale}: imports foreign phones — the row's phone_country, the default country, a row kept without its phone`, async () => {
      const worker = new Worker({ db: server.db, clock: systemClock, modules: clubJobs });
      const page = await browser.context.newPage();
      await signIn(page, server, c.locale);
      await nav(page, '/imports');
      const csv = [
        'email,phone,phone country',
        `ir.${c.locale}@example.com,0912 345 6789,IR`,
        `wrong.${c.locale}@example.com,0912 345 6788,`,
      ].join('\n');
      await page.locator('input[type=file]').setInputFiles({
        name: 'foreign.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(csv + '\n'),
      });
      const phones = page.getByTestId('import-phones');
      await phones.waitFor();
      // The program's country is the default; Iran can be chosen for the whole file.
      expect(await phones.locator('select').inputValue()).toBe(server.program.defaultRegion);
      expect(await phones.locator('select option', { hasText: c.region }).count()).toBe(1);
      await phones.getByRole('checkbox', { name: c.keep }).check();
      await page.locator('.btn-row .btn-primary').first().click();
      // The second bar is the job's: the import exists and waits for the worker.
      await page.getByRole('progressbar').nth(1).waitFor();
      await worker.drain();
      const report = page.getByTestId('dry-run-report');
      await report.waitFor();
      expect(await report.getByTestId('count-created').locator('.value').textContent()).toMatch(/^(2|٢|۲)$/);
      await report.getByTestId('phones-dropped').waitFor();
      await report.locator('td', { hasText: c.reason }).waitFor();
      await screenshot(page, `import-foreign-phones-${c.locale}`);
      expect(await page.evaluate(() => window.__moadonMissingMessages)).toEqual([]);
      await page.close();
    });
  }

  it('in Hebrew, a Windows-1255 file is recognised from its bytes, with the evidence shown, right to left', async () => {
    const page = await browser.context.newPage();
    await signIn(page, server, 'he');
    await nav(page, '/imports');
    const csv = 'שם פרטי,אימייל\nנועה,noa.1255@example.com\nעומר,omer.1255@example.com\n';
    await page.locator('input[type=file]').setInputFiles({
      name: 'old-excel.csv',
      mimeType: 'text/csv',
      buffer: iconv.encode(csv, 'windows-1255'),
    });
    const encoding = page.getByLabel('קידוד הקובץ');
    await encoding.waitFor();
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await encoding.locator('option:checked').textContent()).toBe(
      isolated`כפי שזוהה: ${'Windows-1255 (עברית, Excel ישן)'}`,
    );
    expect(await page.getByTestId('import-encoding').textContent()).toContain('בשורות הראשונות');
    // Read as Windows-1255, the names come through intact.
    await page.getByText('נועה').first().waitFor();
    await page.close();
  });
});
