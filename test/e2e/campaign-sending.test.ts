// Review, send and watch a campaign in a real browser, on a clock the test moves (the server and the campaign
// worker share it): a newsletter with an A/B test is built, its review step shows the audience classified by
// the contact policy (one member already contacted today, one without consent, one suppressed) with the same
// counts as the API, a test send, then Send now behind a confirmation; the sending screen shows the progress
// bar as the worker sends the test share, pause with the winner picked by hand and resume (a second tab following by itself), the
// winner picked by hand, and the accounting; in English. In Hebrew, right to left: a second campaign the same
// day is held back by the policy for everyone already contacted, and a day later the first one is sent in full
// with its results.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { clubJobs } from '../../src/app/index.ts';
import { SYSTEM_ACTOR } from '../../src/modules/audit/index.ts';
import { CAMPAIGN_SEND_JOB, campaignAccounting } from '../../src/modules/campaigns/index.ts';
import { createCampaign } from '../../src/modules/campaigns/service.ts';
import { saveContactPolicy } from '../../src/modules/contact-policy/index.ts';
import { createMember } from '../../src/modules/members/index.ts';
import { createList, recordConsent, subscribeToLists } from '../../src/modules/membership/index.ts';
import { queueMessage, suppressAddress } from '../../src/modules/messaging/index.ts';
import { createTemplate, updateSenderProfile } from '../../src/modules/messaging/templates/service.ts';
import { Worker } from '../../src/platform/jobs/index.ts';
import { newsletterTemplate } from '../../src/modules/campaigns/test-fixtures.ts';
import { browserAvailable, isolated, screenshot, signIn, useE2e, type E2eServer } from './harness.ts';

const run = browserAvailable();
let now = new Date();
const clock = { now: () => now };
const advance = (ms: number) => {
  now = new Date(now.getTime() + ms);
};
const MINUTE = 60_000;

interface Seeded {
  listId: string;
  templateId: string;
}

async function seed(server: E2eServer): Promise<Seeded> {
  const programId = server.program.id;
  await updateSenderProfile(server.db, clock, SYSTEM_ACTOR, programId, {
    businessName: 'קפה יפו',
    address: 'שדרות ירושלים 10, יפו',
    contactEmail: 'club@cafe-yafo.example',
    contactPhone: null,
    israeliMode: true,
  });
  const templateIds: string[] = [];
  for (const [key, name] of [
    ['winter-a', 'מבצע חורף א'],
    ['winter-b', 'מבצע חורף ב'],
  ] as const) {
    const template = await createTemplate(server.db, clock, SYSTEM_ACTOR, programId, {
      ...newsletterTemplate(key),
      channel: 'email',
      purpose: 'marketing',
      defaultLocale: 'he',
      name,
    });
    templateIds.push(template.id);
  }
  const list = await createList(server.db, clock, programId, { name: 'Newsletter' });
  // One a day at most; no quiet hours or rest days, so the figures do not depend on the hour the test runs.
  await saveContactPolicy(server.db, clock, programId, {
    caps: { day: 1, week: null, month: null },
    quietHours: null,
    restDays: [],
    onExceed: 'defer',
  });
  for (let i = 0; i < 10; i++) {
    const email = `shira-${i}@example.com`;
    const m = await createMember(server.db, clock, SYSTEM_ACTOR, programId, {
      externalId: `send-${i}`,
      firstName: `Shira ${i}`,
      email,
    });
    // Shira 8 never consented; Shira 9's address bounced.
    if (i !== 8) {
      await recordConsent(server.db, clock, {
        programId,
        memberId: m.id,
        channel: 'email',
        purpose: 'marketing',
        status: 'granted',
        source: 'admin',
      });
    }
    if (i === 9) {
      await suppressAddress(server.db, clock, {
        programId,
        channel: 'email',
        address: email,
        reason: 'bounce',
      });
    }
    // Shira 0 already got a marketing message today: the cap of one a day defers her.
    if (i === 0) {
      await queueMessage(server.db, clock, {
        programId,
        memberId: m.id,
        channel: 'email',
        kind: 'campaign',
        purpose: 'marketing',
        to: email,
        subject: 'Earlier today',
        text: 'Hello',
        unsubscribeUrl: `${server.url}/u/x`,
      });
    }
    await subscribeToLists(server.db, clock, {
      programId,
      memberId: m.id,
      listIds: [list.id],
      source: 'admin',
    });
  }
  return { listId: list.id, templateId: templateIds[0]! };
}

