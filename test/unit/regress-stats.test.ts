import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bootstrapRatioCi, mannWhitneyU, mulberry32 } from '../../src/regress/stats.ts';

describe('Mann-Whitney U (golden, by hand)', () => {
  it('complete separation of 5 and 5: U = 0, exact p = 2 / C(10, 5) = 2/252', () => {
    const r = mannWhitneyU([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]);
    expect(r.u).toBe(0);
    expect(r.pValue).toBeCloseTo(2 / 252, 15);
    // z with continuity: -(12.5 - 0.5) / sqrt(25 x 11 / 12)
    expect(r.z).toBeCloseTo(-12 / Math.sqrt(275 / 12), 12);
    expect(mannWhitneyU([6, 7, 8, 9, 10], [1, 2, 3, 4, 5])).toMatchObject({ u: 25, pValue: 2 / 252 });
  });

  it('n1 = n2 = 5: the table critical U at two-sided 0.05 is 2 (P(U <= 2) = 4/252, P(U <= 3) = 7/252)', () => {
    // 7 beats 5 and 6: U = 2
    const u2 = mannWhitneyU([1, 2, 3, 4, 7], [5, 6, 8, 9, 10]);
    expect(u2.u).toBe(2);
    expect(u2.pValue).toBeCloseTo(8 / 252, 15);
    expect(u2.pValue).toBeLessThan(0.05);
    // 8 beats 5, 6, 7: U = 3
    const u3 = mannWhitneyU([1, 2, 3, 4, 8], [5, 6, 7, 9, 10]);
    expect(u3.u).toBe(3);
    expect(u3.pValue).toBeCloseTo(14 / 252, 15);
    expect(u3.pValue).toBeGreaterThan(0.05);
  });

  it('n1 = n2 = 10: the table critical U at two-sided 0.05 is 23', () => {
    const b = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19];
    // 20.5 beats 10 b's, 18.5 beats 9, 13.5 beats 4: U = 23; with 14.5 it beats 5: U = 24
    const at23 = mannWhitneyU([0, 1, 2, 3, 4, 5, 6, 13.5, 18.5, 20.5], b);
    const at24 = mannWhitneyU([0, 1, 2, 3, 4, 5, 6, 14.5, 18.5, 20.5], b);
    expect([at23.u, at24.u]).toEqual([23, 24]);
    expect(at23.pValue).toBeLessThan(0.05);
    expect(at24.pValue).toBeGreaterThan(0.05);
    // scipy.stats.mannwhitneyu(method='exact') gives the same: 0.0432570525, 0.0524259023
    expect(at23.pValue).toBeCloseTo(0.0432570525, 9);
    expect(at24.pValue).toBeCloseTo(0.0524259023, 9);
  });

  it('ties: average ranks, tie-corrected variance, continuity correction', () => {
    // pooled: 1a 2a 2a 2b 3a 3b 4b 5b 6b; ranks 1, 3, 3, 3, 5.5, 5.5, 7, 8, 9
    // R1 = 1 + 3 + 3 + 5.5 = 12.5, U = 12.5 - 4 x 5 / 2 = 2.5; mean 10
    // ties: t = 3 and t = 2 -> sum(t^3 - t) = 24 + 6 = 30
    // var = 20 / 12 x (10 - 30 / 72) = 15.97222; z = -(7.5 - 0.5) / sqrt(var) = -1.751521
    const r = mannWhitneyU([1, 2, 2, 3], [2, 3, 4, 5, 6]);
    expect(r.u).toBe(2.5);
    const z = -7 / Math.sqrt((20 / 12) * (10 - 30 / 72));
    expect(r.z).toBeCloseTo(z, 12);
    expect(z).toBeCloseTo(-1.751521, 6);
    // normal table: 2 x (1 - Phi(1.7515)) = 0.0799 (scipy asymptotic: 0.0798562)
    expect(r.pValue).toBeCloseTo(0.0798562, 6);
  });

  it('beyond 40 values the normal approximation is used (25 vs 25, U = 153)', () => {
    const a = Array.from({ length: 25 }, (_, i) => i + 1);
    const b = a.map((x) => x + 7.5);
    const r = mannWhitneyU(a, b);
    // a = k beats k - 8 b's for k >= 9: sum 1..17 = 153; mean 312.5; var 625 x 51 / 12 = 2656.25
    expect(r.u).toBe(153);
    expect(r.z).toBeCloseTo(-159 / Math.sqrt(2656.25), 12);
    // 2 x (1 - Phi(3.08505)) = 0.0020352 (scipy asymptotic: 0.00203516)
    expect(r.pValue).toBeCloseTo(0.00203516, 7);
  });

  it('all values tied: z = 0 and p = 1', () => {
    expect(
      mannWhitneyU(
        [3, 3, 3],
        [
          3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
          3, 3, 3, 3, 3, 3, 3,
        ],
      ),
    ).toEqual({
      u: 60,
      z: 0,
      pValue: 1,
    });
    expect(mannWhitneyU([3, 3], [3, 3])).toEqual({ u: 2, z: 0, pValue: 1 });
  });

  it('rejects empty and non-finite samples', () => {
    expect(() => mannWhitneyU([], [1])).toThrow('non-empty');
    expect(() => mannWhitneyU([1, Number.NaN], [1])).toThrow('finite');
  });

  it('swapping the samples gives U2 = n1 n2 - U1, -z and the same p (property)', () => {
    const sample = fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(sample, sample, (a, b) => {
        const ab = mannWhitneyU(a, b);
        const ba = mannWhitneyU(b, a);
        expect(ab.u + ba.u).toBe(a.length * b.length);
        expect(ab.z).toBeCloseTo(-ba.z, 12);
        expect(ab.pValue).toBeCloseTo(ba.pValue, 12);
        expect(ab.pValue).toBeGreaterThan(0);
        expect(ab.pValue).toBeLessThanOrEqual(1);
      }),
    );
  });
});

