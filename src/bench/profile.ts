/**
 * The local profile, fitted from a results file: per backend, peak compute (the best large GEMM) and
 * bandwidth (the best STREAM triad), in the units the model uses, plus the `OpResources` that let the same
 * model code that predicts an H100 predict this machine.
 * @module
 */
import { type OpResources, opTime } from '../model/roofline.ts';
import type { BackendName } from '../pool/protocol.ts';
import {
  type BenchResults,
  type LocalGpu,
  type Measurement,
  readBenchResults,
} from '../results/bench-results.ts';

/** What one backend of this machine offers. */
export interface LocalBackendProfile {
  readonly backend: BackendName;
  readonly renderer?: string;
  /** fp32 flop/s of the best large GEMM; null when no GEMM completed. */
  readonly peakFlopsPerSec: number | null;
  /** Case id the peak comes from. */
  readonly peakSource: string | null;
  /** Bytes/s of the best STREAM triad; null when no triad completed. */
  readonly bandwidthBytesPerSec: number | null;
  readonly bandwidthSource: string | null;
}

/** The local profile of a results file. */
export interface LocalProfile {
  /** e.g. `AMD EPYC (2 cores)`. */
  readonly machine: string;
  readonly createdAt: string;
  readonly backends: readonly LocalBackendProfile[];
  /** The GPU the WebGPU backends ran on, when the run identified one. */
  readonly gpu?: LocalGpu;
}

type Completed = Extract<Measurement, { state: 'completed' }>;

/** A GEMM big enough to show peak: every dimension >= 256 (decode-like shapes are memory-bound). */
function isLargeGemm(m: Completed): boolean {
  return m.kernel === 'gemm' && Math.min(m.size.m ?? 0, m.size.n ?? 0, m.size.k ?? 0) >= 256;
}

/**
 * Shortest median time that counts as measured: 1 ps, far below any timer's resolution (nanoseconds at
 * best), and long enough that a rate or relative error derived from it stays finite.
 */
export const MIN_MEASURABLE_SEC = 1e-12;

/**
 * Whether a measurement's time is a usable basis for rates and errors: a median of 0 s (every sample below
 * the timer's resolution) gives no rate at all, only a division by zero.
 */
export function hasMeasurableTime(m: Completed): boolean {
  return Number.isFinite(m.statistics.medianSec) && m.statistics.medianSec >= MIN_MEASURABLE_SEC;
}

/** The case with the highest finite, positive rate; undefined when none has one. */
function best(cases: readonly Completed[], rate: (m: Completed) => number): Completed | undefined {
  const usable = cases.filter((m) => Number.isFinite(rate(m)) && rate(m) > 0);
  return usable.reduce<Completed | undefined>(
    (top, m) => (top === undefined || rate(m) > rate(top) ? m : top),
    undefined,
  );
}

/**
 * Fit the local profile from `results`: every backend a measurement completed on has a row, but only
 * measurements with a measurable (non-zero) time count toward its peak and bandwidth, so each is a finite
 * positive rate, or null.
 */
export function localProfileFromResults(results: BenchResults): LocalProfile {
  const completed = results.measurements.filter((m): m is Completed => m.state === 'completed');
  const backends = [...new Set(completed.map((m) => m.ranOn))].map((backend): LocalBackendProfile => {
    const mine = completed.filter((m) => m.ranOn === backend && hasMeasurableTime(m));
    const gemms = mine.filter(isLargeGemm);
    const peak = best(
      gemms.length > 0 ? gemms : mine.filter((m) => m.kernel === 'gemm'),
      (m) => m.flopsPerSec,
    );
    const triad = best(
      mine.filter((m) => m.kernel === 'stream-triad'),
      (m) => m.bytesPerSec,
    );
    const renderer = completed.find((m) => m.ranOn === backend && m.renderer !== undefined)?.renderer;
    return {
      backend,
      ...(renderer === undefined ? {} : { renderer }),
      peakFlopsPerSec: peak?.flopsPerSec ?? null,
      peakSource: peak?.id ?? null,
      bandwidthBytesPerSec: triad?.bytesPerSec ?? null,
      bandwidthSource: triad?.id ?? null,
    };
  });
  const { gpu } = results.environment;
  return {
    machine: `${results.environment.cpuModel} (${results.environment.cores} cores)`,
    createdAt: results.createdAt,
    backends,
    ...(gpu === undefined ? {} : { gpu }),
  };
}

/** Read a results file and fit its local profile; file problems are UserErrors naming the file. */
export function readLocalProfile(path: string): LocalProfile {
  return localProfileFromResults(readBenchResults(path));
}

/**
 * The model's `OpResources` for one local backend: the measured peak and bandwidth with efficiency 1 (they
 * are already achieved rates), no wave quantization (no SMs) and no launch latency. Undefined when the
 * profile lacks a finite, positive peak or bandwidth.
 */
export function localOpResources(profile: LocalBackendProfile): OpResources | undefined {
  const peak = profile.peakFlopsPerSec;
  const bandwidth = profile.bandwidthBytesPerSec;
  if (peak === null || bandwidth === null || !(peak > 0 && bandwidth > 0)) return undefined;
  if (!Number.isFinite(peak) || !Number.isFinite(bandwidth)) return undefined;
  return {
    peakOpsPerSec: peak,
    memoryBytesPerSec: bandwidth,
    smCount: null,
    curve: { etaMax: 1, kHalf: 0 },
    memoryLine: { intercept: 1, slope: 0 },
    launchLatencySec: 0,
    computeScale: 1,
    memoryScale: 1,
  };
}

/** The backend of `profile` with the highest peak compute that also has a bandwidth (the "this machine" row). */
export function bestLocalBackend(profile: LocalProfile): LocalBackendProfile | undefined {
  return profile.backends
    .filter((b) => localOpResources(b) !== undefined)
    .reduce<LocalBackendProfile | undefined>(
      (top, b) => (top === undefined || (b.peakFlopsPerSec ?? 0) > (top.peakFlopsPerSec ?? 0) ? b : top),
      undefined,
    );
}

/**
 * Predicted seconds on this machine for a list of ops (e.g. the per-op breakdown of a modeled workload),
 * each by the model's roofline fed `backend`'s profile: `compare --with-local` adds it as "this machine".
 * Undefined when the profile lacks a peak or a bandwidth.
 */
export function predictLocalSec(
  backend: LocalBackendProfile,
  ops: readonly { readonly flops: number; readonly bytes: number }[],
): number | undefined {
  const resources = localOpResources(backend);
  if (!resources) return undefined;
  return ops.reduce(
    (total, op) =>
      total +
      opTime(
        { op: 'local', flops: op.flops, bytes: op.bytes, readFraction: 0.9, precision: 'fp32', shape: null },
        resources,
      ).timeSec,
    0,
  );
}
