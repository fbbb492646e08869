import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { medianCiRanks, summarizeSamples, tQuantile975 } from '../../src/bench/stats.ts';

describe('sample statistics (golden, by hand)', () => {
  it('1..10', () => {
    const s = summarizeSamples([3, 1, 2, 4, 5, 6, 7, 8, 9, 10]);
    expect(s).toMatchObject({
      sampleCount: 10,
      minSec: 1,
      maxSec: 10,
      medianSec: 5.5,
      madSec: 2.5,
      meanSec: 5.5,
    });
    // sd = sqrt(82.5 / 9); rme = t(9) sd / sqrt(10) / mean x 100
    expect(s.stdDevSec).toBeCloseTo(Math.sqrt(82.5 / 9), 12);
    expect(s.rmePercent).toBeCloseTo(((2.262 * Math.sqrt(82.5 / 9)) / Math.sqrt(10) / 5.5) * 100, 10);
    // P(B(10, 1/2) <= 1) = 11/1024 <= 0.025 < P(B <= 2) = 56/1024: ranks 2 and 9
    expect([s.ciLowSec, s.ciHighSec]).toEqual([2, 9]);
    expect(s.ciLevel).toBeCloseTo(1 - 22 / 1024, 12);
  });

  it('one sample has no spread', () => {
    expect(summarizeSamples([0.5])).toMatchObject({
      medianSec: 0.5,
      madSec: 0,
      stdDevSec: 0,
      rmePercent: 0,
      ciLowSec: 0.5,
      ciHighSec: 0.5,
    });
  });

  it('the classic median ranks for n = 100 are 40 and 61', () => {
    expect(medianCiRanks(100)).toMatchObject({ lower: 40, upper: 61 });
    expect(medianCiRanks(6)).toEqual({ lower: 1, upper: 6, coverage: 1 - 2 / 64 });
  });

  it('below 6 samples the interval is [min, max] with its true, lower coverage', () => {
    expect(medianCiRanks(5)).toEqual({ lower: 1, upper: 5, coverage: 1 - 2 / 32 });
  });

  it('t quantiles follow the table and 1.96 beyond 30', () => {
    expect([tQuantile975(1), tQuantile975(9), tQuantile975(30), tQuantile975(31)]).toEqual([
      12.706, 2.262, 2.042, 1.96,
    ]);
  });

  it('rejects empty and non-finite samples', () => {
    expect(() => summarizeSamples([])).toThrow('samplesSec must not be empty');
    expect(() => summarizeSamples([1, Number.NaN])).toThrow('finite');
  });
});

describe('samples below the timer resolution', () => {
  it('all-zero samples give all-zero statistics, never NaN or Infinity', () => {
    for (const n of [1, 2, 7, 40]) {
      const s = summarizeSamples(Array.from({ length: n }, () => 0));
      for (const [key, value] of Object.entries(s)) {
        expect(Number.isFinite(value), `${key} of ${n} zeros`).toBe(true);
        if (key !== 'sampleCount' && key !== 'ciLevel') expect(value, key).toBe(0);
      }
    }
  });

  it('every statistic is finite for finite samples that include zeros', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e3, noNaN: true })), {
          minLength: 1,
          maxLength: 60,
        }),
        (samples) => {
          for (const value of Object.values(summarizeSamples(samples))) {
            expect(Number.isFinite(value)).toBe(true);
          }
        },
      ),
    );
  });
});

describe('sample statistics (properties)', () => {
  const samples = fc.array(fc.double({ min: 1e-9, max: 10, noNaN: true }), { minLength: 1, maxLength: 300 });

  it('the median lies in [min, max] and the CI contains it', () => {
    fc.assert(
      fc.property(samples, (xs) => {
        const s = summarizeSamples(xs);
        return (
          s.minSec <= s.medianSec &&
          s.medianSec <= s.maxSec &&
          s.ciLowSec <= s.medianSec &&
          s.medianSec <= s.ciHighSec &&
          s.minSec <= s.ciLowSec &&
          s.ciHighSec <= s.maxSec
        );
      }),
    );
  });

  it('the CI reaches 95% from 6 samples and MAD is within the range', () => {
    fc.assert(
      fc.property(samples, (xs) => {
        const s = summarizeSamples(xs);
        return (xs.length < 6 || s.ciLevel >= 0.95) && s.madSec >= 0 && s.madSec <= s.maxSec - s.minSec;
      }),
    );
  });
});
