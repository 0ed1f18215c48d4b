// The dashboard in a real browser: figures and charts in English, mirrored in Hebrew (time runs right to
// left: the oldest bucket is on the right), and a Persian smoke run with Persian digits.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { SYSTEM_ACTOR } from '../../src/modules/audit/index.ts';
import {
  createEarningRule,
  recordPurchase,
  redeemPoints,
  refundPurchase,
} from '../../src/modules/loyalty/index.ts';
import { createMember } from '../../src/modules/members/index.ts';
import { recordConsent } from '../../src/modules/membership/index.ts';
import { DAY_MS } from '../../src/platform/clock.ts';
import { browserAvailable, screenshot, signIn, useE2e, type E2eServer } from './harness.ts';

const run = browserAvailable();

/** Members who joined over the last four weeks, each buying on the day they joined. */
async function seedClub(server: E2eServer) {
  const programId = server.program.id;
  const clock = { now: () => new Date() };
  await createEarningRule(server.db, clock, SYSTEM_ACTOR, programId, {
    name: 'Base',
    trigger: 'purchase',
    effect: { type: 'per_spend', points: 1, per: 100 },
  });
  const memberIds: string[] = [];
  const people = ['Dana', 'Noa', 'Yossi', 'Maya', 'Omer', 'Shira', 'Avi', 'Tamar'];
  for (const [i, name] of people.entries()) {
    const at = new Date(Date.now() - (28 - i * 4) * DAY_MS);
    const member = await createMember(server.db, { now: () => at }, SYSTEM_ACTOR, programId, {
      firstName: name,
      externalId: `dash-${i}`,
    });
    memberIds.push(member.id);
    await recordPurchase(server.db, { now: () => at }, SYSTEM_ACTOR, programId, {
      orderId: `dash-order-${i}`,
      memberId: member.id,
      total: 10_000 + i * 2_500,
      currency: 'ILS',
      occurredAt: at,
    });
    if (i % 3 === 0) {
      await redeemPoints(server.db, clock, SYSTEM_ACTOR, programId, member.id, {
        points: 0 + 50,
        reason: 'Coffee',
      }).catch(() => undefined); // pending points cannot be spent yet; that is fine for a chart
    }
  }
  // The last member bought twice and returned part of the first order; they agreed to marketing by SMS.
  const last = memberIds[memberIds.length - 1]!;
  await recordPurchase(server.db, clock, SYSTEM_ACTOR, programId, {
    orderId: 'dash-order-extra',
    memberId: last,
    total: 4_000,
    currency: 'ILS',
  });
  await refundPurchase(server.db, clock, SYSTEM_ACTOR, programId, 'dash-order-7', { amount: 5_000 });
  await recordConsent(server.db, clock, {
    programId,
    memberId: last,
    channel: 'sms',
    purpose: 'marketing',
    status: 'granted',
    source: 'admin',
    textShown: 'Yes, send me offers by SMS',
  });
  return { lastMemberId: last };
}

/** x of the first and the last bucket of the "new members" bar chart. */
async function firstAndLastBar(page: Page) {
  const bars = page.locator('figure.chart').nth(1).locator('rect[data-label]');
  await bars.first().waitFor({ state: 'attached' });
  // Empty buckets are bars of height 0, so read positions from the layout rather than visibility.
  const xs = await bars.evaluateAll((rects) => rects.map((r) => r.getBoundingClientRect().x));
  return { count: xs.length, first: xs[0]!, last: xs[xs.length - 1]! };
}

describe.skipIf(!run)('dashboard', () => {
  const e2e = useE2e(seedClub);

  it('shows figures and charts in English, time running left to right', async () => {
    const page = await e2e.browser.context.newPage();
    await signIn(page, e2e.server, 'en');
    await page.locator('[data-kpi=members] .value', { hasText: '8' }).waitFor();
    expect(await page.locator('[data-kpi=purchasers] .value').textContent()).toBe('8');
    // 10,000 + 12,500 + … + 27,500 + 4,000 agorot, less a 5,000 refund = ₪1,490.00
    await page.locator('[data-kpi=revenue] .value', { hasText: '₪1,490.00' }).waitFor();
    expect(await page.locator('figure.chart svg[role=img]').count()).toBeGreaterThanOrEqual(4);
    const charts = page.locator('figure.chart svg[role=img]');
    expect(await charts.first().getAttribute('aria-label')).toBe('Members over time');
    // Screen readers get the numbers as a table.
    expect(await page.locator('figure.chart table.sr-only').first().locator('tbody tr').count()).toBe(30);
    const bars = await firstAndLastBar(page);
    expect(bars.count).toBe(30);
    expect(bars.first).toBeLessThan(bars.last);
    await screenshot(page, 'dashboard-en');

    await page.locator('select[name=period]').selectOption('months');
    // The 30 daily rows are still there until the monthly figures arrive: wait for the table to change.
    await expect
      .poll(() => page.locator('figure.chart table.sr-only').first().locator('tbody tr').count())
      .toBe(12);
    await page.close();
  });

  it('mirrors the charts in Hebrew: the first bucket is on the right', async () => {
    const page = await e2e.browser.context.newPage();
    await signIn(page, e2e.server, 'he');
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    await page.locator('[data-kpi=members] .value', { hasText: '8' }).waitFor();
    const bars = await firstAndLastBar(page);
    expect(bars.first).toBeGreaterThan(bars.last);
    expect(await page.locator('figure.chart svg[role=img]').first().getAttribute('aria-label')).toBe(
      'חברים לאורך זמן',
    );
    await screenshot(page, 'dashboard-he');
    await page.close();
  });

  it('runs in Persian with Persian digits and the Persian calendar, right to left', async () => {
    const page = await e2e.browser.context.newPage();
    await signIn(page, e2e.server, 'fa');
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    await page.locator('[data-kpi=members] .value', { hasText: '۸' }).waitFor();
    const bars = await firstAndLastBar(page);
    expect(bars.first).toBeGreaterThan(bars.last);
    // Axis labels are Persian-calendar days in Persian digits.
    const label = await page.locator('figure.chart').nth(1).locator('svg text').last().textContent();
    expect(label).toMatch(/[۰-۹]/);
    await screenshot(page, 'dashboard-fa');
    await page.close();
  });

  it("shows a member's purchases with refund state, and their consent history", async () => {
    const page = await e2e.browser.context.newPage();
    await signIn(page, e2e.server, 'en');
    await page.goto(`${e2e.server.url}/p/${e2e.server.program.id}/members/${e2e.prepared.lastMemberId}`);
    await page.locator('[data-tab=purchases]').click();
    await page.locator('td code', { hasText: 'dash-order-extra' }).waitFor();
    expect(await page.locator('tbody tr').count()).toBe(2);
    expect(await page.locator('[data-refund-state=partial]').textContent()).toBe('Partly refunded: ₪50.00');
    await screenshot(page, 'member-purchases-en');
    await page.locator('[data-tab=consents]').click();
    await page.getByTestId('consents-history').waitFor();
    const current = await page.getByTestId('consents-current').locator('tbody').textContent();
    expect(current).toContain('Granted');
    // The source is worded for people, not shown as its internal key.
    expect(current).toContain('Staff (admin)');
    expect(await page.evaluate(() => window.__moadonMissingMessages)).toEqual([]);
    expect(await page.getByTestId('consents-history').textContent()).toContain('Yes, send me offers by SMS');
    await page.close();
  });

  it('fits a phone screen', async () => {
    const page = await e2e.browser.context.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page, e2e.server, 'en');
    await page.locator('[data-kpi=members] .value', { hasText: '8' }).waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await page.close();
  });
});
