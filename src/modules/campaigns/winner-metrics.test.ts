// The A/B winner on each metric, picked by the send job on a simulated clock: unique human opens, unique clicks,
// or conversions — recipients who bought within the attribution days of their first open or click, counted for
// the variant they were sent. Three variants are set up so that each metric has a different winner.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTest, type TestContext } from '../../../test/harness.ts';
import { clubJobs } from '../../app/index.ts';
import { DAY_MS } from '../../platform/clock.ts';
import { Worker } from '../../platform/jobs/index.ts';
import { SYSTEM_ACTOR } from '../audit/index.ts';
import { recordPurchase } from '../loyalty/index.ts';
import { recordEngagement } from '../messaging/index.ts';
import { getCampaign } from './index.ts';
import type { WinnerDecision } from './stats/winner.ts';
import { makeCampaignClub } from './test-fixtures.ts';

let t: TestContext;
beforeAll(async () => {
  t = await setupTest();
});
afterAll(() => t.close());

const HOUR = 3_600_000;
// Forty members make each variant's share of the test two or more rows all but certainly; each case builds its
// club (a minute under a loaded machine's share of two cores, hence the time limit).
const MEMBERS = 40;
const READER = { userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0', ip: '198.51.100.7' };
const drain = () => new Worker({ db: t.db, clock: t.clock, modules: clubJobs, config: {} }).drain();

describe('the A/B winner by open, click or conversion rate', () => {
  it.each([
    ['open', 'A'],
    ['click', 'B'],
    ['conversion', 'C'],
  ] as const)(
    'on %s rate the job picks %s and sends it to the rest',
    async (metric, expected) => {
      const club = await makeCampaignClub(t);
      for (let i = 0; i < MEMBERS; i++) await club.member();
      const templates = [club.templateId, await club.template('b'), await club.template('c')];
      const created = await club.owner.request({
        method: 'POST',
        url: club.url('/campaigns'),
        payload: {
          name: `Winner by ${metric}`,
          channel: 'email',
          audience: { lists: [club.listId] },
          variants: templates.map((templateId) => ({ templateId })),
          // The winner three days after the test; a purchase counts within one day of the open or click.
          abTest: { testPercent: 90, metric, winnerDelayMinutes: 3 * 24 * 60 },
          attributionDays: 1,
        },
      });
      expect(created.statusCode, created.body).toBe(201);
      const id = (created.json() as { id: string }).id;
      const launched = await club.owner.request({ method: 'POST', url: club.url(`/campaigns/${id}/launch`) });
      expect(launched.statusCode, launched.body).toBe(200);
      await drain();
      const rows = await t.db
        .selectFrom('messages')
        .select(['id', 'member_id', 'variant'])
        .where('campaign_id', '=', id)
        .where('variant', 'is not', null)
        .orderBy('id')
        .execute();
      const of = (variant: string) => rows.filter((r) => r.variant === variant);
      for (const v of ['A', 'B', 'C']) expect(of(v).length, `variant ${v}`).toBeGreaterThanOrEqual(2);
      const sentAt = t.clock.now().getTime();
      const at = (ms: number) => ({ now: () => new Date(sentAt + ms) });
      const open = (messageId: string, ms: number) =>
        recordEngagement(t.db, at(ms), { kind: 'open', messageId }, READER);
      const click = (messageId: string, ms: number) =>
        recordEngagement(
          t.db,
          at(ms),
          { kind: 'click', messageId, index: 0, url: 'https://shop.example/sale' },
          READER,
        );
      let orders = 0;
      const buy = (memberId: string, ms: number) =>
        recordPurchase(t.db, at(ms), SYSTEM_ACTOR, club.programId, {
          orderId: `o-${++orders}`,
          memberId,
          total: 4_500,
          currency: 'ILS',
        });

      // A: everyone opened, nobody clicked; one of them bought two days later (outside the attribution window).
      for (const r of of('A')) await open(r.id, HOUR);
      await buy(of('A')[0]!.member_id!, HOUR + 2 * DAY_MS);
      // B: half clicked (a click is an open too); the last one, who never opened, bought: no conversion.
      const b = of('B');
      for (const r of b.slice(0, Math.ceil(b.length / 2))) await click(r.id, HOUR);
      await buy(b.at(-1)!.member_id!, 2 * HOUR);
      // C: a quarter opened, and each of them bought two hours later: conversions.
      const c = of('C');
      const buyers = c.slice(0, Math.ceil(c.length / 4));
      for (const r of buyers) {
        await open(r.id, HOUR);
        await buy(r.member_id!, 3 * HOUR);
      }
      // C's last one bought first and opened after: a purchase before the open is no conversion.
      await buy(c.at(-1)!.member_id!, HOUR / 2);
      await open(c.at(-1)!.id, HOUR);

      t.clock.set(new Date(sentAt + 3 * DAY_MS - HOUR));
      await drain();
      expect((await getCampaign(t.db, club.programId, id)).state).toBe('awaiting_winner');
      t.clock.set(new Date(sentAt + 3 * DAY_MS + 1));
      await drain();
      const done = await getCampaign(t.db, club.programId, id);
      expect(done.state).toBe('sent');
      expect(done.winner).toMatchObject({ variant: expected, source: 'auto' });
      const row = await t.db
        .selectFrom('campaigns')
        .select('winner_decision')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      const decision = row.winner_decision as WinnerDecision;
      expect(decision.metric).toBe(metric);
      const successes = Object.fromEntries(decision.variants.map((v) => [v.key, v.successes]));
      expect(successes).toEqual(
        {
          open: { A: of('A').length, B: Math.ceil(b.length / 2), C: buyers.length + 1 },
          click: { A: 0, B: Math.ceil(b.length / 2), C: 0 },
          conversion: { A: 0, B: 0, C: buyers.length },
        }[metric],
      );
      const rest = await t.db
        .selectFrom('messages')
        .select(['variant'])
        .where('campaign_id', '=', id)
        .execute();
      expect(rest.filter((r) => r.variant === null)).toEqual([]);
      expect(rest.filter((r) => r.variant === expected).length).toBe(
        MEMBERS - rows.filter((r) => r.variant !== expected).length,
      );
    },
    120_000,
  );
});
