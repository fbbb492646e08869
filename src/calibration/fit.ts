/**
 * Fit one GPU's model constants to a probe of it, with the fitters the built-in calibration uses
 * (`model/fit/`): the GEMMs give each measured precision class its etaMax and the shared kHalf and launch
 * latency; copy, triad and the read-only sum give the memory-efficiency line. Attention and the decode step
 * are not fitted: they are timed again by the calibrated model and reported beside the measurement.
 * @module
 */
import { UserError } from '../errors.ts';
import type { GpuSpec, Precision } from '../hardware/types.ts';
import { FIT_BANDS } from '../model/data/fitted.ts';
import type { GemmPoint } from '../model/data/gemm-points.ts';
import type { MemoryPoint } from '../model/data/memory-points.ts';
import { fitCompute, gemmResiduals } from '../model/fit/gemm-fit.ts';
import { fitMemoryLine, memoryResiduals } from '../model/fit/memory-fit.ts';
import { bandOf } from '../model/fit/search.ts';
import { curveIdOf, precisionClassOf } from '../model/gpu-class.ts';
import { printable } from '../util/read-input.ts';
import { WORKLOADS } from '../workloads/index.ts';
import {
  CALIBRATION_SCHEMA_VERSION,
  type CalibrationDocument,
  gpuCalibrationOf,
} from './calibration-document.ts';
import type { ProbeDocument, ProbeMeasurement } from './probe-document.ts';

/** Fraction of the moved bytes that are reads, by probe memory kernel (STREAM counting). */
export const READ_FRACTION = { copy: 1 / 2, triad: 2 / 3, read: 1 } as const;

type Of<K extends ProbeMeasurement['kind']> = Extract<ProbeMeasurement, { kind: K }>;
const ofKind = <K extends ProbeMeasurement['kind']>(probe: ProbeDocument, kind: K): Of<K>[] =>
  probe.measurements.filter((m): m is Of<K> => m.kind === kind);

/** A calibration fitted from a probe, and what the user should know about it. */
export interface CalibrationFit {
  readonly document: CalibrationDocument;
  /** e.g. the probe's SM count differs from the catalog GPU's. */
  readonly warnings: readonly string[];
}

/**
 * Fit `gpu`'s constants to `probe` (read from `file`, named in errors). A probe without two memory kernels
 * or without GEMMs, or a GEMM precision the GPU has no catalog peak for, is a UserError.
 */
export function fitCalibration(
  probe: ProbeDocument,
  gpu: GpuSpec,
  file: string,
  toolVersion: string,
): CalibrationFit {
  const where = printable(file);
  const bandwidth = gpu.memoryBandwidthBytesPerSec.value;
  if (bandwidth === null) {
    throw new UserError(`${gpu.id} has no memory bandwidth in the catalog: it cannot be calibrated`);
  }
  const memoryPoints: MemoryPoint[] = ofKind(probe, 'memory').map((m) => ({
    id: m.kernel,
    gpuId: gpu.id,
    readFraction: READ_FRACTION[m.kernel],
    achievedBytesPerSec: m.bytes / m.seconds,
  }));
  if (new Set(memoryPoints.map((p) => p.readFraction)).size < 2) {
    throw new UserError(
      `${where}: measurements needs at least two memory kernels (copy, triad, read) to fit the memory line`,
    );
  }
  const gemms = ofKind(probe, 'gemm');
  if (gemms.length === 0) throw new UserError(`${where}: measurements has no gemm measurement`);
  for (const g of gemms) {
    if (gpu.peakDenseOpsPerSec[g.precision].value === null) {
      throw new UserError(
        `${where}: measurements has ${g.precision} GEMMs but ${gpu.id} has no ${g.precision} peak in the catalog`,
      );
    }
  }
  const gpuOf = () => gpu;
  const memoryLine = fitMemoryLine(memoryPoints, gpuOf);
  const gemmPoints: GemmPoint[] = gemms.map((g, i) => ({
    id: String(i),
    gpuId: gpu.id,
    precision: g.precision,
    m: g.m,
    n: g.n,
    k: g.k,
    achievedTflops: (2 * g.m * g.n * g.k) / g.seconds / 1e12,
  }));
  const computeFit = fitCompute(gemmPoints, gpuOf, memoryLine);
  const compute: Record<string, { etaMax: number; kHalf: number }> = {};
  for (const precision of new Set<Precision>(gemms.map((g) => g.precision))) {
    const etaMax = computeFit.etaMax[curveIdOf(gpu, precision)] ?? Number.NaN;
    compute[precisionClassOf(precision)] = { etaMax: round(etaMax, 4), kHalf: computeFit.kHalf };
  }
  const gemmRes = gemmResiduals(gemmPoints, gpuOf, computeFit, memoryLine);
  const memRes = memoryResiduals(memoryPoints, gpuOf, memoryLine);
  const fit: CalibrationDocument['fit'] = {
    compute,
    launchLatencySec: round(computeFit.launchLatencySec, 10),
    memoryLine: { intercept: round(memoryLine.intercept, 4), slope: round(memoryLine.slope, 4) },
    bands: {
      compute: Math.max(FIT_BANDS.compute, bandOf(gemmRes.map((r) => r.relativeError))),
      memory: Math.max(FIT_BANDS.memory, bandOf(memRes.map((r) => r.relativeError))),
    },
  };
  const document: CalibrationDocument = {
    schemaVersion: CALIBRATION_SCHEMA_VERSION,
    kind: 'tppbench-calibration',
    tool: { name: 'tppbench', version: toolVersion },
    gpu: gpu.id,
    probe: {
      createdAt: probe.createdAt,
      device: probe.device.name,
      torch: probe.software.torch,
      cuda: probe.software.cuda,
    },
    fit,
    gemm: gemmRes.map((r, i) => ({
      label: gemms[i]!.label,
      precision: gemms[i]!.precision,
      m: gemms[i]!.m,
      n: gemms[i]!.n,
      k: gemms[i]!.k,
      measuredTflops: r.measuredTflops,
      fittedTflops: r.predictedTflops,
      relativeError: r.relativeError,
    })),
    memory: memRes.map((r) => ({
      kernel: r.id,
      readFraction: r.readFraction,
      measuredEfficiency: r.measuredEfficiency,
      fittedEfficiency: r.fittedEfficiency,
      relativeError: r.relativeError,
    })),
    checks: [],
  };
  const calibrated: GpuSpec = { ...gpu, calibration: gpuCalibrationOf(document, file) };
  return {
    document: { ...document, checks: validationChecks(probe, calibrated) },
    warnings: deviceWarnings(probe, gpu),
  };
}

