/**
 * The two statistics of the regression check: a two-sided Mann-Whitney U test (is one sample shifted
 * against the other?) and a seeded bootstrap confidence interval of the ratio of medians (how big is the
 * change, and how sure are we?). Pure and deterministic: the bootstrap draws from its own seeded PRNG.
 *
 * simple-statistics gives the rank sum (`wilcoxonRankSum`, ties get their average rank), the error function
 * and the median/quantile; it has no p-value for the rank-sum test (its `permutationTest` compares means and
 * draws from `Math.random` unless given a source), so the p-value is computed here: exact for small samples
 * without ties, else the normal approximation with tie and continuity corrections.
 * @module
 */
import { errorFunction, median, quantileSorted, wilcoxonRankSum } from 'simple-statistics';
import { seededRandom } from '../../kernels/shared.ts';

/** Result of {@link mannWhitneyU}. */
export interface MannWhitneyResult {
  /** U of the first sample: the number of pairs (x from a, y from b) with x > y, ties counting 1/2. */
  readonly u: number;
  /** Standardized U (continuity-corrected; 0 when every value ties). Positive when `a` tends to be larger. */
  readonly z: number;
  /** Two-sided p-value. */
  readonly pValue: number;
}

/** Largest n1 + n2 for which the exact null distribution of U is used (when there are no ties). */
export const EXACT_MAX_TOTAL = 40;

/**
 * Number of arrangements of `m` + `n` values (no ties) giving each U = 0..mn: the coefficients of the
 * Gaussian binomial [m+n choose m]_q, by the recursion c(m, n, u) = c(m-1, n, u-n) + c(m, n-1, u).
 * Counts stay below C(40, 20) ~ 1.4e11, exact in doubles.
 */
function exactUCounts(m: number, n: number): number[] {
  // row[j] holds the counts for (i, j) while sweeping i = 0..m.
  let prev: number[][] = Array.from({ length: n + 1 }, () => [1]);
  for (let i = 1; i <= m; i++) {
    const row: number[][] = [[1]];
    for (let j = 1; j <= n; j++) {
      const size = i * j + 1;
      const counts = new Array<number>(size).fill(0);
      const up = prev[j]!; // (i-1, j): the largest value is from the first sample, adding j to U
      const left = row[j - 1]!; // (i, j-1)
      for (let u = 0; u < up.length; u++) counts[u + j]! += up[u]!;
      for (let u = 0; u < left.length; u++) counts[u]! += left[u]!;
      row.push(counts);
    }
    prev = row;
  }
  return prev[n]!;
}

/** P(Z >= z) for the standard normal, z >= 0: erfc through simple-statistics (relative error < 1.2e-7). */
function normalUpperTail(z: number): number {
  return (1 - errorFunction(z / Math.SQRT2)) / 2;
}

/**
 * Two-sided Mann-Whitney U test of `a` against `b`. Without ties and with n1 + n2 <= {@link EXACT_MAX_TOTAL}
 * the p-value is exact (2 x the smaller tail of the null distribution, capped at 1); otherwise the normal
 * approximation: mean n1 n2 / 2, variance n1 n2 / 12 x ((n + 1) - sum(t^3 - t) / (n (n - 1))) over tie
 * groups of size t, and a continuity correction of 1/2. Both samples must be non-empty and finite.
 */
export function mannWhitneyU(a: readonly number[], b: readonly number[]): MannWhitneyResult {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) throw new Error('mannWhitneyU: both samples must be non-empty');
  if (![...a, ...b].every(Number.isFinite)) throw new Error('mannWhitneyU: samples must be finite');
  const n = n1 + n2;
  const u = wilcoxonRankSum([...a], [...b]) - (n1 * (n1 + 1)) / 2;
  const mean = (n1 * n2) / 2;

  const pooled = [...a, ...b].sort((x, y) => x - y);
  let tieTerm = 0;
  for (let i = 0; i < n; ) {
    let j = i + 1;
    while (j < n && pooled[j] === pooled[i]) j++;
    const t = j - i;
    tieTerm += t * t * t - t;
    i = j;
  }
  const variance = ((n1 * n2) / 12) * (n + 1 - (n > 1 ? tieTerm / (n * (n - 1)) : 0));
  const sd = Math.sqrt(Math.max(variance, 0));
  const distance = Math.abs(u - mean);
  const z = sd > 0 ? (Math.sign(u - mean) * Math.max(distance - 0.5, 0)) / sd : 0;

  let pValue: number;
  if (tieTerm === 0 && n <= EXACT_MAX_TOTAL) {
    const counts = exactUCounts(n1, n2);
    const total = counts.reduce((s, c) => s + c, 0);
    // U is symmetric about its mean: the lower tail at min(U, n1 n2 - U) is the smaller tail.
    const low = Math.min(u, n1 * n2 - u);
    let tail = 0;
    for (let k = 0; k <= low; k++) tail += counts[k]!;
    pValue = Math.min(1, (2 * tail) / total);
  } else {
    pValue = sd > 0 ? Math.min(1, 2 * normalUpperTail(Math.abs(z))) : 1;
  }
  return { u, z, pValue };
}

/** mulberry32: a small, fast 32-bit PRNG; the same seed gives the same stream. Floats in [0, 1). */
export const mulberry32: (seed: number) => () => number = seededRandom;

/** Options of {@link bootstrapRatioCi}. */
export interface BootstrapOptions {
  /** Resamples (default 2000). */
  readonly iterations?: number;
  /** Coverage of the percentile interval (default 0.95). */
  readonly level?: number;
  /** PRNG seed: the same inputs and seed give the same interval. */
  readonly seed: number;
}

function resampledMedian(values: readonly number[], random: () => number, scratch: number[]): number {
  for (let i = 0; i < values.length; i++) scratch[i] = values[Math.floor(random() * values.length)]!;
  return median(scratch);
}

/**
 * Percentile bootstrap interval of median(b) / median(a): each iteration resamples both samples with
 * replacement and takes the ratio of their medians; the interval is the (1 - level)/2 and (1 + level)/2
 * quantiles of those ratios. A resample whose median(a) is 0 gives an infinite or NaN ratio; the caller
 * checks the interval is finite.
 */
export function bootstrapRatioCi(
  a: readonly number[],
  b: readonly number[],
  options: BootstrapOptions,
): [number, number] {
  const iterations = options.iterations ?? 2000;
  const level = options.level ?? 0.95;
  if (a.length === 0 || b.length === 0) throw new Error('bootstrapRatioCi: both samples must be non-empty');
  if (!Number.isInteger(iterations) || iterations < 1) {
    throw new Error('bootstrapRatioCi: options.iterations must be a positive integer');
  }
  if (!(level > 0 && level < 1)) throw new Error('bootstrapRatioCi: options.level must be in (0, 1)');
  const random = mulberry32(options.seed);
  const scratchA = new Array<number>(a.length);
  const scratchB = new Array<number>(b.length);
  const ratios = new Array<number>(iterations);
  for (let i = 0; i < iterations; i++) {
    const ma = resampledMedian(a, random, scratchA);
    const mb = resampledMedian(b, random, scratchB);
    ratios[i] = mb / ma;
  }
  if (ratios.some(Number.isNaN)) return [Number.NaN, Number.NaN];
  ratios.sort((x, y) => x - y);
  const tail = (1 - level) / 2;
  return [quantileSorted(ratios, tail), quantileSorted(ratios, 1 - tail)];
}