describe('bootstrap interval of the ratio of medians', () => {
  const a = [1.0, 1.1, 0.9, 1.05, 0.95, 1.02, 0.98];
  const b = a.map((x) => 2 * x);

  it('constant samples give the exact ratio at both ends', () => {
    expect(bootstrapRatioCi([2, 2, 2], [3, 3, 3, 3], { seed: 7 })).toEqual([1.5, 1.5]);
  });

  it('a sample doubled has every resample ratio around 2, and the interval holds 2', () => {
    const [lo, hi] = bootstrapRatioCi(a, b, { seed: 1 });
    expect(lo).toBeLessThanOrEqual(2);
    expect(hi).toBeGreaterThanOrEqual(2);
    // the most extreme resample ratio is 1.1 x 2 / 0.9 = 2.44 and its inverse 1.64
    expect(lo).toBeGreaterThanOrEqual((2 * 0.9) / 1.1);
    expect(hi).toBeLessThanOrEqual((2 * 1.1) / 0.9);
  });

  it('is deterministic for a seed, and the seed matters', () => {
    const one = bootstrapRatioCi(a, [...a].reverse(), { seed: 42, iterations: 500 });
    expect(bootstrapRatioCi(a, [...a].reverse(), { seed: 42, iterations: 500 })).toEqual(one);
    expect(bootstrapRatioCi(a, [...a].reverse(), { seed: 43, iterations: 500 })).not.toEqual(one);
  });

  it('a wider level gives a wider interval', () => {
    const narrow = bootstrapRatioCi(a, b, { seed: 3, level: 0.5 });
    const wide = bootstrapRatioCi(a, b, { seed: 3, level: 0.99 });
    expect(wide[0]).toBeLessThanOrEqual(narrow[0]);
    expect(wide[1]).toBeGreaterThanOrEqual(narrow[1]);
    expect(wide[1] - wide[0]).toBeGreaterThan(narrow[1] - narrow[0]);
  });

  it('rejects bad options and empty samples', () => {
    expect(() => bootstrapRatioCi([], [1], { seed: 1 })).toThrow('non-empty');
    expect(() => bootstrapRatioCi([1], [1], { seed: 1, iterations: 0 })).toThrow('options.iterations');
    expect(() => bootstrapRatioCi([1], [1], { seed: 1, level: 1 })).toThrow('options.level');
  });

  it('mulberry32 is deterministic and stays in [0, 1)', () => {
    const r1 = mulberry32(5);
    const r2 = mulberry32(5);
    const xs = Array.from({ length: 1000 }, () => r1());
    expect(Array.from({ length: 1000 }, () => r2())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    // roughly uniform: the mean of 1000 draws is within 0.05 of 1/2
    expect(Math.abs(xs.reduce((s, x) => s + x, 0) / 1000 - 0.5)).toBeLessThan(0.05);
  });
});
