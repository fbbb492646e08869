/**
 * Device-resident timing: a sample is a batch of N calls submitted together and ended by one completion
 * wait, divided by N. N grows until a batch lasts at least `minTimeMs`, so the fixed cost of a submit and
 * a wait is spread over many calls instead of inflating each one. Runs wherever a `runBatch` does.
 * @module
 */
import type { TimingOptions } from '../pool/protocol.ts';

/** Samples of a device-resident timing run. */
export interface DeviceSamples {
  /** Seconds per call, one per sample. */
  readonly samplesSec: number[];
  /** N: calls per sample. */
  readonly callsPerSample: number;
}

/** The largest batch the timer builds: bounds command-buffer size for kernels of a few microseconds. */
export const MAX_CALLS_PER_SAMPLE = 1 << 14;

/**
 * Time `runBatch` (which runs N calls and resolves to their wall time in ms). Warm-up batches are untimed;
 * then N doubles (or jumps by the measured ratio) until a batch takes `minTimeMs`; then at least
 * `minSamples` samples are taken, and more while the total stays under `maxTimeMs`.
 */
export async function timeBatches(
  runBatch: (calls: number) => Promise<number>,
  timing: TimingOptions,
  maxCalls = MAX_CALLS_PER_SAMPLE,
): Promise<DeviceSamples> {
  for (let i = 0; i < timing.warmupRuns; i++) await runBatch(1);
  let calls = 1;
  let ms = await runBatch(calls);
  while (ms < timing.minTimeMs && calls < maxCalls) {
    const factor = ms > 0 ? Math.min(16, Math.max(2, Math.ceil((timing.minTimeMs / ms) * 1.2))) : 16;
    calls = Math.min(maxCalls, calls * factor);
    ms = await runBatch(calls);
  }
  const samplesSec = [ms / 1000 / calls];
  let totalMs = ms;
  while (samplesSec.length < timing.minSamples || totalMs + ms <= timing.maxTimeMs) {
    const sampleMs = await runBatch(calls);
    samplesSec.push(sampleMs / 1000 / calls);
    totalMs += sampleMs;
    if (samplesSec.length >= 1000) break;
  }
  return { samplesSec, callsPerSample: calls };
}
