// Pure tier logic: which tier a metric qualifies for, and what to do about it. Upgrades happen as soon as a
// member qualifies; a member who no longer qualifies keeps the tier through a grace period and is moved down
// only at a re-evaluation after it ends. A refund is not a lapse: a tier the refunded purchase paid for is
// withdrawn at once.
import type { Tier } from './settings.ts';
import type { TierMetric } from './tables.ts';

/** The highest tier whose threshold the metric reaches (tiers sorted lowest rank first). */
export function qualifyingTier(tiers: readonly Tier[], metric: number): Tier | undefined {
  let best: Tier | undefined;
  for (const tier of tiers) if (metric >= tier.threshold) best = tier;
  return best ?? tiers[0];
}

export type TierEvaluationMode = 'purchase' | 'reevaluation' | 'refund';

export type TierDecision =
  | { action: 'none' }
  | { action: 'upgrade'; to: Tier }
  | { action: 'start_grace'; downgradeAt: Date }
  | { action: 'clear_grace' }
  | { action: 'downgrade'; to: Tier };

export function decideTier(input: {
  tiers: readonly Tier[];
  currentKey: string | null;
  metric: number;
  downgradeAt: Date | null;
  now: Date;
  graceDays: number;
  /**
   * 'purchase': only upgrades; 'reevaluation': may also start grace and downgrade; 'refund': downgrades at
   * once to what the metric net of the refund still reaches.
   */
  mode: TierEvaluationMode;
}): TierDecision {
  const qualified = qualifyingTier(input.tiers, input.metric);
  if (!qualified) return { action: 'none' };
  const current = input.tiers.find((t) => t.key === input.currentKey);
  const currentRank = current?.rank ?? -Infinity;
  if (qualified.rank > currentRank) return { action: 'upgrade', to: qualified };
  if (qualified.rank === currentRank)
    return input.downgradeAt ? { action: 'clear_grace' } : { action: 'none' };
  if (input.mode === 'purchase') return { action: 'none' };
  if (input.mode === 'refund') return { action: 'downgrade', to: qualified };
  if (!input.downgradeAt) {
    if (input.graceDays === 0) return { action: 'downgrade', to: qualified };
    return {
      action: 'start_grace',
      downgradeAt: new Date(input.now.getTime() + input.graceDays * 86_400_000),
    };
  }
  if (input.downgradeAt <= input.now) return { action: 'downgrade', to: qualified };
  return { action: 'none' };
}

/** The next tier above the current one, if any: upgrades are only possible when the metric reaches it. */
export function nextTier(tiers: readonly Tier[], currentKey: string | null): Tier | undefined {
  const current = tiers.find((t) => t.key === currentKey);
  return tiers.find((t) => t.rank > (current?.rank ?? -Infinity));
}

/**
 * The account column that bounds each tier metric from above: the rolling window's metric never exceeds the
 * lifetime figure, so while the lifetime figure stays below the next tier's threshold no upgrade is possible.
 */
export const LIFETIME_METRIC_COLUMN = {
  points: 'lifetime_earned',
  spend: 'lifetime_spend',
  purchases: 'purchase_count',
} as const satisfies Record<TierMetric, string>;

export type LifetimeMetricColumn = (typeof LIFETIME_METRIC_COLUMN)[TierMetric];

/** What one purchase adds to the tier metric. */
export function metricContribution(metric: TierMetric, purchase: { points: number; total: number }): number {
  switch (metric) {
    case 'points':
      return purchase.points;
    case 'spend':
      return purchase.total;
    case 'purchases':
      return 1;
  }
}
