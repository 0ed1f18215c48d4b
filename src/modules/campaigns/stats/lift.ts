// What the campaign changed, measured against its random holdout (members picked for the audience and left
// unsent): the conversion rate's lift, absolute and relative, and revenue per member's difference, each with
// its confidence interval. Pure arithmetic on counts and sums.
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import {
  DEFAULT_CONFIDENCE,
  differenceInterval,
  twoProportionTest,
  zFor,
  type Interval,
  type Proportion,
} from './proportions.ts';

export interface RateLift {
  treatedRate: number;
  holdoutRate: number;
  /** treatedRate − holdoutRate, in rate points (0.012 = 1.2 points), with Newcombe's interval. */
  absolute: Interval & { difference: number };
  /**
   * treatedRate ÷ holdoutRate − 1 (0.25 = 25 % more), with the Katz log interval of the rate ratio; null when
   * either side has no success (the ratio is then 0, infinite or undefined, and says nothing).
   */
  relative: (Interval & { lift: number }) | null;
  /** Two-sided p-value of "no difference" (two-proportion z-test). */
  pValue: number;
  significant: boolean;
}

export function rateLift(
  treated: Proportion,
  holdout: Proportion,
  confidence = DEFAULT_CONFIDENCE,
): RateLift {
  const test = twoProportionTest(treated, holdout);
  const treatedRate = treated.trials ? treated.successes / treated.trials : 0;
  const holdoutRate = holdout.trials ? holdout.successes / holdout.trials : 0;
  let relative: RateLift['relative'] = null;
  if (treated.successes > 0 && holdout.successes > 0) {
    const logRatio = Math.log(treatedRate / holdoutRate);
    const se = Math.sqrt(
      1 / treated.successes - 1 / treated.trials + 1 / holdout.successes - 1 / holdout.trials,
    );
    const z = zFor(confidence);
    relative = {
      lift: treatedRate / holdoutRate - 1,
      low: Math.exp(logRatio - z * se) - 1,
      high: Math.exp(logRatio + z * se) - 1,
    };
  }
  return {
    treatedRate,
    holdoutRate,
    absolute: { difference: treatedRate - holdoutRate, ...differenceInterval(treated, holdout, confidence) },
    relative,
    pValue: test.pValue,
    significant: treated.trials > 0 && holdout.trials > 0 && test.pValue < 1 - confidence,
  };
}

/** A per-member amount (revenue in minor units, points) summed over a group: n members, Σx and Σx². */
export interface AmountSums {
  members: number;
  sum: number;
  sumOfSquares: number;
}

export interface MeanDifference {
  /** The interval's ends; null when a side has fewer than 2 members (nothing to say). */
  low: number | null;
  high: number | null;
  treatedMean: number;
  holdoutMean: number;
  /** treatedMean − holdoutMean (per member, in the amount's unit). */
  difference: number;
  pValue: number;
  significant: boolean;
}

const variance = ({ members, sum, sumOfSquares }: AmountSums) =>
  members < 2 ? 0 : Math.max(0, (sumOfSquares - (sum * sum) / members) / (members - 1));

/**
 * Difference of means per member with Welch's standard error and the normal approximation (audiences are
 * hundreds at least; below 2 members a side, the interval is unbounded).
 */
export function meanDifference(
  treated: AmountSums,
  holdout: AmountSums,
  confidence = DEFAULT_CONFIDENCE,
): MeanDifference {
  const treatedMean = treated.members ? treated.sum / treated.members : 0;
  const holdoutMean = holdout.members ? holdout.sum / holdout.members : 0;
  const difference = treatedMean - holdoutMean;
  if (treated.members < 2 || holdout.members < 2) {
    return {
      treatedMean,
      holdoutMean,
      difference,
      low: null,
      high: null,
      pValue: 1,
      significant: false,
    };
  }
  const se = Math.sqrt(variance(treated) / treated.members + variance(holdout) / holdout.members);
  if (se === 0) {
    // Every member of each side has the same amount: the difference is exact.
    const pValue = difference === 0 ? 1 : 0;
    return {
      treatedMean,
      holdoutMean,
      difference,
      low: difference,
      high: difference,
      pValue,
      significant: pValue === 0,
    };
  }
  const z = zFor(confidence);
  const pValue = Math.min(1, 2 * (1 - normalCdf(Math.abs(difference / se), 0, 1)));
  return {
    treatedMean,
    holdoutMean,
    difference,
    low: difference - z * se,
    high: difference + z * se,
    pValue,
    significant: pValue < 1 - confidence,
  };
}