interface Preview {
  audience: number;
  outcomes: { send: number; deferred: number; skipped: number; suppressed: number };
  reasons: { outcome: string; reason: string; count: number }[];
  variants: { key: string; count: number }[];
}

/** The preview as the API answers it, asked from the page (the signed-in session). */
const previewOf = (page: Page, url: string) =>
  page.evaluate(
    async (u) => (await fetch(u, { headers: { accept: 'application/json' } })).json(),
    url,
  ) as Promise<Preview>;

/** Waits until the review step shows the API's figures. */
async function reviewMatches(page: Page, p: Preview) {
  const review = page.getByTestId('campaign-review');
  await review.getByTestId('review-audience').getByText(String(p.audience), { exact: true }).waitFor();
  await review.getByTestId('review-send').getByText(String(p.outcomes.send), { exact: true }).waitFor();
  await review
    .getByTestId('review-deferred')
    .getByText(String(p.outcomes.deferred), { exact: true })
    .waitFor();
  await review
    .getByTestId('review-not-sent')
    .getByText(String(p.outcomes.skipped + p.outcomes.suppressed), { exact: true })
    .waitFor();
  const rows = review.getByTestId('review-why').locator('tbody tr');
  expect(await rows.count()).toBe(p.reasons.length);
  for (const [i, r] of p.reasons.entries()) {
    expect(await rows.nth(i).locator('td').last().textContent()).toBe(String(r.count));
  }
}

