/**
 * benchmark.js timing of one function, keeping its raw samples. benchmark.js is archived but sound; we use
 * only its sampling (cycle calibration, minSamples/minTime/maxTime) and compute our own statistics.
 * Functions that return a promise are timed with `defer: true` + `deferred.resolve()`, since benchmark.js
 * knows nothing of promises.
 * @module
 */
import Benchmark from 'benchmark';
import type { TimingOptions } from '../pool/protocol.ts';

/** Default timing: a few warm-up calls, at least 5 samples, about a second per kernel. */
export const DEFAULT_TIMING: TimingOptions = { warmupRuns: 2, minSamples: 5, minTimeMs: 50, maxTimeMs: 1000 };

/**
 * Time `fn` with benchmark.js and resolve to its raw samples in seconds per call. `isAsync` selects deferred
 * mode; a throw inside `fn` rejects.
 */
export async function sampleSeconds(
  fn: () => unknown,
  isAsync: boolean,
  timing: TimingOptions,
): Promise<number[]> {
  for (let i = 0; i < timing.warmupRuns; i++) await fn();
  const options: Benchmark.Options = {
    minSamples: timing.minSamples,
    minTime: timing.minTimeMs / 1000,
    maxTime: timing.maxTimeMs / 1000,
    initCount: 1,
  };
  const bench = isAsync
    ? new Benchmark('kernel', {
        ...options,
        defer: true,
        fn: (deferred: { resolve(): void }) => {
          Promise.resolve(fn()).then(
            () => deferred.resolve(),
            (error: unknown) => {
              failure = error;
              deferred.resolve();
            },
          );
        },
      })
    : new Benchmark('kernel', fn, options);
  let failure: unknown;
  await new Promise<void>((resolve) => {
    bench.on('complete', () => resolve());
    bench.on('error', () => resolve());
    bench.run({ async: isAsync });
  });
  if (failure !== undefined) throw failure;
  const benchError = (bench as unknown as { error?: unknown }).error;
  if (benchError !== undefined) throw benchError;
  const samples = bench.stats.sample.filter((s) => Number.isFinite(s) && s >= 0);
  if (samples.length === 0) throw new Error('benchmark.js produced no samples');
  return samples;
}
