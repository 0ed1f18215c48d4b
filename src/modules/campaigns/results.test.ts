// A campaign's results through the HTTP API on a real database: rows recorded and closed as the sending engine
// does (through messaging's index), opens and clicks as the tracking endpoints record them, purchases through
// loyalty; then the statistics, accounting, click map and series as the results page reads them.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTest, type TestContext } from '../../../test/harness.ts';
import { SYSTEM_ACTOR } from '../audit/index.ts';
import { recordPurchase } from '../loyalty/index.ts';
import { claimCampaignMessages, recordCampaignMessages, recordCampaignOutcomes } from '../messaging/index.ts';
import { makeCampaignClub } from './test-fixtures.ts';

let t: TestContext;
beforeAll(async () => {
  t = await setupTest();
});
afterAll(() => t.close());

const HOUR = 3_600_000;

interface Results {
  state: string;
  total: { audience: number; sent: number; delivered: number; opened: number; revenue: number };
  variants: {
    key: string;
    audience: number;
    sent: number;
    delivered: number;
    opened: number;
    machineOnlyOpened: number;
    clicked: number;
    conversions: number;
    orders: number;
    revenue: number;
    rates: { opened: { rate: number; low: number; high: number } };
  }[];
  holdout: { members: number; conversion: { treatedRate: number; holdoutRate: number } } | null;
  winner: { winner: string; reason: string; metric: string } | null;
  accounting: {
    audience: number;
    balanced: boolean;
    outcomes: Record<string, number>;
    reasons: { outcome: string; reason: string | null; count: number }[];
  };
  links: { variant: string | null; linkIndex: number; url: string; clicks: number; clickers: number }[];
}

