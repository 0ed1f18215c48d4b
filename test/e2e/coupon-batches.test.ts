// Coupon batches end to end, in English and in Hebrew (right to left): the owner makes a batch of codes, the
// progress bar follows the generation job (driven chunk by chunk from here: the e2e server runs no worker), the
// codes are exported as CSV, codes from another system are imported with a reason per rejected row, and a
// failed batch shows its reason and is generated again.
import { text } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/modules/audit/index.ts';
import { createReward, generateNextChunk } from '../../src/modules/rewards/index.ts';
import { failCouponBatch } from '../../src/modules/rewards/batches.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { browserAvailable, screenshot, signIn, useE2e, type E2eServer } from './harness.ts';

const run = browserAvailable();

const CASES = [
  { locale: 'en', dir: 'ltr', reward: 'Free coffee', ready: 'Ready', failed: 'Failed' },
  { locale: 'he', dir: 'rtl', reward: 'קפה חינם', ready: 'מוכנה', failed: 'נכשלה' },
] as const;

async function batchId(server: E2eServer, name: string) {
  const row = await server.db
    .selectFrom('coupon_batches')
    .select('id')
    .where('program_id', '=', server.program.id)
    .where('name', '=', name)
    .executeTakeFirstOrThrow();
  return row.id;
}

async function generateAll(server: E2eServer, id: string) {
  while (!(await generateNextChunk(server.db, systemClock, server.program.id, id)).done);
}

describe.skipIf(!run)('coupon batches: progress, export, import, retry', () => {
  const e2e = useE2e(async (server) => {
    await createReward(server.db, systemClock, SYSTEM_ACTOR, server.program.id, {
      kind: 'free_product',
      costPoints: 100,
      texts: { he: { name: 'קפה חינם' }, en: { name: 'Free coffee' }, fa: { name: 'قهوه رایگان' } },
      effect: { sku: 'coffee' },
    });
  });

  describe.each(CASES)('in $locale', (c) => {
    it('makes a batch with a progress bar, exports and imports codes, and retries a failed one', async () => {
      const { server, browser } = e2e;
      const page = await browser.context.newPage();
      await signIn(page, server, c.locale);
      expect(await page.locator('html').getAttribute('dir')).toBe(c.dir);
      await page.locator('#sidebar a[href$="/coupon-batches"]').click();
      await page.locator('main h1').waitFor();
      // The server is shared by both cases: the first sees the empty state.
      if (c.locale === 'en') await page.getByText('No coupon batches yet.').waitFor();

      const name = `Flyers ${c.locale}`;
      await page.locator('main .page-head button').click();
      const form = page.locator('form.batch-form');
      await form.locator('select[name=rewardId]').selectOption({ label: c.reward });
      await form.locator('input[name=name]').fill(name);
      await form.locator('input[name=count]').fill('12000');
      await form.locator('input[name=prefix]').fill(`fly${c.locale}`);
      await form.locator('button[type=submit]').click();
      const card = page.locator(`[data-batch="${name}"]`);
      await card.and(page.locator('[data-status=generating]')).waitFor();
      const bar = card.locator('[role=progressbar]');
      expect(await bar.getAttribute('aria-valuenow')).toBe('0');

      // One chunk of the job: the screen, polling the progress API, moves its bar.
      const id = await batchId(server, name);
      await generateNextChunk(server.db, systemClock, server.program.id, id);
      await card.locator('[role=progressbar][aria-valuenow="10000"]').waitFor();
      await screenshot(page, `coupon-batch-progress-${c.locale}`);
      await generateAll(server, id);
      await card.and(page.locator('[data-status=ready]')).waitFor();
      await card.locator('.badge', { hasText: c.ready }).waitFor();

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        card.locator(`a[href$="/coupon-batches/${id}/codes.csv"]`).click(),
      ]);
      const csv = await text(await download.createReadStream());
      const lines = csv.trim().split('\n');
      expect(lines[0]).toBe('code,status,expires_at,redeemed_at,order_id');
      expect(lines).toHaveLength(12_001);
      expect(lines[1]).toMatch(new RegExp(`^FLY${c.locale.toUpperCase()}-`));

      await card.locator('input[type=file]').setInputFiles({
        name: 'other-system.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(`code\nPARTNER${c.locale}2027A\n??\nPARTNER${c.locale}2027A\n`),
      });
      const result = page.getByTestId('import-result');
      await result.waitFor();
      expect(await result.textContent()).toMatch(/1.*0.*2/);
      await screenshot(page, `coupon-batch-import-${c.locale}`);

      // A batch whose job failed for good shows why and generates the rest on retry.
      const doomed = `Mailing ${c.locale}`;
      await page.locator('main .page-head button').click();
      await form.locator('select[name=rewardId]').selectOption({ label: c.reward });
      await form.locator('input[name=name]').fill(doomed);
      await form.locator('input[name=count]').fill('500');
      await form.locator('button[type=submit]').click();
      const doomedCard = page.locator(`[data-batch="${doomed}"]`);
      await doomedCard.waitFor();
      const doomedId = await batchId(server, doomed);
      await failCouponBatch(
        server.db,
        systemClock,
        server.program.id,
        doomedId,
        'generation_failed: could not extend file: No space left on device',
      );
      await doomedCard.and(page.locator('[data-status=failed]')).waitFor();
      await doomedCard.getByText('No space left on device').waitFor();
      await doomedCard.locator('.badge', { hasText: c.failed }).waitFor();
      await screenshot(page, `coupon-batch-failed-${c.locale}`);
      await doomedCard.locator('button.btn-primary').click();
      await doomedCard.and(page.locator('[data-status=generating]')).waitFor();
      await generateAll(server, doomedId);
      await doomedCard.and(page.locator('[data-status=ready]')).waitFor();
      await page.close();
    });
  });
});
