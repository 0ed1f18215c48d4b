import { describe, expect, it } from 'vitest';
import {
  accounting,
  campaignStatistics,
  outcomeOf,
  type AccountingRow,
  type GroupCountsRow,
} from './report.ts';
import { bucketLabels, defaultBucketSize, denseSeries } from './series.ts';

const group = (grp: string | null, over: Partial<GroupCountsRow> = {}): GroupCountsRow => ({
  grp,
  audience: 0,
  sent: 0,
  delivered: 0,
  hard_bounced: 0,
  soft_bounced: 0,
  opened: 0,
  machine_only_opened: 0,
  machine_opens: 0,
  clicked: 0,
  unsubscribed: 0,
  complained: 0,
  conversions: 0,
  orders: 0,
  revenue: 0,
  purchasers: 0,
  spend: 0,
  spend_squares: 0,
  points_earned: 0,
  rewards_redeemed: 0,
  ...over,
});

const rows = (...r: [string, string | null, number][]): AccountingRow[] =>
  r.map(([status, reason, count]) => ({ status, reason, count }));

describe('the accounting of a campaign', () => {
  it('puts every row in one outcome and lists every reason not sent', () => {
    const a = accounting(
      rows(
        ['sent', null, 50],
        ['outbox', null, 10],
        ['bounced', null, 2],
        ['complained', null, 1],
        ['skipped', 'no_consent', 7],
        ['skipped', 'holdout', 5],
        ['suppressed', 'suppressed', 3],
        ['deferred', 'frequency_cap', 4],
        ['failed', 'provider_refused', 1],
        ['queued', null, 6],
        ['sending', null, 2],
      ),
    );
    expect(a.audience).toBe(91);
    expect(a.outcomes).toEqual({ sent: 63, deferred: 4, failed: 1, suppressed: 3, skipped: 12, pending: 8 });
    expect(a.reasons).toEqual([
      { outcome: 'skipped', reason: 'no_consent', count: 7 },
      { outcome: 'skipped', reason: 'holdout', count: 5 },
      { outcome: 'deferred', reason: 'frequency_cap', count: 4 },
      { outcome: 'suppressed', reason: 'suppressed', count: 3 },
      { outcome: 'failed', reason: 'provider_refused', count: 1 },
    ]);
    expect(a.unexplained).toBe(0);
    expect(a.balanced).toBe(true);
  });

  it('is not balanced when a row not sent has no reason', () => {
    const a = accounting(rows(['sent', null, 3], ['skipped', null, 1]));
    expect(a.unexplained).toBe(1);
    expect(a.balanced).toBe(false);
    expect(outcomeOf('queued')).toBe('pending');
    expect(outcomeOf('delivered')).toBe('sent');
  });

  it('is empty for a draft', () => {
    expect(accounting([])).toMatchObject({ audience: 0, reasons: [], balanced: true });
  });
});

