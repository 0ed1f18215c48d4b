// Segments and customer value in a real browser: building a segment with a live count, saving it, the RFM
// grid with click-through, the Pareto headline, in English and mirrored in Hebrew.
import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/modules/audit/index.ts';
import { recordPurchase } from '../../src/modules/loyalty/index.ts';
import { createMember } from '../../src/modules/members/index.ts';
import { DAY_MS } from '../../src/platform/clock.ts';
import { browserAvailable, screenshot, signIn, useE2e, type E2eServer } from './harness.ts';

const run = browserAvailable();

/** Five customers: three bought pastries, two bread; one never bought. */
async function seedShop(server: E2eServer) {
  const programId = server.program.id;
  const people: [string, string | null, number][] = [
    ['Noa', 'pastries', 3],
    ['Yossi', 'pastries', 1],
    ['Maya', 'bread', 2],
    ['Omer', 'pastries', 5],
    ['Shira', null, 0],
  ];
  for (const [i, [name, category, orders]] of people.entries()) {
    const member = await createMember(server.db, { now: () => new Date() }, SYSTEM_ACTOR, programId, {
      firstName: name,
      externalId: `seg-${i}`,
    });
    for (let o = 0; o < orders; o++) {
      const at = new Date(Date.now() - (o * 9 + i + 1) * DAY_MS);
      await recordPurchase(server.db, { now: () => at }, SYSTEM_ACTOR, programId, {
        orderId: `seg-${i}-${o}`,
        memberId: member.id,
        total: 2_000 + i * 1_000,
        currency: 'ILS',
        occurredAt: at,
        items: [{ sku: `${category}-1`, category: category!, quantity: 1, price: 2_000 + i * 1_000 }],
      });
    }
  }
}

describe.skipIf(!run)('segments and customer value', () => {
  const e2e = useE2e(seedShop);
  const url = (path: string) => `${e2e.server.url}/p/${e2e.server.program.id}${path}`;

  it('builds a segment with a live count and saves it (English)', async () => {
    const page = await e2e.browser.context.newPage();
    await signIn(page, e2e.server, 'en');
    await page.goto(url('/segments'));
    await page.getByText('Add a condition to see who matches.').waitFor();
    await page.getByRole('button', { name: 'Add condition' }).click();
    await page.getByLabel('Field', { exact: true }).selectOption('purchase.category');
    await page.getByLabel('Value', { exact: true }).fill('pastries');
    await page.getByTestId('segment-count').getByText('3 members match').waitFor();
    expect(await page.locator('table caption', { hasText: 'Sample of matching members' }).count()).toBe(1);
    await page.getByLabel('Operator', { exact: true }).selectOption('includes_none');
    await page.getByTestId('segment-count').getByText('2 members match').waitFor();
    await page.getByLabel('Operator', { exact: true }).selectOption('includes_any');
    await page.getByTestId('segment-count').getByText('3 members match').waitFor();
    await page.getByLabel('Segment name', { exact: true }).fill('Pastry lovers');
    await page.getByRole('button', { name: 'Save segment' }).click();
    await page.getByText('Saved "Pastry lovers"').waitFor();
    await page.locator('td', { hasText: 'Pastry lovers' }).waitFor();
    await screenshot(page, 'segments-en');
    await page.close();
  });

  it('builds a nested segment with an event filter, saves it and sees its size trend (English)', async () => {
    const page = await e2e.browser.context.newPage();
    await signIn(page, e2e.server, 'en');
    await page.goto(url('/segments'));
    await page.getByRole('button', { name: 'Add group' }).click();
    const inner = page.getByTestId('group-2');
    await inner.getByLabel('Match', { exact: true }).selectOption('or');
    await inner.getByLabel('Field', { exact: true }).selectOption('purchase.category_orders');
    await inner.getByLabel('Category', { exact: true }).fill('pastries');
    await inner.getByLabel('Operator', { exact: true }).selectOption('gte');
    await inner.getByLabel('Value', { exact: true }).fill('3');
    await page.getByTestId('segment-count').getByText('2 members match').waitFor();
    await page
      .getByTestId('segment-summary')
      .getByText('Orders with a category (Category: pastries) at least 3')
      .waitFor();
    await page.getByLabel('Segment name', { exact: true }).fill('Pastry regulars');
    await page.getByRole('button', { name: 'Save segment' }).click();
    await page.getByRole('link', { name: 'Pastry regulars' }).click();
    await page.getByTestId('segment-size').getByText('2').waitFor();
    await page.getByTestId('segment-trend').locator('figure.chart svg').waitFor();
    await screenshot(page, 'segment-page-en');
    await page.close();
  });

  it('shows the RFM grid with click-through and the Pareto headline (English)', async () => {
    const page = await e2e.browser.context.newPage();
    await signIn(page, e2e.server, 'en');
    await page.goto(url('/value'));
    const headline = await page.getByTestId('pareto-headline').textContent();
    expect(headline).toMatch(/^The top 20 % of customers bring [\d.]+ % of revenue$/);
    const cells = page.locator('#rfm-grid ~ table button');
    expect(await cells.count()).toBe(25);
    const counts = await cells.locator('strong').allTextContents();
    expect(counts.map(Number).reduce((a, b) => a + b, 0)).toBe(4);
    const busy = counts.findIndex((c) => Number(c) > 0);
    await cells.nth(busy).click();
    await page.locator('#cell-members').waitFor();
    expect(await page.locator('#cell-members ~ table tbody tr').count()).toBe(Number(counts[busy]));
    expect(await page.locator('figure.chart table.sr-only tbody tr').count()).toBeGreaterThan(1);
    await screenshot(page, 'value-en');
    await page.close();
  });

  it('reads right to left in Hebrew: builder, grid and curve', async () => {
    const page = await e2e.browser.context.newPage();
    await signIn(page, e2e.server, 'he');
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    await page.goto(url('/segments'));
    await page.getByRole('button', { name: 'הוספת תנאי' }).click();
    await page.getByLabel('שדה', { exact: true }).selectOption('purchase.count');
    await page.getByLabel('פעולה', { exact: true }).selectOption('gte');
    await page.getByLabel('ערך', { exact: true }).fill('2');
    await page.getByTestId('segment-count').getByText('3 חברים עונים').waitFor();
    await page.locator('td', { hasText: 'Pastry lovers' }).waitFor();
    await screenshot(page, 'segments-he');

    await page.goto(url('/value'));
    expect(await page.getByTestId('pareto-headline').textContent()).toMatch(/^20% הלקוחות המובילים מביאים/);
    // The grid is a table: in RTL its first column (frequency 1) is on the right.
    const first = await page
      .locator('#rfm-grid ~ table tbody tr')
      .first()
      .locator('td')
      .first()
      .boundingBox();
    const last = await page.locator('#rfm-grid ~ table tbody tr').first().locator('td').last().boundingBox();
    expect(first!.x).toBeGreaterThan(last!.x);
    await screenshot(page, 'value-he');
    await page.close();
  });
});
