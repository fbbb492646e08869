/** `poolMeasurements` and `checkRepeat`: the rounds of `run --repeat` pooled into one measurement per case. */
import { describe, expect, it } from 'vitest';
import { checkRepeat, poolMeasurements } from '../../src/bench/repeat.ts';
import { summarizeSamples } from '../../src/bench/stats.ts';
import { toMeasurement } from '../../src/bench/to-measurement.ts';
import { UserError } from '../../src/errors.ts';
import type { KernelOutcome } from '../../src/pool/protocol.ts';
import { type Measurement, measurementSchema } from '../../src/results/bench-results.ts';

const identity = (id: string) => ({
  id,
  kernel: id.split('/')[0] as string,
  size: { n: 4 },
  backend: 'cpu' as const,
  cost: { flops: 1000, bytes: 4000 },
});

function completed(id: string, samplesSec: number[], maxRelError = 1e-7): Measurement {
  const verification = { passed: true, maxRelError, toleranceRel: 1e-4 };
  return toMeasurement(identity(id), {
    type: 'kernel-reply',
    state: 'completed',
    backend: 'cpu',
    verification,
    samplesSec,
  });
}

const outcome = (id: string, o: KernelOutcome) => toMeasurement(identity(id), o);
const errored = (id: string, message: string) =>
  outcome(id, { type: 'kernel-reply', state: 'errored', phase: 'run', error: { name: 'Error', message } });

describe('poolMeasurements', () => {
  it('concatenates the samples in round order and recomputes statistics and rates from them', () => {
    const pooled = poolMeasurements([
      [completed('gemm/a', [0.004, 0.002])],
      [completed('gemm/a', [0.001], 3e-7)],
      [completed('gemm/a', [0.003, 0.005])],
    ]);
    expect(pooled).toHaveLength(1);
    const m = pooled[0]!;
    if (m.state !== 'completed') throw new Error(m.state);
    expect(m.samplesSec).toEqual([0.004, 0.002, 0.001, 0.003, 0.005]);
    expect(m.rounds).toBe(3);
    // Hand-computed: sorted 1..5 ms, median 3 ms, mean 3 ms.
    expect(m.statistics.sampleCount).toBe(5);
    expect(m.statistics.medianSec).toBeCloseTo(0.003, 12);
    expect(m.statistics.meanSec).toBeCloseTo(0.003, 12);
    expect(m.statistics.minSec).toBe(0.001);
    expect(m.statistics.maxSec).toBe(0.005);
    expect(m.statistics).toEqual(summarizeSamples([0.004, 0.002, 0.001, 0.003, 0.005]));
    expect(m.flopsPerSec).toBeCloseTo(1000 / 0.003, 6);
    expect(m.bytesPerSec).toBeCloseTo(4000 / 0.003, 6);
    // The round farthest from the reference speaks for the verification.
    expect(m.verification.maxRelError).toBe(3e-7);
    expect(measurementSchema.parse(m)).toEqual(m);
  });

  it('keeps the order of the cases', () => {
    const round = () => [completed('gemm/a', [1]), completed('stream/b', [2]), completed('attn/c', [3])];
    const pooled = poolMeasurements([round(), round()]);
    expect(pooled.map((m) => m.id)).toEqual(['gemm/a', 'stream/b', 'attn/c']);
    expect(pooled.map((m) => (m.state === 'completed' ? m.samplesSec : []))).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
  });

  it('makes a case that failed in any round its first failure, naming the round', () => {
    const timedOut = outcome('gemm/a', { type: 'kernel-reply', state: 'timed-out', timeoutMs: 500 });
    const pooled = poolMeasurements([
      [completed('gemm/a', [1]), completed('stream/b', [1])],
      [errored('gemm/a', 'out of memory'), completed('stream/b', [1])],
      [timedOut, errored('stream/b', 'boom')],
    ]);
    expect(pooled[0]).toMatchObject({
      id: 'gemm/a',
      state: 'errored',
      error: { message: 'out of memory (in round 2 of 3)' },
      rounds: 1,
    });
    expect(pooled[1]).toMatchObject({
      id: 'stream/b',
      state: 'errored',
      error: { message: 'boom (in round 3 of 3)' },
      rounds: 2,
    });
    const invalid = outcome('gemm/a', {
      type: 'kernel-reply',
      state: 'invalid',
      backend: 'cpu',
      verification: { passed: false, maxRelError: 0.5, toleranceRel: 1e-4 },
    });
    expect(poolMeasurements([[completed('gemm/a', [1])], [invalid]])[0]).toMatchObject({
      state: 'invalid',
      verification: { detail: 'in round 2 of 2' },
      rounds: 1,
    });
    expect(poolMeasurements([[timedOut], [completed('gemm/a', [1])]])[0]).toEqual({ ...timedOut, rounds: 1 });
  });

  it('keeps an unsupported case as it is, with no completed round', () => {
    const unsupported = outcome('gemm/a', {
      type: 'kernel-reply',
      state: 'unsupported',
      backend: 'cpu',
      reason: 'no implementation',
    });
    expect(poolMeasurements([[unsupported], [unsupported]])).toEqual([{ ...unsupported, rounds: 0 }]);
  });

  it('refuses rounds that do not hold the same cases', () => {
    expect(() => poolMeasurements([[completed('gemm/a', [1])], [completed('gemm/b', [1])]])).toThrow(
      /round 2 has no case gemm\/a/,
    );
    expect(() => poolMeasurements([[completed('gemm/a', [1])], []])).toThrow(RangeError);
    expect(poolMeasurements([])).toEqual([]);
  });
});

describe('checkRepeat', () => {
  it('takes an integer from 1 to 100 and refuses others, naming repeat', () => {
    expect(checkRepeat(1)).toBe(1);
    expect(checkRepeat(100)).toBe(100);
    for (const bad of [0, 101, 2.5, Number.NaN]) {
      const error = (() => {
        try {
          checkRepeat(bad);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).params).toEqual(['repeat']);
    }
  });
});
