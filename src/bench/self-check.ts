/**
 * The model self-check: predict every local kernel's time with the model's own `opTime` (the code that
 * predicts an H100), fed the local profile, and report the error per kernel and the median error. The
 * cases the profile was fitted on (its peak GEMM and triad) are shown but left out of the median: calibrate
 * and validate never on the same data.
 *
 * When the local GPU is in the catalog, {@link catalogSelfCheck} goes further: it predicts each kernel that
 * ran on WebGPU from the catalog record alone (the resources an H100 estimate uses), with nothing fitted to
 * the run.
 * @module
 */

import { median } from 'simple-statistics';
import type { GpuSpec } from '../hardware/types.ts';
import { gpuResources } from '../model/resources.ts';
import { opTime } from '../model/roofline.ts';
import type { GemmShape, OpCost, OpTime } from '../model/types.ts';
import { type BackendName, WEBGPU_BACKENDS } from '../pool/protocol.ts';
import type { BenchResults } from '../results/bench-results.ts';
import { attentionGemmShape } from '../workloads/kernels/attention.ts';
import { softwareAdapterOf } from './environment.ts';
import {
  hasMeasurableTime,
  type LocalProfile,
  localOpResources,
  localProfileFromResults,
} from './profile.ts';

/** One kernel's prediction against its measurement. */
export interface SelfCheckRow {
  readonly id: string;
  readonly backend: BackendName;
  readonly measuredSec: number;
  readonly predictedSec: number;
  /** (predicted - measured) / measured x 100. */
  readonly errorPercent: number;
  readonly bound: OpTime['bound'];
  /** `calibration` rows fitted the profile; only `check` rows count in the median. */
  readonly role: 'calibration' | 'check';
}

/** The self-check of a results file. */
export interface SelfCheck {
  readonly profile: LocalProfile;
  readonly rows: readonly SelfCheckRow[];
  /** Completed measurements left out, with why (a median of 0 s has no error to compute). */
  readonly skipped: readonly {
    readonly id: string;
    readonly backend: BackendName;
    readonly reason: string;
  }[];
  /** Median of |errorPercent| over `check` rows; null without any. */
  readonly medianAbsErrorPercent: number | null;
}

/** Bytes a kernel reads, as a fraction of its traffic (the model's memory line takes it); others 0.9. */
const READ_FRACTION = new Map<string, number>([
  ['stream-copy', 0.5],
  ['stream-triad', 2 / 3],
]);
const readFractionOf = (kernel: string) => READ_FRACTION.get(kernel) ?? 0.9;

/** Why a measurement has no error to report. */
const ZERO_TIME = 'median time is 0 s (below the timer resolution)';

/**
 * Run the self-check on `results`. A measurement with a median of 0 s is skipped (an error relative to 0 is
 * not a number), so every row's numbers are finite.
 */
export function modelSelfCheck(results: BenchResults): SelfCheck {
  const profile = localProfileFromResults(results);
  const rows: SelfCheckRow[] = [];
  const skipped: SelfCheck['skipped'][number][] = [];
  for (const m of results.measurements) {
    if (m.state !== 'completed') continue;
    if (!hasMeasurableTime(m)) {
      skipped.push({ id: m.id, backend: m.ranOn, reason: ZERO_TIME });
      continue;
    }
    const backendProfile = profile.backends.find((b) => b.backend === m.ranOn);
    const resources = backendProfile && localOpResources(backendProfile);
    if (!backendProfile || !resources) continue;
    const predicted = opTime(
      {
        op: m.id,
        flops: m.flops,
        bytes: m.bytes,
        readFraction: readFractionOf(m.kernel),
        precision: m.flops > 0 ? 'fp32' : null,
        shape: null,
      },
      resources,
    );
    const measuredSec = m.statistics.medianSec;
    const isCalibration = m.id === backendProfile.peakSource || m.id === backendProfile.bandwidthSource;
    rows.push({
      id: m.id,
      backend: m.ranOn,
      measuredSec,
      predictedSec: predicted.timeSec,
      errorPercent: ((predicted.timeSec - measuredSec) / measuredSec) * 100,
      bound: predicted.bound,
      role: isCalibration ? 'calibration' : 'check',
    });
  }
  const checks = rows.filter((r) => r.role === 'check').map((r) => Math.abs(r.errorPercent));
  return { profile, rows, skipped, medianAbsErrorPercent: checks.length > 0 ? median(checks) : null };
}

/** One kernel that ran on WebGPU against the model's estimate for a catalog GPU. */
export interface CatalogCheckRow {
  readonly id: string;
  readonly kernel: string;
  readonly backend: BackendName;
  readonly measuredSec: number;
  /** The model's nominal time for this kernel on the catalog GPU. */
  readonly modelledSec: number;
  /** (modelled - measured) / measured x 100. */
  readonly errorPercent: number;
  readonly bound: OpTime['bound'];
  /** Known reasons this kernel departs from the model, `; `-separated; empty when none applies. */
  readonly note: string;
}

/** The catalog self-check of a results file on one catalog GPU. */
export interface CatalogCheck {
  /** Catalog id of the GPU the model was asked about. */
  readonly gpuId: string;
  readonly rows: readonly CatalogCheckRow[];
  /** WebGPU measurements the model cannot predict, with why. */
  readonly skipped: readonly { readonly id: string; readonly reason: string }[];
  /** Median of |errorPercent| over all rows; null without any. */
  readonly medianAbsErrorPercent: number | null;
  /**
   * Why nothing was checked, when the WebGPU backends ran on a software adapter (SwiftShader): its times are
   * a CPU's, so no catalog GPU is measured. `rows` and `skipped` are then empty.
   */
  readonly notChecked?: string;
}

