// A campaign's statistics from its grouped counts: per variant and in total, rates with their intervals, the
// A/B verdict, the lift against the holdout, and the accounting of every row. Pure; queries.ts counts.
import { meanDifference, rateLift, type MeanDifference, type RateLift } from './lift.ts';
import { DEFAULT_CONFIDENCE, wilsonInterval, type RateEstimate } from './proportions.ts';
import { pickWinner, type WinnerDecision, type WinnerMetric } from './winner.ts';

/** One group's counts as queries.ts returns them. */
export interface GroupCountsRow {
  /** The A/B variant, 'holdout', or null for rows still waiting for the winner. */
  grp: string | null;
  audience: number;
  sent: number;
  delivered: number;
  hard_bounced: number;
  soft_bounced: number;
  opened: number;
  machine_only_opened: number;
  machine_opens: number;
  clicked: number;
  unsubscribed: number;
  complained: number;
  conversions: number;
  orders: number;
  revenue: number;
  /** Members whose reference period had any purchase (sent members and the holdout alike: lift). */
  purchasers: number;
  spend: number;
  spend_squares: number;
  points_earned: number;
  rewards_redeemed: number;
}

export interface AccountingRow {
  status: string;
  reason: string | null;
  count: number;
}

export const HOLDOUT_GROUP = 'holdout';
/** Rows still waiting for the A/B winner (the rest of the audience). */
export const UNASSIGNED_GROUP = 'unassigned';

export interface OutcomeCounts {
  audience: number;
  sent: number;
  delivered: number;
  hardBounced: number;
  softBounced: number;
  /** Unique people: a human open, or a human click (which implies one). */
  opened: number;
  /** Messages opened only by machines (mail privacy proxies, scanners): counted apart, not as opens. */
  machineOnlyOpened: number;
  /** Machine open fetches in all. */
  machineOpens: number;
  clicked: number;
  unsubscribed: number;
  complained: number;
  /** Recipients with a purchase within the attribution window after their first open or click. */
  conversions: number;
  orders: number;
  /** Those purchases' net totals, minor units of the program currency. */
  revenue: number;
  pointsEarned: number;
  rewardsRedeemed: number;
}

export interface GroupStats extends OutcomeCounts {
  key: string;
  rates: {
    /** delivered ÷ sent. */
    delivered: RateEstimate;
    /** opened, clicked, unsubscribed, complained and conversions ÷ delivered. */
    opened: RateEstimate;
    clicked: RateEstimate;
    unsubscribed: RateEstimate;
    complained: RateEstimate;
    conversion: RateEstimate;
  };
  /** revenue ÷ delivered, minor units (rounded). */
  revenuePerRecipient: number;
}

export type Outcome = 'sent' | 'deferred' | 'failed' | 'suppressed' | 'skipped' | 'pending';
export const OUTCOMES: readonly Outcome[] = [
  'sent',
  'deferred',
  'failed',
  'suppressed',
  'skipped',
  'pending',
];

export interface Accounting {
  audience: number;
  outcomes: Record<Outcome, number>;
  /** Every row not sent, by outcome and reason ("why not sent"), largest first. */
  reasons: { outcome: Outcome; reason: string | null; count: number }[];
  /** Rows not sent that carry no reason (should be none). */
  unexplained: number;
  /** sent + deferred + failed + suppressed + skipped + pending = audience. */
  balanced: boolean;
}

export interface HoldoutComparison {
  /** Members held out (recorded, never sent). */
  members: number;
  /** Sent members against held-out ones: any purchase within the attribution window of the send. */
  conversion: RateLift;
  /** Net spend per member in that window, minor units. */
  spendPerMember: MeanDifference;
}

export interface CampaignStatistics {
  confidence: number;
  attributionDays: number;
  currency: string;
  total: GroupStats;
  variants: GroupStats[];
  holdout: HoldoutComparison | null;
  winner: WinnerDecision | null;
  accounting: Accounting;
}

const ZERO: OutcomeCounts = {
  audience: 0,
  sent: 0,
  delivered: 0,
  hardBounced: 0,
  softBounced: 0,
  opened: 0,
  machineOnlyOpened: 0,
  machineOpens: 0,
  clicked: 0,
  unsubscribed: 0,
  complained: 0,
  conversions: 0,
  orders: 0,
  revenue: 0,
  pointsEarned: 0,
  rewardsRedeemed: 0,
};

function countsOf(r: GroupCountsRow): OutcomeCounts {
  return {
    audience: r.audience,
    sent: r.sent,
    delivered: r.delivered,
    hardBounced: r.hard_bounced,
    softBounced: r.soft_bounced,
    opened: r.opened,
    machineOnlyOpened: r.machine_only_opened,
    machineOpens: r.machine_opens,
    clicked: r.clicked,
    unsubscribed: r.unsubscribed,
    complained: r.complained,
    conversions: r.conversions,
    orders: r.orders,
    revenue: r.revenue,
    pointsEarned: r.points_earned,
    rewardsRedeemed: r.rewards_redeemed,
  };
}

function add(a: OutcomeCounts, b: OutcomeCounts): OutcomeCounts {
  const out = { ...a };
  for (const k of Object.keys(ZERO) as (keyof OutcomeCounts)[]) out[k] += b[k];
  return out;
}

