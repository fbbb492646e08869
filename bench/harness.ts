/**
 * The project's benchmark harness (`npm run bench`). A bench file exports a default async function returning
 * rows of raw samples; the runner prints medians, MAD and ratios against an in-run baseline row and against
 * the committed baseline file (bench/baselines/<file>.json), side by side. Targets are reported, never
 * asserted: machines are noisy.
 */
import { medianAbsoluteDeviation, median as ssMedian } from 'simple-statistics';

/** One benchmarked quantity with its raw samples. */
export interface BenchRow {
  readonly name: string;
  /** Unit of each sample, e.g. `ops/s`, `GFLOP/s`, `µs`, `s`. */
  readonly unit: string;
  readonly samples: readonly number[];
  readonly higherIsBetter: boolean;
  /** Name of another row in the same file to show the ratio against. */
  readonly baseline?: string;
  /** A target to report beside the median, e.g. `>= 1,000,000 ops/s`. */
  readonly target?: { readonly value: number; readonly text: string };
}

/** A bench file's default export. */
export type BenchFile = () => Promise<readonly BenchRow[]>;

/** Options for the timers. */
export interface TimeOptions {
  /** Samples to take (default 15). */
  readonly samples?: number;
  /** Minimum wall time per sample; calls are batched until it is reached (default 50 ms). */
  readonly minSampleMs?: number;
  /** Untimed warm-up calls (default 100). */
  readonly warmup?: number;
}

const now = () => performance.now();

/** Operations per second of a synchronous function, one number per sample. */
export function opsPerSecond(fn: () => unknown, options: TimeOptions = {}): number[] {
  const { samples = 15, minSampleMs = 50, warmup = 100 } = options;
  let sink: unknown;
  for (let i = 0; i < warmup; i++) sink = fn();
  let batch = 1;
  // Grow the batch until one batch takes a measurable time.
  for (;;) {
    const start = now();
    for (let i = 0; i < batch; i++) sink = fn();
    if (now() - start >= minSampleMs / 4 || batch >= 1 << 24) break;
    batch *= 2;
  }
  const out: number[] = [];
  for (let s = 0; s < samples; s++) {
    let calls = 0;
    const start = now();
    let elapsed = 0;
    do {
      for (let i = 0; i < batch; i++) sink = fn();
      calls += batch;
      elapsed = now() - start;
    } while (elapsed < minSampleMs);
    out.push((calls / elapsed) * 1000);
  }
  if (sink === Symbol.for('never')) console.log(sink);
  return out;
}

/** Wall time in milliseconds of an async job, one number per run. */
export async function wallTimeMs(job: () => Promise<unknown>, runs = 5): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = now();
    await job();
    out.push(now() - start);
  }
  return out;
}

/** Median and MAD of samples. */
export function summarize(samples: readonly number[]): { median: number; mad: number; n: number } {
  if (samples.length === 0) return { median: Number.NaN, mad: Number.NaN, n: 0 };
  return { median: ssMedian([...samples]), mad: medianAbsoluteDeviation([...samples]), n: samples.length };
}
