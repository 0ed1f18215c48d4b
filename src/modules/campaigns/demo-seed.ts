// The demo club's campaign: an A/B newsletter to two of the demo's segments, sent three days ago through the
// real send job (runCampaign) into the outbox — the demo has no SMTP server, so nothing leaves the machine —
// then opened, clicked and bought from through messaging's tracking and loyalty's purchases, so the results
// page has rates, an A/B verdict, a holdout lift and revenue to show. Who engages is decided by rank (members
// ordered by external id within their variant), never by chance, so the verdict is the same on every seed.
import type { Clock } from '../../platform/clock.ts';
import { DAY_MS } from '../../platform/clock.ts';
import { JobDeferred, type Job, type JobContext } from '../../platform/jobs/index.ts';
import type { DemoSeedContext } from '../../platform/module.ts';
import { SYSTEM_ACTOR } from '../audit/index.ts';
import { recordPurchase } from '../loyalty/index.ts';
import { withdrawMarketing } from '../membership/index.ts';
import { membersByIds } from '../members/index.ts';
import {
  campaignMessageFacts,
  createTemplate,
  recordEngagement,
  updateSenderProfile,
  type EngagementFetch,
} from '../messaging/index.ts';
import { listSegments } from '../segments/index.ts';
import { launchCampaign } from './control.ts';
import { runCampaign, sendJobKey, type SendDeps } from './sending.ts';
import { createCampaign } from './service.ts';

export const DEMO_CAMPAIGN_NAME = 'ניוזלטר דצמבר · December newsletter';
/** The demo's saved segments (demo/segments.ts) the newsletter goes to: pastry lovers and the lapsed. */
export const DEMO_CAMPAIGN_SEGMENTS = ['Pastry lovers', 'Lapsed: no purchase in 90 days'];
const MENU_URL = 'https://cafe.example/menu';
/** Minutes after the test is sent when the winner goes to the rest. */
const WINNER_DELAY_MINUTES = 120;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Who engages with each variant: shares of the messages sent, taken by rank. */
const ENGAGEMENT: Record<string, { open: number; click: number }> = {
  A: { open: 0.2, click: 0.08 },
  B: { open: 0.6, click: 0.35 },
};
/** Shares who buy: of those who clicked, of those who only opened, and of the holdout. */
const BUY = { clicked: 0.7, opened: 0.2, holdout: 0.08 };

const READER: EngagementFetch = {
  userAgent: 'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile',
  ip: '203.0.113.20',
};
/** Apple Mail Privacy Protection fetching the pixel: recorded, and flagged as no person's open. */
const APPLE_PROXY: EngagementFetch = { userAgent: 'Mozilla/5.0', ip: '17.58.63.1' };

const mjml = (dir: 'rtl' | 'ltr', text: string, button: string) =>
  `<mjml>\n<mj-body>\n<mj-section><mj-column>\n` +
  `<mj-text css-class="${dir}">${text}</mj-text>\n` +
  `<mj-button href="${MENU_URL}">${button}</mj-button>\n` +
  `</mj-column></mj-section>\n</mj-body>\n</mjml>`;

const template = (key: string, name: string, subjects: { he: string; fa: string; en: string }) => ({
  key,
  name,
  channel: 'email' as const,
  purpose: 'marketing' as const,
  defaultLocale: 'he' as const,
  variants: {
    he: {
      subject: subjects.he,
      body: mjml(
        'rtl',
        'שלום {{ member.first_name | default: "חבר/ה" }}, הקרואסון החדש שלנו כבר בחלון. ' +
          'יש לך {{ points.balance | number }} נקודות.',
        'לתפריט',
      ),
    },
    fa: {
      subject: subjects.fa,
      body: mjml(
        'rtl',
        'سلام {{ member.first_name | default: "دوست عزیز" }}، کروسان تازهٔ ما رسید. ' +
          '{{ points.balance | number }} امتیاز دارید.',
        'منو',
      ),
    },
    en: {
      subject: subjects.en,
      body: mjml(
        'ltr',
        'Hello {{ member.first_name | default: "friend" }}, our new croissant is in the window. ' +
          'You have {{ points.balance | number }} points.',
        'See the menu',
      ),
    },
  },
});

const at = (ms: number): Clock => ({ now: () => new Date(ms) });
const share = (n: number, rate: number) => Math.round(n * rate);

interface SentRow {
  messageId: string;
  memberId: string;
  externalId: string;
  group: string;
}

