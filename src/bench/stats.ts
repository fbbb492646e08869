/**
 * Robust statistics of timing samples: median, MAD, mean, standard deviation, relative margin of error
 * (as benchmark.js defines it: Student's t x SEM / mean) and a distribution-free 95% confidence interval of
 * the median from order statistics (exact binomial ranks).
 * @module
 */
import {
  mean,
  medianAbsoluteDeviation,
  median as medianOf,
  sampleStandardDeviation,
} from 'simple-statistics';

/** Summary of samples, in seconds (per call). */
export interface SampleStatistics {
  readonly sampleCount: number;
  readonly minSec: number;
  readonly maxSec: number;
  readonly medianSec: number;
  /** Median absolute deviation from the median, unscaled. */
  readonly madSec: number;
  readonly meanSec: number;
  /** Sample standard deviation; 0 for one sample. */
  readonly stdDevSec: number;
  /** Relative margin of error of the mean at 95%, in percent. */
  readonly rmePercent: number;
  /** Confidence interval of the median, from order statistics. */
  readonly ciLowSec: number;
  readonly ciHighSec: number;
  /** Coverage the interval actually achieves: >= 0.95 from 6 samples, less below. */
  readonly ciLevel: number;
}

/** Two-sided 97.5% Student's t quantiles for 1..30 degrees of freedom (as benchmark.js tabulates). */
const T_975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131,
  2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/** The 97.5% t quantile for `df` degrees of freedom (1.96 beyond 30). */
export function tQuantile975(df: number): number {
  return df >= 1 && df <= 30 ? T_975[df - 1]! : 1.96;
}

/** P(B <= k) for B ~ Binomial(n, 1/2), in log space so large n does not underflow. */
function binomialHalfCdf(n: number, k: number): number {
  if (k < 0) return 0;
  let logPmf = -n * Math.LN2;
  let total = Math.exp(logPmf);
  for (let i = 0; i < k; i++) {
    logPmf += Math.log((n - i) / (i + 1));
    total += Math.exp(logPmf);
  }
  return Math.min(1, total);
}

/**
 * 1-based ranks `[lower, upper]` of the order statistics bounding a >= `level` CI of the median of `n`
 * samples, and the coverage they achieve. Below 6 samples no pair reaches 95%: it returns [1, n].
 */
export function medianCiRanks(n: number, level = 0.95): { lower: number; upper: number; coverage: number } {
  const alphaHalf = (1 - level) / 2;
  let lower = 1;
  while (lower + 1 <= Math.ceil(n / 2) && binomialHalfCdf(n, lower) <= alphaHalf) lower++;
  const coverage = 1 - 2 * binomialHalfCdf(n, lower - 1);
  return { lower, upper: n - lower + 1, coverage };
}

/**
 * Summarize `samplesSec`; throws on an empty array or a non-finite sample. Samples of 0 s (calls below the
 * timer's resolution) are valid: all-zero samples give all-zero statistics (rme 0, not NaN). A rate derived
 * from a zero median is not a number; callers must refuse it (see `hasMeasurableTime` in `profile.ts`).
 */
export function summarizeSamples(samplesSec: readonly number[]): SampleStatistics {
  if (samplesSec.length === 0) throw new RangeError('samplesSec must not be empty');
  if (!samplesSec.every(Number.isFinite)) throw new RangeError('samplesSec must be finite numbers');
  const sorted = [...samplesSec].sort((a, b) => a - b);
  const n = sorted.length;
  const meanSec = mean(sorted);
  const stdDevSec = n > 1 ? sampleStandardDeviation(sorted) : 0;
  const semSec = stdDevSec / Math.sqrt(n);
  const ranks = medianCiRanks(n);
  return {
    sampleCount: n,
    minSec: sorted[0]!,
    maxSec: sorted[n - 1]!,
    medianSec: medianOf(sorted),
    madSec: medianAbsoluteDeviation(sorted),
    meanSec,
    stdDevSec,
    rmePercent: meanSec > 0 && n > 1 ? ((semSec * tQuantile975(n - 1)) / meanSec) * 100 : 0,
    ciLowSec: sorted[ranks.lower - 1]!,
    ciHighSec: sorted[ranks.upper - 1]!,
    ciLevel: ranks.coverage,
  };
}