export function groupStats(key: string, c: OutcomeCounts, confidence = DEFAULT_CONFIDENCE): GroupStats {
  const of = (successes: number, trials: number) =>
    wilsonInterval({ successes: Math.min(successes, trials), trials }, confidence);
  return {
    key,
    ...c,
    rates: {
      delivered: of(c.delivered, c.sent),
      opened: of(c.opened, c.delivered),
      clicked: of(c.clicked, c.delivered),
      unsubscribed: of(c.unsubscribed, c.delivered),
      complained: of(c.complained, c.delivered),
      conversion: of(c.conversions, c.delivered),
    },
    revenuePerRecipient: c.delivered ? Math.round(c.revenue / c.delivered) : 0,
  };
}

export function outcomeOf(status: string): Outcome {
  switch (status) {
    case 'sent':
    case 'outbox':
    case 'delivered':
    case 'bounced':
    case 'complained':
      return 'sent';
    case 'deferred':
    case 'failed':
    case 'suppressed':
    case 'skipped':
      return status;
    default:
      // queued, sending: on their way
      return 'pending';
  }
}

export function accounting(rows: readonly AccountingRow[]): Accounting {
  const outcomes = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
  const reasons = new Map<string, Accounting['reasons'][number]>();
  let audience = 0;
  let unexplained = 0;
  for (const r of rows) {
    const outcome = outcomeOf(r.status);
    audience += r.count;
    outcomes[outcome] += r.count;
    if (outcome === 'sent' || outcome === 'pending') continue;
    if (r.reason === null) unexplained += r.count;
    const key = `${outcome}\u0000${r.reason ?? ''}`;
    const entry = reasons.get(key) ?? { outcome, reason: r.reason, count: 0 };
    entry.count += r.count;
    reasons.set(key, entry);
  }
  const sum = OUTCOMES.reduce((s, o) => s + outcomes[o], 0);
  return {
    audience,
    outcomes,
    reasons: [...reasons.values()].sort(
      (a, b) => b.count - a.count || (a.reason ?? '').localeCompare(b.reason ?? ''),
    ),
    unexplained,
    balanced: sum === audience && unexplained === 0,
  };
}

export interface StatisticsInput {
  /** The campaign's variant keys in its order (one key for a campaign without an A/B test). */
  variantKeys: readonly string[];
  /** The A/B test's metric; null without a test. */
  winnerMetric: WinnerMetric | null;
  attributionDays: number;
  currency: string;
  groups: readonly GroupCountsRow[];
  accountingRows: readonly AccountingRow[];
  confidence?: number;
}

export function campaignStatistics(input: StatisticsInput): CampaignStatistics {
  const confidence = input.confidence ?? DEFAULT_CONFIDENCE;
  const byGroup = new Map(input.groups.map((g) => [g.grp ?? UNASSIGNED_GROUP, countsOf(g)]));
  const keys = [...input.variantKeys];
  // Rows of a variant the campaign no longer names still count; rows waiting for the winner come last.
  for (const k of byGroup.keys()) {
    if (!keys.includes(k) && k !== HOLDOUT_GROUP && k !== UNASSIGNED_GROUP) keys.push(k);
  }
  if (byGroup.has(UNASSIGNED_GROUP)) keys.push(UNASSIGNED_GROUP);
  const variants = keys.map((k) => groupStats(k, byGroup.get(k) ?? ZERO, confidence));
  const totalCounts = variants.reduce<OutcomeCounts>((sum, v) => add(sum, v), ZERO);
  const held = input.groups.find((g) => g.grp === HOLDOUT_GROUP);
  const treated = input.groups.filter((g) => g.grp !== HOLDOUT_GROUP);
  let holdout: HoldoutComparison | null = null;
  if (held) {
    const sent = treated.reduce((s, g) => s + g.sent, 0);
    const sums = (gs: readonly GroupCountsRow[], members: number) => ({
      members,
      sum: gs.reduce((s, g) => s + g.spend, 0),
      sumOfSquares: gs.reduce((s, g) => s + g.spend_squares, 0),
    });
    holdout = {
      members: held.audience,
      conversion: rateLift(
        {
          successes: Math.min(
            sent,
            treated.reduce((s, g) => s + g.purchasers, 0),
          ),
          trials: sent,
        },
        { successes: Math.min(held.audience, held.purchasers), trials: held.audience },
        confidence,
      ),
      spendPerMember: meanDifference(sums(treated, sent), sums([held], held.audience), confidence),
    };
  }
  const tested = variants.filter((v) => input.variantKeys.includes(v.key));
  const winner =
    input.winnerMetric && tested.length >= 2
      ? pickWinner(
          tested.map((v) => ({
            key: v.key,
            delivered: v.delivered,
            opened: v.opened,
            clicked: v.clicked,
            converted: v.conversions,
          })),
          input.winnerMetric,
          confidence,
        )
      : null;
  return {
    confidence,
    attributionDays: input.attributionDays,
    currency: input.currency,
    total: groupStats('total', totalCounts, confidence),
    variants,
    holdout,
    winner,
    accounting: accounting(input.accountingRows),
  };
}