describe.skipIf(!run)('reviewing and sending a campaign', () => {
  const e2e = useE2e(seed, { clock });
  const url = (path: string) => `${e2e.server.url}/p/${e2e.server.program.id}${path}`;
  const api = (path: string) => `/api/programs/${e2e.server.program.id}${path}`;
  const campaignJobs = clubJobs.filter((m) => CAMPAIGN_SEND_JOB in m.handlers);
  const drain = () => new Worker({ db: e2e.server.db, clock, modules: campaignJobs }).drain();
  const accounting = (id: string) => campaignAccounting(e2e.server.db, e2e.server.program.id, id);
  /** Waits until the sending screen shows the accounting's figures. */
  async function barMatches(page: Page, id: string, words: Record<string, string>) {
    const t = (await accounting(id)).totals;
    const figures: Record<string, number> = {
      sent: t.sent,
      deferred: t.deferred,
      skipped: t.skipped + t.suppressed,
      failed: t.failed,
      pending: t.queued + t.sending,
    };
    for (const [key, value] of Object.entries(figures)) {
      await page
        .getByTestId(`sending-${key}`)
        .getByText(new RegExp(`^${words[key]}: ${value}$`))
        .waitFor();
    }
    return t;
  }
  const en = {
    sent: 'Sent',
    deferred: 'Deferred',
    skipped: 'Not sent',
    failed: 'Failed',
    pending: 'Still to send',
  };
  let firstId = '';

  it('builds a newsletter, reviews it against the API, sends it and watches it go (English)', async () => {
    const page = await e2e.browser.context.newPage();
    await signIn(page, e2e.server, 'en');
    await page.goto(url('/campaigns/new'));
    await page.getByRole('heading', { name: 'New campaign', level: 1 }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Winter newsletter');
    await page.getByLabel('Use of Newsletter').selectOption('include');
    await page.getByLabel('Template of variant A').selectOption({ label: 'מבצע חורף א' });
    await page.getByRole('button', { name: 'Add a variant (A/B test)' }).click();
    await page.getByLabel('Template of variant B').selectOption({ label: 'מבצע חורף ב' });
    await page.getByLabel('Test share of the audience (%)').fill('60');
    await page.getByLabel('Send the winner after (minutes)').fill('');
    await page.getByLabel('At most this many messages a minute').fill('2');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByRole('heading', { name: 'Winter newsletter', level: 1 }).waitFor();
    const row = await e2e.server.db
      .selectFrom('campaigns')
      .select(['id', 'send_rate_per_minute', 'winner_delay_minutes'])
      .where('program_id', '=', e2e.server.program.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ send_rate_per_minute: 2, winner_delay_minutes: null });
    firstId = row.id;

    // The review step: the API's own figures, each reason in words.
    const preview = await previewOf(page, api(`/campaigns/${firstId}/preview`));
    expect(preview).toMatchObject({
      audience: 10,
      outcomes: { send: 7, deferred: 1, skipped: 1, suppressed: 1 },
    });
    await reviewMatches(page, preview);
    const why = page.getByTestId('review-why');
    await why.getByRole('row', { name: /Deferred Frequency cap reached 1/ }).waitFor();
    await why.getByRole('row', { name: /Not sent No consent to marketing on this channel 1/ }).waitFor();
    await why.getByRole('row', { name: /Suppressed Address suppressed/ }).waitFor();
    const split = page.getByTestId('review-split');
    for (const v of preview.variants) {
      const name = v.key === 'unassigned' ? 'Waiting for the winner' : `Variant ${v.key}`;
      await split.getByRole('row', { name: `${name} ${v.count}` }).waitFor();
    }

    const test = page.getByTestId('review-test-send');
    await test.getByLabel('Test address').fill('dana@cafe-yafo.example');
    await test.getByLabel('Variant', { exact: true }).selectOption('B');
    await test.getByRole('button', { name: 'Send the test' }).click();
    await test.getByText('Test sent to dana@cafe-yafo.example.').waitFor();
    const testMessages = await e2e.server.db
      .selectFrom('messages')
      .select(['kind', 'status'])
      .where('program_id', '=', e2e.server.program.id)
      .where('to_address', '=', 'dana@cafe-yafo.example')
      .execute();
    // Queued through the normal send path (the messages worker sends it; it is not driven here).
    expect(testMessages).toEqual([{ kind: 'template_test', status: 'queued' }]);
    await page.getByTestId('campaign-review').scrollIntoViewIfNeeded();
    await screenshot(page, 'campaign-review-en');

    await page.getByRole('button', { name: 'Send now…' }).click();
    const confirm = page.getByRole('alertdialog');
    await confirm.getByText('Send this campaign to 8 members now?', { exact: false }).waitFor();
    await confirm.getByRole('button', { name: 'Yes, send' }).click();
    const sending = page.getByTestId('campaign-sending');
    await sending.getByTestId('sending-state').getByText('Scheduled').waitFor();
    await sending.getByText('The audience is recorded when sending starts.').waitFor();
    expect(await page.getByTestId('campaign-review').count()).toBe(0);

    // The worker records the ten rows and sends the test share (a minute at a time: the campaign's rate), then
    // waits for the winner to be picked by hand.
    const tested = preview.variants.filter((v) => v.key !== 'unassigned').reduce((n, v) => n + v.count, 0);
    const waiting = preview.variants.find((v) => v.key === 'unassigned')?.count ?? 0;
    const drainUntil = async (done: (t: Awaited<ReturnType<typeof accounting>>['totals']) => boolean) => {
      for (let i = 0; i < 12; i++) {
        advance(MINUTE + 1000);
        await drain();
        if (done((await accounting(firstId)).totals)) return;
      }
    };
    await drainUntil((t) => t.queued + t.sending === t.awaitingWinner);
    let totals = await barMatches(page, firstId, en);
    expect(totals).toMatchObject({ audience: 10, sent: tested, skipped: 1, suppressed: 1, failed: 0 });
    await page
      .getByRole('progressbar', { name: 'Sending' })
      .and(page.locator(`[aria-valuenow="${tested + 2}"]`))
      .waitFor();
    // The preview counts Shira 0 as deferred; recorded, she waits for the winner too if she is not in the test.
    expect(totals.awaitingWinner - waiting).toBe(totals.deferred === 0 ? 1 : 0);
    // Only rows waiting for the winner left: it waits for a person (Shira 0, deferred, keeps it "sending").
    const onlyWaiting = waiting > 0 && totals.deferred === 0;
    await sending
      .getByTestId('sending-state')
      .getByText(onlyWaiting ? 'Waiting for the A/B winner' : 'Sending')
      .waitFor();

    // Paused, the winner picked by hand: nothing more goes out until it is resumed. A second tab showing
    // "Paused" follows by itself when the first resumes.
    await sending.getByRole('button', { name: 'Pause' }).click();
    await sending.getByTestId('sending-state').getByText('Paused').waitFor();
    await sending.getByLabel('Winner', { exact: true }).selectOption('B');
    await sending.getByRole('button', { name: 'Send this variant to the rest' }).click();
    await sending.getByText('Winner: variant B (picked by hand).').waitFor();
    advance(MINUTE + 1000);
    await drain();
    expect((await accounting(firstId)).totals.sent).toBe(tested);
    await sending.getByTestId('sending-state').getByText('Paused').waitFor();
    const other = await e2e.browser.context.newPage();
    await other.goto(url(`/campaigns/${firstId}`));
    await other.getByTestId('sending-state').getByText('Paused').waitFor();
    await screenshot(page, 'campaign-paused-en');
    await sending.getByRole('button', { name: 'Resume' }).click();
    await sending.getByTestId('sending-state').getByText('Sending').waitFor();
    // The other tab reads the campaign again by itself while it is going: no reload.
    await other.getByTestId('sending-state').getByText('Sending').waitFor();
    await other.close();
    await drainUntil((t) => t.queued + t.sending === 0);
    // Everyone sent but Shira 0, deferred to tomorrow by the cap; two not sent, with their reasons.
    totals = await barMatches(page, firstId, en);
    expect(totals).toMatchObject({ sent: 7, deferred: 1, skipped: 1, suppressed: 1, failed: 0, queued: 0 });
    await sending.getByTestId('sending-state').getByText('Sending').waitFor();
    const notSent = sending.getByTestId('sending-why');
    await notSent.getByRole('row', { name: /Deferred Frequency cap reached 1/ }).waitFor();
    await notSent.getByRole('row', { name: /Not sent No consent to marketing on this channel 1/ }).waitFor();
    await sending.scrollIntoViewIfNeeded();
    await screenshot(page, 'campaign-sending-en');
    await page.close();
  });

  it('holds a second campaign back for everyone contacted today, then shows the first sent in full (Hebrew)', async () => {
    const programId = e2e.server.program.id;
    const { listId, templateId } = e2e.prepared;
    const second = await createCampaign(e2e.server.db, clock, programId, {
      name: 'ניוזלטר שני',
      channel: 'email',
      audience: { lists: [listId] },
      variants: [{ templateId }],
    });
    const page = await e2e.browser.context.newPage();
    await signIn(page, e2e.server, 'he');
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await page.goto(url(`/campaigns/${second.id}`));
    await page.getByRole('heading', { name: 'ניוזלטר שני', level: 1 }).waitFor();
    const preview = await previewOf(page, api(`/campaigns/${second.id}/preview`));
    // All eight who may get marketing e-mail were contacted today: the cap defers every one.
    expect(preview.outcomes).toEqual({ send: 0, deferred: 8, skipped: 1, suppressed: 1 });
    await reviewMatches(page, preview);
    const why = page.getByTestId('review-why');
    await why.getByRole('row', { name: /נדחה הגיע למכסת ההודעות 8/ }).waitFor();
    await why.getByRole('row', { name: /לא נשלח אין הסכמה לדיוור שיווקי בערוץ הזה 1/ }).waitFor();
    await page.getByTestId('review-until').waitFor();
    await page.getByRole('button', { name: 'שליחה עכשיו…' }).waitFor();
    await page.getByTestId('campaign-review').scrollIntoViewIfNeeded();
    await screenshot(page, 'campaign-review-he');

    // A day later the cap lets Shira 0's message go: every message of the first campaign is accounted for.
    advance(24 * 60 * MINUTE);
    await drain();
    await signIn(page, e2e.server, 'he');
    await page.goto(url(`/campaigns/${firstId}`));
    await page.getByRole('heading', { name: 'Winter newsletter', level: 1 }).waitFor();
    const sending = page.getByTestId('campaign-sending');
    await sending.getByTestId('sending-state').getByText('נשלח').waitFor();
    const totals = await barMatches(page, firstId, {
      sent: 'נשלחו',
      deferred: 'נדחו',
      skipped: 'לא נשלחו',
      failed: 'נכשלו',
      pending: 'עוד לשליחה',
    });
    expect(totals).toMatchObject({ audience: 10, sent: 8, deferred: 0, skipped: 1, suppressed: 1 });
    expect(await sending.getByRole('button').count()).toBe(0);
    await sending.getByText(isolated`המנצחת: גרסה ${'B'} (נבחרה ידנית).`).waitFor();
    const results = page.getByTestId('campaign-results');
    await results.getByText(isolated`כל ${'10'} ההודעות מוסברות.`).waitFor();
    await results
      .getByTestId('results-why-not-sent')
      .getByRole('row', { name: /הכתובת חסומה \(החזרה, תלונה או הסרה\) 1/ })
      .waitFor();
    await sending.scrollIntoViewIfNeeded();
    await screenshot(page, 'campaign-sending-he');
    await page.close();
  });
});
