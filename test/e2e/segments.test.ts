// Segments and customer value in a real browser: building a segment with a live count, saving it, the RFM
// grid with click-through, the Pareto headline, in English and mirrored in Hebrew.
import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/modules/audit/index.ts';
import { ensureLoyaltyDefaults, recordPurchase } from '../../src/modules/loyalty/index.ts';
import { createMember } from '../../src/modules/members/index.ts';
import { DAY_MS } from '../../src/platform/clock.ts';
import { browserAvailable, isolated, screenshot, signIn, useE2e, type E2eServer } from './harness.ts';

const run = browserAvailable();

/**
 * Five customers: three bought pastries, two bread; one never bought. Noa, Omer and Maya viewed products
 * (Noa and Omer on the gold plan, Maya on silver); Noa is in the Loyal tier.
 */
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
    const plan = { Noa: 'gold', Omer: 'gold', Maya: 'silver' }[name];
    if (plan) {
      const at = new Date(Date.now() - (i + 1) * DAY_MS);
      await server.db
        .insertInto('events')
        .values({
          program_id: programId,
          member_id: member.id,
          anonymous_id: null,
          user_id: `seg-${i}`,
          type: 'track',
          name: 'Product Viewed',
          properties: JSON.stringify({ plan, price: 40 }),
          context: JSON.stringify({}),
          message_id: `seg-view-${i}`,
          occurred_at: at,
          received_at: at,
        })
        .execute();
    }
    if (name === 'Noa') {
      await ensureLoyaltyDefaults(server.db, programId);
      await server.db
        .updateTable('loyalty_accounts')
        .set({ tier_key: 'loyal' })
        .where('program_id', '=', programId)
        .where('member_id', '=', member.id)
        .execute();
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

  it('edits a saved segment: its rule, counted again at once (English)', async () => {
    const page = await e2e.browser.context.newPage();
    await signIn(page, e2e.server, 'en');
    await page.goto(url('/segments'));
    await page.getByRole('link', { name: 'Pastry regulars' }).click();
    await page.getByTestId('segment-size').getByText('2').waitFor();
    await page.getByRole('button', { name: 'Edit segment' }).click();
    const editor = page.locator('section[aria-labelledby=segment-edit]');
    await editor.getByTestId('segment-count').getByText('2 members match').waitFor();
    await editor.getByTestId('group-2').getByLabel('Value', { exact: true }).fill('1');
    await editor.getByTestId('segment-count').getByText('3 members match').waitFor();
    await editor.getByLabel('Segment name', { exact: true }).fill('Pastry buyers');
    await editor.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved "Pastry buyers" and counted again: 3 members').waitFor();
    await page.getByRole('heading', { name: 'Pastry buyers' }).waitFor();
    await page.getByTestId('segment-size').getByText('3').waitFor();
    await page
      .getByTestId('segment-summary')
      .getByText('Orders with a category (Category: pastries) at least 1')
      .waitFor();
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

  it('builds, saves and edits a segment with an event filter and a tier, right to left (Hebrew)', async () => {
    const page = await e2e.browser.context.newPage();
    await signIn(page, e2e.server, 'he');
    await page.goto(url('/segments'));
    await page.getByRole('button', { name: 'הוספת תנאי' }).click();
    const first = page.getByRole('group', { name: 'שדה 1' });
    await first.getByLabel('שדה', { exact: true }).selectOption('event.count');
    await first.getByLabel('שם האירוע', { exact: true }).fill('Product Viewed');
    await first.getByLabel('פעולה', { exact: true }).selectOption('gte');
    await first.getByLabel('ערך', { exact: true }).fill('1');
    await page.getByTestId('segment-count').getByText('3 חברים עונים').waitFor();
    await first.getByRole('button', { name: 'הוספת מסנן מאפיין' }).click();
    await first.getByLabel('מאפיין', { exact: true }).fill('plan');
    await first.getByLabel('ערך המאפיין', { exact: true }).fill('gold');
    await page.getByTestId('segment-count').getByText('2 חברים עונים').waitFor();

    await page.getByTestId('group-1').getByRole('button', { name: 'הוספת תנאי' }).last().click();
    const second = page.getByRole('group', { name: 'שדה 2' });
    await second.getByLabel('שדה', { exact: true }).selectOption('loyalty.tier');
    await second.getByLabel('פעולה', { exact: true }).selectOption('in');
    // The tier picker names the tiers in Hebrew, not by their keys.
    await second.getByLabel('נאמן', { exact: true }).check();
    await page.getByTestId('segment-count').getByText('חבר אחד עונה').waitFor();
    const summary = await page.getByTestId('segment-summary').textContent();
    expect(summary).toContain(isolated`${'plan'} ${'שווה ל'} ${'gold'}`);
    expect(summary).toContain(isolated`${'דרגה'} ${'אחד מ'} ${'נאמן'}`);
    await page.getByLabel('שם הפלח', { exact: true }).fill('צופי זהב נאמנים');
    await page.getByRole('button', { name: 'שמירת הפלח' }).click();
    await page.getByRole('link', { name: 'צופי זהב נאמנים' }).click();
    await page.getByTestId('segment-size').getByText('1').waitFor();

    await page.getByRole('button', { name: 'עריכת הפלח' }).click();
    const editor = page.locator('section[aria-labelledby=segment-edit]');
    await editor.getByTestId('segment-count').getByText('חבר אחד עונה').waitFor();
    await editor.getByRole('group', { name: 'שדה 2' }).getByRole('button', { name: 'הסרת תנאי' }).click();
    await editor.getByTestId('segment-count').getByText('2 חברים עונים').waitFor();
    // Right to left: a condition row starts at the right, so its field picker is in the row's right half.
    const row = editor.getByRole('group', { name: 'שדה 1' });
    const box = (await row.boundingBox())!;
    const field = (await row.getByLabel('שדה', { exact: true }).boundingBox())!;
    expect(field.x + field.width / 2).toBeGreaterThan(box.x + box.width / 2);
    await screenshot(page, 'segment-edit-he');
    await editor.getByRole('button', { name: 'שמירת השינויים' }).click();
    await page.getByText(isolated`"${'צופי זהב נאמנים'}" נשמר ונספר שוב: 2 חברים`).waitFor();
    await page.getByTestId('segment-size').getByText('2').waitFor();
    await page.getByTestId('segment-trend').locator('figure.chart svg').waitFor();
    await screenshot(page, 'segment-page-he');
    await page.close();
  });
});
