// E-mail sending settings in a real browser: adding a sending domain shows the DKIM record to publish, the
// deliverability panel reads DNS (a resolver standing in for the club's zone, serving what was published),
// mail servers and tracking are saved; in English and mirrored in Hebrew.
import { afterAll, describe, expect, it } from 'vitest';
import { useTxtResolver, type TxtResolver } from '../../src/modules/messaging/index.ts';
import { browserAvailable, screenshot, signIn, useE2e, type E2eServer } from './harness.ts';

const run = browserAvailable();
let previous: TxtResolver | undefined;

/** The club's DNS zone: SPF and DMARC published, and the DKIM key Moadon generated for each sending domain. */
function publishedZone(server: E2eServer): TxtResolver {
  return {
    resolveTxt: async (name) => {
      const keyed = /^([^.]+)\._domainkey\.(.+)$/.exec(name);
      if (keyed) {
        const row = await server.db
          .selectFrom('sending_domains')
          .select('dkim_public_key')
          .where('dkim_selector', '=', keyed[1]!)
          .where('domain', '=', keyed[2]!)
          .executeTakeFirst();
        if (row) return [[`v=DKIM1; k=rsa; p=${row.dkim_public_key}`]];
      } else if (name.startsWith('_dmarc.')) {
        return [['v=DMARC1; p=quarantine; rua=mailto:dmarc@cafe-yafo.example']];
      } else if (name.endsWith('.example')) {
        return [['v=spf1 include:_spf.mailer.example -all']];
      }
      throw Object.assign(new Error(`no TXT at ${name}`), { code: 'ENOTFOUND' });
    },
  };
}

describe.skipIf(!run)('e-mail sending settings', () => {
  const e2e = useE2e(async (server) => {
    previous = useTxtResolver(publishedZone(server));
  });
  afterAll(() => {
    if (previous) useTxtResolver(previous);
  });
  const url = (path: string) => `${e2e.server.url}/p/${e2e.server.program.id}${path}`;

  it('adds a sending domain, shows its DKIM record and checks it in DNS (English)', async () => {
    const page = await e2e.browser.context.newPage();
    await signIn(page, e2e.server, 'en');
    await page.goto(url('/settings/sending'));
    await page.getByRole('heading', { name: 'E-mail sending', level: 1 }).waitFor();
    await page.getByText('No sending domain yet.', { exact: false }).waitFor();
    await page.getByLabel('Domain', { exact: true }).fill('cafe-yafo.example');
    await page.getByRole('button', { name: 'Add domain' }).click();
    const domain = page.getByTestId('domain-cafe-yafo.example');
    await domain.waitFor();
    expect(await domain.getByTestId('dkim-value').textContent()).toMatch(/^v=DKIM1; k=rsa; p=MII/);
    await domain.getByText(/^moadon\d{6}\._domainkey\.cafe-yafo\.example$/).waitFor();
    await domain.getByRole('button', { name: 'Check DNS' }).click();
    const panel = domain.getByTestId('deliverability');
    await panel.waitFor();
    for (const check of ['SPF', 'DKIM', 'DMARC']) {
      await panel.getByTestId(`check-${check}`).getByText('OK', { exact: true }).waitFor();
    }
    await panel.getByTestId('check-complaints').getByText('No e-mail sent in the last 30 days.').waitFor();

    const marketing = page.getByTestId('transport-marketing');
    await marketing
      .getByLabel('SMTP URL', { exact: false })
      .fill('smtp://news:secret@smtp.cafe-yafo.example:2525');
    await marketing.getByLabel('From address').fill('news@cafe-yafo.example');
    await marketing.getByLabel('Messages per minute').fill('120');
    await marketing.getByRole('button', { name: 'Save' }).click();
    await marketing.getByText('smtp.cafe-yafo.example:2525').waitFor();
    await marketing.getByText('120 per minute, bursts of 50').waitFor();
    expect(await page.content()).not.toContain('news:secret');
    await screenshot(page, 'sending-en');
    await page.close();
  });

  it('reads right to left in Hebrew, with the record left to right, and switches tracking on', async () => {
    const page = await e2e.browser.context.newPage();
    await signIn(page, e2e.server, 'he');
    await page.goto(url('/settings/sending'));
    await page.getByRole('heading', { name: 'שליחת דוא״ל', level: 1 }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    const domain = page.getByTestId('domain-cafe-yafo.example');
    const value = domain.getByTestId('dkim-value');
    expect(await value.evaluate((el) => getComputedStyle(el).direction)).toBe('ltr');
    await domain.getByRole('button', { name: 'בדיקת DNS' }).click();
    await domain.getByTestId('check-DKIM').getByText('תקין', { exact: true }).waitFor();
    await domain.getByTestId('check-DMARC').getByText('פורסם כראוי.').waitFor();

    await page.getByLabel('מעקב פתיחות (תמונה של פיקסל אחד)').check();
    await page.getByLabel('מעקב הקלקות (קישורי הפניה חתומים)').check();
    await page
      .locator('section', { hasText: 'מעקב אחר דואר שיווקי' })
      .getByRole('button', { name: 'שמירה' })
      .click();
    await page.getByText('נשמר.').waitFor();
    const settings = await e2e.server.db
      .selectFrom('email_settings')
      .select(['track_opens', 'track_clicks'])
      .where('program_id', '=', e2e.server.program.id)
      .executeTakeFirstOrThrow();
    expect(settings).toEqual({ track_opens: true, track_clicks: true });
    await screenshot(page, 'sending-he');
    await page.close();
  });
});