const round = (x: number, digits: number) => Number(x.toPrecision(digits));

/**
 * The measurements not fitted (attention, the decode step), each beside the time the calibrated model gives
 * it and its achieved fraction of peak (compute-bound prefill) or of bandwidth (memory-bound decode).
 */
function validationChecks(probe: ProbeDocument, gpu: GpuSpec): CalibrationDocument['checks'] {
  const checks: CalibrationDocument['checks'][number][] = [];
  const bandwidth = gpu.memoryBandwidthBytesPerSec.value ?? Number.NaN;
  const peak = gpu.peakDenseOpsPerSec.bf16.value ?? Number.NaN;
  for (const a of ofKind(probe, 'attention')) {
    const estimate = WORKLOADS.estimate('attention', gpu, {
      batch: a.batch,
      heads: a.heads,
      kvHeads: a.kvHeads,
      headDim: a.headDim,
      qLen: a.qLen,
      kvLen: a.kvLen,
      dtype: a.precision,
      causal: a.causal,
    });
    const modelMs = estimate.metrics.timeMs ?? null;
    const row = estimate.breakdown[0];
    const prefill = a.phase === 'prefill';
    const work = prefill ? (row?.flops ?? Number.NaN) : (row?.bytes ?? Number.NaN);
    checks.push({
      what: `attention ${a.phase} batch ${a.batch}, ${a.heads}/${a.kvHeads} heads, q ${a.qLen}, kv ${a.kvLen}`,
      measuredMs: a.seconds * 1e3,
      modelMs,
      ratio: modelMs === null ? null : (a.seconds * 1e3) / modelMs,
      efficiency: finiteOrNull(work / a.seconds / (prefill ? peak : bandwidth)),
      basis: prefill ? 'peak' : 'bandwidth',
    });
  }
  for (const d of ofKind(probe, 'decode-step')) {
    const bytes = decodeStepBytes(d);
    checks.push({
      what: `decode step (CUDA graph) ${d.layers} layers, hidden ${d.hidden}, batch ${d.batch}, kv ${d.kvLen}`,
      measuredMs: d.seconds * 1e3,
      modelMs: null,
      ratio: null,
      efficiency: finiteOrNull(bytes / d.seconds / bandwidth),
      basis: 'bandwidth',
    });
  }
  return checks;
}

const finiteOrNull = (x: number) => (Number.isFinite(x) ? x : null);

/** Bytes one decode step of the probe's stack must read: its bf16 weights and KV cache. */
export function decodeStepBytes(d: Of<'decode-step'>): number {
  const attention = d.hidden * (d.heads + 2 * d.kvHeads) * d.headDim + d.heads * d.headDim * d.hidden;
  const mlp = 3 * d.hidden * d.intermediate;
  const kv = 2 * d.batch * d.kvHeads * d.kvLen * d.headDim;
  return 2 * d.layers * (attention + mlp + kv);
}

/** Differences between the probed device and the catalog GPU that suggest the wrong `--gpu`. */
function deviceWarnings(probe: ProbeDocument, gpu: GpuSpec): string[] {
  const out: string[] = [];
  const sm = gpu.smCount.value;
  if (sm !== null && sm !== probe.device.smCount) {
    out.push(
      `the probed device (${probe.device.name}) has ${probe.device.smCount} SMs; ${gpu.id} has ${sm} in the catalog: is --gpu the GPU the probe ran on?`,
    );
  }
  return out;
}