/** The campaign's rows by group (variant or holdout), each ordered by the member's external id. */
async function rowsByGroup(ctx: DemoSeedContext, campaignId: string): Promise<Map<string, SentRow[]>> {
  const rows = await ctx.db
    .selectFrom(campaignMessageFacts(ctx.db, ctx.programId, campaignId).as('cm'))
    .selectAll()
    .where('cm.member_id', 'is not', null)
    .execute();
  const members = await membersByIds(
    ctx.db,
    ctx.programId,
    rows.map((r) => r.member_id!),
  );
  const groups = new Map<string, SentRow[]>();
  for (const r of rows) {
    const group = r.reason === 'holdout' ? 'holdout' : r.status === 'outbox' ? r.variant : null;
    if (!group || !r.member_id) continue;
    const list = groups.get(group) ?? [];
    list.push({
      messageId: r.message_id,
      memberId: r.member_id,
      externalId: members.get(r.member_id)?.externalId ?? r.member_id,
      group,
    });
    groups.set(group, list);
  }
  for (const list of groups.values()) list.sort((a, b) => a.externalId.localeCompare(b.externalId));
  return groups;
}

/** Runs the campaign's send job on the given instant; returns when it asked to run again (null: done). */
async function runSendJob(ctx: DemoSeedContext, deps: SendDeps, job: Job, now: number) {
  const jobCtx: JobContext = { db: ctx.db, clock: at(now), config: {} };
  try {
    await runCampaign(jobCtx, deps, job);
    return null;
  } catch (error) {
    if (error instanceof JobDeferred) return error.until;
    throw error;
  }
}

/** Opens, clicks, a few purchases and one unsubscribe from those sent a variant at `sentAt`. */
async function engage(ctx: DemoSeedContext, rows: readonly SentRow[], sentAt: number, orders: { n: number }) {
  const rates = ENGAGEMENT[rows[0]?.group ?? 'A'] ?? ENGAGEMENT.A!;
  const opens = share(rows.length, rates.open);
  const clicks = Math.min(opens, share(rows.length, rates.click));
  const buyers = new Set([
    ...rows.slice(0, share(clicks, BUY.clicked)),
    ...rows.slice(clicks, clicks + share(opens - clicks, BUY.opened)),
  ]);
  for (const [rank, row] of rows.entries()) {
    if (rank >= opens) break;
    const openedAt = sentAt + (5 + rank * 3) * MINUTE;
    await recordEngagement(ctx.db, at(openedAt), { kind: 'open', messageId: row.messageId }, READER);
    if (rank < clicks) {
      const token = { kind: 'click' as const, messageId: row.messageId, index: 0, url: MENU_URL };
      await recordEngagement(ctx.db, at(openedAt + 2 * MINUTE), token, READER);
    }
    if (buyers.has(row)) await buy(ctx, row, openedAt + 20 * HOUR + rank * 7 * MINUTE, orders);
  }
  // Two of those who did not open had their pixel fetched by Apple's proxy; the last one unsubscribed.
  for (const row of rows.slice(opens, opens + 2)) {
    await recordEngagement(
      ctx.db,
      at(sentAt + 4 * MINUTE),
      { kind: 'open', messageId: row.messageId },
      APPLE_PROXY,
    );
  }
  const leaving = rows.length > opens + 2 ? rows[rows.length - 1] : undefined;
  if (leaving) {
    const member = (await membersByIds(ctx.db, ctx.programId, [leaving.memberId])).get(leaving.memberId)!;
    await withdrawMarketing(ctx.db, at(sentAt + 6 * HOUR), member, ['email'], {
      source: 'unsubscribe',
      sourceRef: leaving.messageId,
    });
  }
}

async function buy(ctx: DemoSeedContext, row: SentRow, when: number, orders: { n: number }) {
  orders.n += 1;
  const items = [
    { sku: 'croissant', category: 'pastry', quantity: 2, price: 1400 },
    { sku: 'cappuccino', category: 'coffee', quantity: 1 + (orders.n % 2), price: 1600 },
  ];
  await recordPurchase(ctx.db, at(when), SYSTEM_ACTOR, ctx.programId, {
    orderId: `newsletter-${row.externalId}`,
    memberId: row.memberId,
    total: items.reduce((sum, i) => sum + i.price * i.quantity, 0),
    currency: 'ILS',
    items,
    channel: orders.n % 3 === 0 ? 'web' : 'pos',
    occurredAt: new Date(when),
  });
}