/** Below this measured time, fixed per-dispatch costs outweigh the work. */
const SMALL_CASE_SEC = 20e-6;

/** Above this |error| a row with no known cause says so. */
const MISS_PERCENT = 25;

type Completed = Extract<BenchResults['measurements'][number], { state: 'completed' }>;

/**
 * The GEMM shape the model tiles a kernel as, or null when it is not tiled: a GEMM as itself; a GEMV as a
 * one-row GEMM (the decode convention: the vector is the MMA's small side); one attention head as the
 * model's fused-attention shape.
 */
function modelShape(m: Completed): GemmShape | null {
  const { size } = m;
  if (m.kernel === 'gemm' && size.m && size.n && size.k) return { m: size.m, n: size.n, k: size.k, batch: 1 };
  if (m.kernel === 'gemv' && size.m && size.k) return { m: 1, n: size.m, k: size.k, batch: 1 };
  if (m.kernel === 'attention' && size.seq && size.headDim) {
    return attentionGemmShape(size.seq, size.headDim, size.seq, 1, 'fp32');
  }
  return null;
}

/**
 * The model's time for one measurement on `gpu`, or why it has none. Compute and memory kernels take the
 * GPU's fp32 (non-tensor: WGSL math is plain FMA) resources from {@link gpuResources}; transfers run the
 * same roofline with the catalog's PCIe rate one way (half the bidirectional figure) and no fitted
 * efficiency, since the model has no PCIe fit.
 */
function modelled(m: Completed, gpu: GpuSpec): OpTime | string {
  const transfer = m.kernel === 'h2d' || m.kernel === 'd2h';
  const res = gpuResources(gpu, transfer || m.flops === 0 ? null : 'fp32', 'localGpu').byScenario.nominal;
  const cost: OpCost = {
    op: m.id,
    flops: transfer ? 0 : m.flops,
    bytes: m.bytes,
    readFraction: readFractionOf(m.kernel),
    precision: !transfer && m.flops > 0 ? 'fp32' : null,
    shape: transfer ? null : modelShape(m),
  };
  if (!transfer) return opTime(cost, res);
  const pcie = gpu.pcieBandwidthBytesPerSec.value;
  if (pcie === null || pcie <= 0) return `${gpu.id} has no PCIe bandwidth in the catalog`;
  const link = { ...res, memoryBytesPerSec: pcie / 2, memoryLine: { intercept: 1, slope: 0 } };
  return { ...opTime(cost, link), bound: 'interconnect' };
}

/** The known reasons a WebGPU kernel departs from the model's estimate. */
function knownMisses(m: Completed, bound: OpTime['bound']): string[] {
  const notes: string[] = [];
  if (m.ranOn === 'webgpu') notes.push('gpu.js kernel (naive body)');
  if (bound === 'compute')
    notes.push(
      `${m.kernel} on ${m.ranOn} uses fp32 FMA, not tensor cores (the curve was fitted on tensor-core GEMMs)`,
    );
  if (bound === 'interconnect') notes.push('WebGPU stages the copy through host memory');
  if (m.statistics.medianSec < SMALL_CASE_SEC) notes.push('small case: launch latency dominates');
  if (bound !== 'interconnect' && (m.timing === undefined || m.timing.method === 'per-call')) {
    notes.push('timed per call: each sample pays a submit and a wait');
  }
  return notes;
}

/**
 * Compare every completed measurement that ran on WebGPU (`wgsl`, `webgpu`) with the model's estimate for
 * the catalog GPU `gpu`: the same resources and roofline that estimate an H100, at fp32, fed the kernel's
 * own flops and bytes (and its GEMM shape where it has one). Nothing is fitted to the run. A catalog GPU
 * without an fp32 peak or bandwidth is the model's UserError naming `--local-gpu`. A run on a software
 * adapter (SwiftShader), also one given `--local-gpu`, is not checked: `notChecked` says why.
 */
export function catalogSelfCheck(results: BenchResults, gpu: GpuSpec): CatalogCheck {
  const software = softwareAdapterOf(results.environment);
  if (software !== undefined) {
    return {
      gpuId: gpu.id,
      rows: [],
      skipped: [],
      medianAbsErrorPercent: null,
      notChecked: `the adapter is ${software}, a CPU renderer: no catalog GPU to check against`,
    };
  }
  const rows: CatalogCheckRow[] = [];
  const skipped: { id: string; reason: string }[] = [];
  for (const m of results.measurements) {
    if (m.state !== 'completed' || !WEBGPU_BACKENDS.includes(m.ranOn)) continue;
    const measuredSec = m.statistics.medianSec;
    const time = hasMeasurableTime(m) ? modelled(m, gpu) : ZERO_TIME;
    if (typeof time === 'string') {
      skipped.push({ id: m.id, reason: time });
      continue;
    }
    const errorPercent = ((time.timeSec - measuredSec) / measuredSec) * 100;
    const notes = knownMisses(m, time.bound);
    if (notes.length === 0 && Math.abs(errorPercent) > MISS_PERCENT) notes.push('miss not explained');
    rows.push({
      id: m.id,
      kernel: m.kernel,
      backend: m.ranOn,
      measuredSec,
      modelledSec: time.timeSec,
      errorPercent,
      bound: time.bound,
      note: notes.join('; '),
    });
  }
  const errors = rows.map((r) => Math.abs(r.errorPercent));
  return { gpuId: gpu.id, rows, skipped, medianAbsErrorPercent: errors.length > 0 ? median(errors) : null };
}
