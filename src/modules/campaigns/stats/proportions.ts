// Rates of people (unique opens, clicks, conversions out of delivered messages) with their uncertainty. Pure
// arithmetic on counts; the normal distribution comes from stdlib. Wilson's score interval rather than the
// textbook p ± z·√(p(1−p)/n): it stays inside [0, 1] and is honest at 0 of 40 or 40 of 40, which a campaign's
// first hour of results always is.
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';

export interface Proportion {
  /** People who did it (opened, clicked, bought). */
  successes: number;
  /** People who could have (delivered messages, members of the holdout). */
  trials: number;
}

export interface Interval {
  low: number;
  high: number;
}

export interface RateEstimate extends Interval {
  /** successes ÷ trials; 0 when there were no trials (and the interval is then [0, 1]). */
  rate: number;
}

export const DEFAULT_CONFIDENCE = 0.95;

function checkCounts({ successes, trials }: Proportion) {
  if (!Number.isInteger(successes) || !Number.isInteger(trials) || successes < 0 || successes > trials) {
    throw new RangeError(`Not a proportion: ${successes} of ${trials}`);
  }
}

/** z for a two-sided interval at this confidence (1.96 for 0.95). */
export function zFor(confidence: number): number {
  if (!(confidence > 0 && confidence < 1))
    throw new RangeError(`Confidence must be in (0, 1): ${confidence}`);
  return normalQuantile(1 - (1 - confidence) / 2, 0, 1);
}

/** Wilson score interval of successes out of trials. */
export function wilsonInterval(p: Proportion, confidence = DEFAULT_CONFIDENCE): RateEstimate {
  checkCounts(p);
  if (p.trials === 0) return { rate: 0, low: 0, high: 1 };
  const z = zFor(confidence);
  const n = p.trials;
  const rate = p.successes / n;
  const z2 = z * z;
  const centre = (rate + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((rate * (1 - rate)) / n + z2 / (4 * n * n));
  // Exact ends where the data sit on them (rounding would otherwise leave 1e-17 below 0).
  return {
    rate,
    low: p.successes === 0 ? 0 : Math.max(0, centre - half),
    high: p.successes === n ? 1 : Math.min(1, centre + half),
  };
}

export interface ProportionTest {
  /** rate(a) − rate(b). */
  difference: number;
  z: number;
  /** Two-sided p-value of "the two rates are equal"; 1 when either side has no trials. */
  pValue: number;
}

/** Two-proportion z-test with the pooled rate under the null hypothesis. */
export function twoProportionTest(a: Proportion, b: Proportion): ProportionTest {
  checkCounts(a);
  checkCounts(b);
  if (a.trials === 0 || b.trials === 0) return { difference: 0, z: 0, pValue: 1 };
  const ra = a.successes / a.trials;
  const rb = b.successes / b.trials;
  const pooled = (a.successes + b.successes) / (a.trials + b.trials);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / a.trials + 1 / b.trials));
  // Everyone or no one on both sides: no evidence of a difference.
  if (se === 0) return { difference: ra - rb, z: 0, pValue: 1 };
  const z = (ra - rb) / se;
  return { difference: ra - rb, z, pValue: Math.min(1, 2 * (1 - normalCdf(Math.abs(z), 0, 1))) };
}

/**
 * Newcombe's hybrid score interval for rate(a) − rate(b) (his method 10): built from the two Wilson intervals,
 * so it behaves at small counts and near 0 % as they do.
 */
export function differenceInterval(a: Proportion, b: Proportion, confidence = DEFAULT_CONFIDENCE): Interval {
  const wa = wilsonInterval(a, confidence);
  const wb = wilsonInterval(b, confidence);
  const d = wa.rate - wb.rate;
  return {
    low: d - Math.sqrt((wa.rate - wa.low) ** 2 + (wb.high - wb.rate) ** 2),
    high: d + Math.sqrt((wa.high - wa.rate) ** 2 + (wb.rate - wb.low) ** 2),
  };
}