describe('campaign statistics', () => {
  const input = {
    variantKeys: ['A', 'B'],
    winnerMetric: 'open' as const,
    attributionDays: 5,
    currency: 'ILS',
    accountingRows: rows(['sent', null, 2000], ['skipped', 'holdout', 200]),
  };

  it('rates per variant and in total, with the A/B verdict', () => {
    const s = campaignStatistics({
      ...input,
      groups: [
        group('A', {
          audience: 1000,
          sent: 1000,
          delivered: 980,
          opened: 196,
          clicked: 49,
          conversions: 10,
          revenue: 50_000,
        }),
        group('B', {
          audience: 1000,
          sent: 1000,
          delivered: 990,
          opened: 297,
          clicked: 60,
          conversions: 12,
          revenue: 70_000,
        }),
      ],
    });
    expect(s.variants.map((v) => v.key)).toEqual(['A', 'B']);
    expect(s.variants[0]!.rates.opened.rate).toBe(0.2);
    expect(s.variants[1]!.revenuePerRecipient).toBe(71);
    expect(s.total).toMatchObject({
      key: 'total',
      sent: 2000,
      delivered: 1970,
      opened: 493,
      revenue: 120_000,
    });
    expect(s.winner).toMatchObject({ metric: 'open', winner: 'B', reason: 'significant' });
    expect(s.holdout).toBeNull();
    expect(s.accounting.audience).toBe(2200);
  });

  it('lists a variant with no rows yet, and the rows waiting for the winner last', () => {
    const s = campaignStatistics({
      ...input,
      groups: [
        group('A', { audience: 10, sent: 10, delivered: 10, opened: 3 }),
        group(null, { audience: 80 }),
      ],
    });
    expect(s.variants.map((v) => v.key)).toEqual(['A', 'B', 'unassigned']);
    expect(s.variants[1]!.rates.opened).toEqual({ rate: 0, low: 0, high: 1 });
    expect(s.total.audience).toBe(90);
    expect(s.winner?.variants.map((v) => v.key)).toEqual(['A', 'B']);
  });

  it('compares sent members with the holdout, which is not in the totals', () => {
    const s = campaignStatistics({
      ...input,
      variantKeys: ['A'],
      winnerMetric: null,
      groups: [
        group('A', {
          audience: 2000,
          sent: 2000,
          delivered: 2000,
          purchasers: 200,
          spend: 400_000,
          spend_squares: 200 * 2000 ** 2,
        }),
        group('holdout', { audience: 200, purchasers: 10, spend: 20_000, spend_squares: 10 * 2000 ** 2 }),
      ],
    });
    expect(s.total.audience).toBe(2000);
    expect(s.winner).toBeNull();
    expect(s.holdout?.members).toBe(200);
    expect(s.holdout?.conversion.treatedRate).toBe(0.1);
    expect(s.holdout?.conversion.holdoutRate).toBe(0.05);
    expect(s.holdout?.conversion.relative?.lift).toBeCloseTo(1, 10);
    expect(s.holdout?.conversion.significant).toBe(true);
    expect(s.holdout?.spendPerMember.treatedMean).toBe(200);
    expect(s.holdout?.spendPerMember.holdoutMean).toBe(100);
  });
});

describe('chart buckets', () => {
  it('uses hours for three days and days after', () => {
    const from = new Date('2026-03-01T10:00:00Z');
    expect(defaultBucketSize(from, new Date('2026-03-04T10:00:00Z'))).toBe('hour');
    expect(defaultBucketSize(from, new Date('2026-03-04T11:00:00Z'))).toBe('day');
  });

  it('labels local hours across the spring DST change in Jerusalem', () => {
    // 2026-03-27 02:00 local time becomes 03:00 (UTC+2 → UTC+3).
    const labels = bucketLabels(
      new Date('2026-03-26T23:30:00Z'),
      new Date('2026-03-27T01:10:00Z'),
      'hour',
      'Asia/Jerusalem',
    );
    expect(labels).toEqual(['2026-03-27T01:00', '2026-03-27T03:00', '2026-03-27T04:00']);
  });

  it('labels local days in Tehran and fills the gaps with zeros', () => {
    const labels = bucketLabels(
      new Date('2026-03-01T20:00:00Z'),
      new Date('2026-03-03T20:45:00Z'), // 00:15 on the 4th at UTC+3:30
      'day',
      'Asia/Tehran',
    );
    expect(labels).toEqual(['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04']);
    const series = denseSeries(
      labels,
      ['A', 'B'],
      [
        { bucket: '2026-03-02', group: 'A', sent: 5, opened: 2, clicked: 1, unsubscribed: 0, revenue: 900 },
        { bucket: '2026-02-01', group: 'A', sent: 99, opened: 0, clicked: 0, unsubscribed: 0, revenue: 0 },
      ],
    );
    expect(series[0]!.points.map((p) => p.sent)).toEqual([0, 5, 0, 0]);
    expect(series[0]!.points[1]!.revenue).toBe(900);
    expect(series[1]!.points.every((p) => p.sent === 0)).toBe(true);
  });
});
