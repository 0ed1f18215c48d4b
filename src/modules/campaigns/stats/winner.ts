// The A/B test's verdict: which variant goes to the rest of the audience. The winner is the variant with the
// highest rate on the campaign's metric (unique opens, unique clicks or conversions out of delivered
// messages); whether it is a real difference is told apart, by a two-proportion z-test against every other
// variant at the confidence level split between the comparisons (Bonferroni). The campaign sends the best
// rate after its delay either way — an owner who wants certainty picks by hand — but the screen says which.
import {
  DEFAULT_CONFIDENCE,
  twoProportionTest,
  wilsonInterval,
  type Proportion,
  type RateEstimate,
} from './proportions.ts';

export const WINNER_METRICS = ['open', 'click', 'conversion'] as const;
export type WinnerMetric = (typeof WINNER_METRICS)[number];

/** One variant's unique counts so far. */
export interface VariantCounts {
  key: string;
  delivered: number;
  opened: number;
  clicked: number;
  converted: number;
}

export interface VariantVerdict extends RateEstimate {
  key: string;
  successes: number;
  trials: number;
  /** Two-sided p-value against the winner (1 for the winner itself). */
  pValue: number;
}

export type WinnerReason =
  /** The winner beats every other variant at the confidence level. */
  | 'significant'
  /** The winner has the best rate, but the difference could be chance. */
  | 'not_significant'
  /** Two or more variants share the best rate; the first of them in the campaign's order wins. */
  | 'tie'
  /** Nothing delivered yet: the first variant, by default. */
  | 'no_data';

export interface WinnerDecision {
  metric: WinnerMetric;
  winner: string;
  reason: WinnerReason;
  confidence: number;
  variants: VariantVerdict[];
}

export function metricProportion(v: VariantCounts, metric: WinnerMetric): Proportion {
  const successes = { open: v.opened, click: v.clicked, conversion: v.converted }[metric];
  // A click implies an open and a bounce after delivery is rare, but counts come from separate tables: a
  // rate never goes past 100 %.
  return { successes: Math.min(successes, v.delivered), trials: v.delivered };
}

/** The winner of an A/B test on `metric` (variants in the campaign's order: the first wins ties). */
export function pickWinner(
  variants: readonly VariantCounts[],
  metric: WinnerMetric,
  confidence = DEFAULT_CONFIDENCE,
): WinnerDecision {
  if (variants.length === 0) throw new RangeError('An A/B test needs at least one variant');
  const proportions = variants.map((v) => metricProportion(v, metric));
  const rates = proportions.map((p) => (p.trials ? p.successes / p.trials : 0));
  const best = Math.max(...rates);
  const leader = rates.indexOf(best);
  const winner = proportions[leader]!;
  const verdicts = variants.map((v, i): VariantVerdict => {
    const p = proportions[i]!;
    return {
      key: v.key,
      ...p,
      ...wilsonInterval(p, confidence),
      pValue: i === leader ? 1 : twoProportionTest(winner, p).pValue,
    };
  });
  const others = verdicts.filter((_, i) => i !== leader);
  const alpha = (1 - confidence) / Math.max(1, others.length);
  let reason: WinnerReason;
  if (proportions.every((p) => p.trials === 0)) reason = 'no_data';
  else if (rates.filter((r) => r === best).length > 1) reason = 'tie';
  else if (others.length > 0 && others.every((v) => v.pValue < alpha)) reason = 'significant';
  else reason = 'not_significant';
  return { metric, winner: variants[leader]!.key, reason, confidence, variants: verdicts };
}