describe('campaign results', () => {
  it('counts sends, opens, clicks, conversions and the holdout per variant, and accounts for every row', async () => {
    const club = await makeCampaignClub(t);
    const members = [];
    for (let i = 0; i < 6; i++) members.push(await club.member());
    const unconsented = await club.member({ consent: false });
    const templateB = await club.template('newsletter-b');
    const created = await club.owner.request({
      method: 'POST',
      url: club.url('/campaigns'),
      payload: {
        name: 'ניוזלטר דצמבר',
        channel: 'email',
        audience: { lists: [club.listId] },
        variants: [{ templateId: club.templateId }, { templateId: templateB, subject: 'פרסומת: B' }],
        abTest: { testPercent: 50, metric: 'open', winnerDelayMinutes: null },
        holdoutPercent: 20,
        attributionDays: 5,
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const campaignId = (created.json() as { id: string }).id;

    const draft = await club.owner.request({
      method: 'GET',
      url: club.url(`/campaigns/${campaignId}/results`),
    });
    expect(draft.statusCode, draft.body).toBe(200);
    expect((draft.json() as Results).accounting).toMatchObject({ audience: 0, balanced: true });
    const draftSeries = await club.owner.request({
      method: 'GET',
      url: club.url(`/campaigns/${campaignId}/results/series`),
    });
    expect(draftSeries.json()).toMatchObject({ from: null, series: [] });

    // The rows as a launch records them, with the variants and the holdout given by hand.
    const [m1, m2, m3, m4, m5, m6] = members as [string, string, string, string, string, string];
    const assigned: [string, string | null, boolean, string | null][] = [
      [m1, 'A', false, null],
      [m2, 'A', false, null],
      [m6, 'A', false, null],
      [m3, 'B', false, null],
      [m4, 'B', false, null],
      [m5, null, true, null],
      [unconsented, null, false, 'no_consent'],
    ];
    const launchedAt = t.clock.now();
    await t.db
      .updateTable('campaigns')
      .set({ launched_at: launchedAt, recorded_at: launchedAt })
      .where('id', '=', campaignId)
      .execute();
    const values = assigned.map(
      ([id, variant, heldOut, reason]) =>
        sql`(cast(${id} as uuid), cast(${variant} as text), cast(${heldOut} as boolean), cast(${reason} as text))`,
    );
    await recordCampaignMessages(t.db, t.clock, {
      programId: club.programId,
      campaignId,
      channel: 'email',
      purpose: 'marketing',
      audience: sql`select m.id as member_id, m.email as to_address, m.locale, v.reason as skip_reason,
        v.variant, v.held_out, cast(null as timestamptz) as not_before
        from (values ${sql.join(values)}) as v (id, variant, held_out, reason) join members m on m.id = v.id`,
    });
    const claimed = await claimCampaignMessages(t.db, t.clock, { campaignId, slot: 's1', limit: 10 });
    expect(claimed).toHaveLength(5);
    const byMember = new Map(claimed.map((c) => [c.memberId, c.id]));
    await recordCampaignOutcomes(
      t.db,
      t.clock,
      club.programId,
      claimed.map((c) => ({
        id: c.id,
        outcome:
          c.memberId === m6
            ? {
                status: 'deferred' as const,
                reason: 'frequency_cap',
                until: new Date(t.clock.now().getTime() + 24 * HOUR),
              }
            : { status: 'sent' as const, providerMessageId: null },
      })),
    );

    t.clock.advance(HOUR);
    const at = t.clock.now();
    await t.db
      .insertInto('message_opens')
      .values([
        {
          program_id: club.programId,
          message_id: byMember.get(m1)!,
          at,
          machine: false,
          machine_reason: null,
        },
        {
          program_id: club.programId,
          message_id: byMember.get(m2)!,
          at,
          machine: true,
          machine_reason: 'proxy',
        },
      ])
      .execute();
    await t.db
      .insertInto('message_clicks')
      .values({
        program_id: club.programId,
        message_id: byMember.get(m3)!,
        link_index: 0,
        url: 'https://shop.example/sale',
        at,
        machine: false,
      })
      .execute();
    t.clock.advance(HOUR);
    const buy = (memberId: string, total: number) =>
      recordPurchase(t.db, t.clock, SYSTEM_ACTOR, club.programId, {
        orderId: `o-${memberId}`,
        memberId,
        total,
        currency: 'ILS',
      });
    await buy(m1, 12_000); // opened, then bought: a conversion
    await buy(m4, 3_000); // sent, never opened: spend for the lift, not a conversion
    await buy(m5, 5_000); // held out

    const res = await club.owner.request({
      method: 'GET',
      url: club.url(`/campaigns/${campaignId}/results`),
    });
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json() as Results;
    const variant = (key: string) => r.variants.find((v) => v.key === key)!;
    expect(variant('A')).toMatchObject({
      audience: 3,
      sent: 2,
      delivered: 2,
      opened: 1,
      machineOnlyOpened: 1,
      clicked: 0,
      conversions: 1,
      orders: 1,
      revenue: 12_000,
    });
    expect(variant('A').rates.opened.rate).toBe(0.5);
    expect(variant('A').rates.opened.low).toBeGreaterThan(0);
    expect(variant('A').rates.opened.high).toBeLessThan(1);
    expect(variant('B')).toMatchObject({
      audience: 2,
      sent: 2,
      opened: 1,
      clicked: 1,
      conversions: 0,
      revenue: 0,
    });
    expect(variant('unassigned')).toMatchObject({ audience: 1, sent: 0 });
    expect(r.total).toMatchObject({ audience: 6, sent: 4, delivered: 4, opened: 2, revenue: 12_000 });
    expect(r.holdout).toMatchObject({ members: 1, conversion: { treatedRate: 0.5, holdoutRate: 1 } });
    expect(r.winner).toMatchObject({ metric: 'open', winner: 'A', reason: 'tie' });
    expect(r.accounting).toMatchObject({
      audience: 7,
      balanced: true,
      outcomes: { sent: 4, deferred: 1, skipped: 2, failed: 0, suppressed: 0, pending: 0 },
    });
    expect(r.accounting.reasons).toEqual(
      expect.arrayContaining([
        { outcome: 'deferred', reason: 'frequency_cap', count: 1 },
        { outcome: 'skipped', reason: 'holdout', count: 1 },
        { outcome: 'skipped', reason: 'no_consent', count: 1 },
      ]),
    );
    expect(r.links).toEqual([
      { variant: 'B', linkIndex: 0, url: 'https://shop.example/sale', clicks: 1, clickers: 1 },
    ]);

    const series = await club.owner.request({
      method: 'GET',
      url: club.url(`/campaigns/${campaignId}/results/series`),
    });
    expect(series.statusCode, series.body).toBe(200);
    const s = series.json() as {
      bucket: string;
      series: {
        group: string;
        points: { sent: number; opened: number; clicked: number; revenue: number }[];
      }[];
    };
    expect(s.bucket).toBe('hour');
    expect(s.series.map((g) => g.group)).toEqual(['A', 'B']);
    const sum = (group: string, k: 'sent' | 'opened' | 'clicked' | 'revenue') =>
      s.series.find((g) => g.group === group)!.points.reduce((n, p) => n + p[k], 0);
    expect([sum('A', 'sent'), sum('A', 'opened'), sum('A', 'revenue')]).toEqual([2, 1, 12_000]);
    expect([sum('B', 'sent'), sum('B', 'opened'), sum('B', 'clicked')]).toEqual([2, 1, 1]);
    // Three local hours: the send, the open and click, the purchase.
    expect(s.series[0]!.points.length).toBeGreaterThanOrEqual(3);

    const daily = await club.owner.request({
      method: 'GET',
      url: club.url(`/campaigns/${campaignId}/results/series?bucket=day`),
    });
    expect((daily.json() as { bucket: string }).bucket).toBe('day');
  });

  it('refuses an unknown campaign and a bad confidence level with stable codes', async () => {
    const club = await makeCampaignClub(t);
    const missing = await club.owner.request({
      method: 'GET',
      url: club.url('/campaigns/00000000-0000-4000-8000-000000000000/results'),
    });
    expect(missing.statusCode).toBe(404);
    expect((missing.json() as { error: { code: string } }).error.code).toBe('campaign_not_found');
    const bad = await club.owner.request({
      method: 'GET',
      url: club.url('/campaigns/00000000-0000-4000-8000-000000000000/results?confidence=2'),
    });
    expect(bad.statusCode).toBe(400);
    const badBucket = await club.owner.request({
      method: 'GET',
      url: club.url('/campaigns/00000000-0000-4000-8000-000000000000/results/series?bucket=week'),
    });
    expect(badBucket.statusCode).toBe(400);
  });
});
