/**
 * "This machine" beside the modelled GPUs (`compare --with-local results.json`): the reference GPU's per-op
 * breakdown re-timed by the same roofline code, fed the local profile measured by `tppbench run`.
 * @module
 */
import { bestLocalBackend, predictLocalSec, readLocalProfile } from '../bench/profile.ts';
import { msg, param, UserError } from '../errors.ts';
import { BIT_LENGTH } from '../hardware/types.ts';
import type { Estimate } from '../model/estimate.ts';
import { tppOf } from '../regulation/tpp.ts';

/** The local row of a comparison. */
export interface LocalComparisonRow {
  /** e.g. `AMD EPYC (2 cores)`. */
  readonly machine: string;
  readonly backend: string;
  readonly resultsFile: string;
  /** Measured fp32 GEMM rate x 32 bits: an achieved-rate TPP, not the theoretical one the rule uses. */
  readonly measuredTpp: number;
  readonly peakGflops: number;
  readonly bandwidthGBps: number;
  readonly throughput: number | null;
  readonly timeMs: number;
  readonly bound: 'compute' | 'memory';
  readonly ratioToFirst: number | null;
  readonly note: string;
}

/**
 * Time `reference`'s compute and memory ops on this machine's profile. Collective ops are left out (one
 * machine has no group); throughput scales with time because the work is the same.
 */
export function localComparisonRow(
  resultsFile: string,
  reference: Estimate,
  throughputMetric: string,
): LocalComparisonRow {
  const profile = readLocalProfile(resultsFile);
  const backend = bestLocalBackend(profile);
  if (!backend || backend.peakFlopsPerSec === null || backend.bandwidthBytesPerSec === null) {
    throw new UserError(
      msg`${param('withLocal')}: ${resultsFile} has no completed large GEMM and STREAM triad to build a profile from (run \`tppbench run quick --out ${resultsFile}\`)`,
    );
  }
  const ops = reference.breakdown.filter((op) => op.bound !== 'interconnect');
  const skipped = reference.breakdown.length - ops.length;
  const seconds = predictLocalSec(backend, ops) ?? 0;
  const computeSec = ops.reduce((t, op) => t + op.flops / backend.peakFlopsPerSec!, 0);
  const memorySec = ops.reduce((t, op) => t + op.bytes / backend.bandwidthBytesPerSec!, 0);
  const referenceThroughput = reference.metrics[throughputMetric] ?? null;
  const referenceMs = reference.metrics.timeMs ?? null;
  const timeMs = seconds * 1000;
  const throughput =
    referenceThroughput === null || referenceMs === null || !(timeMs > 0)
      ? null
      : (referenceThroughput * referenceMs) / timeMs;
  const notes = [`${reference.gpu}'s ops re-timed on the measured ${backend.backend} roofline`];
  if (skipped > 0) notes.push(`${skipped} collective op(s) left out`);
  if (!reference.fits)
    notes.push('the reference GPU does not fit this workload; memory capacity is not checked here');
  return {
    machine: profile.machine,
    backend: backend.backend,
    resultsFile,
    measuredTpp: tppOf(backend.peakFlopsPerSec, BIT_LENGTH.fp32),
    peakGflops: backend.peakFlopsPerSec / 1e9,
    bandwidthGBps: backend.bandwidthBytesPerSec / 1e9,
    throughput,
    timeMs,
    bound: computeSec >= memorySec ? 'compute' : 'memory',
    ratioToFirst: null,
    note: notes.join('; '),
  };
}