/** The demo's sent A/B campaign with its results (a manifest's demoSeed step). */
export async function seedDemoCampaign(deps: SendDeps, ctx: DemoSeedContext): Promise<void> {
  const segments = (await listSegments(ctx.db, ctx.programId)).filter((s) =>
    DEMO_CAMPAIGN_SEGMENTS.includes(s.name),
  );
  if (segments.length === 0) return;
  // Sent on the morning (07:00 UTC, 09:00–10:00 in Israel) three days ago.
  const now = ctx.clock.now().getTime();
  const sentAt = Math.floor((now - 3 * DAY_MS) / DAY_MS) * DAY_MS + 7 * HOUR;
  const before = at(sentAt - HOUR);
  await updateSenderProfile(ctx.db, before, SYSTEM_ACTOR, ctx.programId, {
    businessName: 'קפה השכונה',
    address: 'רחוב הרצל 12, תל אביב',
    contactEmail: 'hello@cafe.example',
    contactPhone: null,
    israeliMode: null,
  });
  const a = await createTemplate(
    ctx.db,
    before,
    SYSTEM_ACTOR,
    ctx.programId,
    template('newsletter-december-a', 'ניוזלטר דצמבר A', {
      he: 'פרסומת: החדשות של דצמבר בקפה השכונה',
      fa: 'פרסומת: خبرهای آذر در کافهٔ محله',
      en: 'פרסומת: December at the Neighbourhood Café',
    }),
  );
  const b = await createTemplate(
    ctx.db,
    before,
    SYSTEM_ACTOR,
    ctx.programId,
    template('newsletter-december-b', 'ניוזלטר דצמבר B', {
      he: 'פרסומת: {{ member.first_name | default: "חבר/ה" }}, קרואסון חדש מחכה לך',
      fa: 'פרסומת: {{ member.first_name | default: "دوست عزیز" }}، کروسان تازه منتظر شماست',
      en: 'פרסומת: {{ member.first_name | default: "friend" }}, a new croissant is waiting for you',
    }),
  );
  const campaign = await createCampaign(ctx.db, before, ctx.programId, {
    name: DEMO_CAMPAIGN_NAME,
    channel: 'email',
    audience: { segments: segments.map((s) => s.id) },
    variants: [{ templateId: a.id }, { templateId: b.id }],
    abTest: { testPercent: 50, metric: 'open', winnerDelayMinutes: WINNER_DELAY_MINUTES },
    holdoutPercent: 15,
    attributionDays: 5,
  });
  await launchCampaign(ctx.db, at(sentAt), {
    programId: ctx.programId,
    campaignId: campaign.id,
    actor: SYSTEM_ACTOR.type,
  });
  const row = await ctx.db
    .selectFrom('jobs')
    .select(['id', 'type', 'program_id', 'payload', 'attempts', 'max_attempts'])
    .where('unique_key', '=', sendJobKey(campaign.id))
    .where('state', '=', 'queued')
    .executeTakeFirstOrThrow();
  const job: Job = {
    id: Number(row.id),
    type: row.type,
    programId: row.program_id,
    payload: row.payload as Record<string, unknown>,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
  };
  // The test share goes first; the job waits for the winner's time, when it picks on opens and sends the rest.
  const orders = { n: 0 };
  const wake = await runSendJob(ctx, deps, job, sentAt);
  const test = await rowsByGroup(ctx, campaign.id);
  for (const key of ['A', 'B']) await engage(ctx, test.get(key) ?? [], sentAt, orders);
  const restAt = Math.max(wake?.getTime() ?? 0, sentAt + WINNER_DELAY_MINUTES * MINUTE);
  await runSendJob(ctx, deps, job, restAt);
  const all = await rowsByGroup(ctx, campaign.id);
  for (const [key, rows] of all) {
    if (key === 'holdout') continue;
    const sentTest = new Set((test.get(key) ?? []).map((r) => r.messageId));
    await engage(
      ctx,
      rows.filter((r) => !sentTest.has(r.messageId)),
      restAt,
      orders,
    );
  }
  // The holdout was sent nothing; a few of them (one at least) came in anyway — the baseline of the lift.
  const holdout = all.get('holdout') ?? [];
  for (const [rank, member] of holdout.slice(0, Math.max(1, share(holdout.length, BUY.holdout))).entries()) {
    await buy(ctx, member, sentAt + DAY_MS + rank * 3 * HOUR, orders);
  }
}
