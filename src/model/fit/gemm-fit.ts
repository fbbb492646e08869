/**
 * Fit of the compute-efficiency curves to the measured GEMMs.
 *
 * Objective: the sum over points of `ln(predicted / measured)^2`, where `predicted` is the full op model
 * (roofline with eta_c and eta_m, plus launch latency) turned back into TFLOPS. `kHalf` and the launch
 * latency are shared by all curves and searched on a grid; each curve's `etaMax` is then a 1-D
 * golden-section search. A curve with one point fits it exactly.
 * @module
 */
import type { GpuSpec } from '../../hardware/types.ts';
import type { GemmPoint } from '../data/gemm-points.ts';
import { type CurveId, curveIdOf } from '../gpu-class.ts';
import type { MemoryLine } from '../memory-efficiency.ts';
import { gemmCost } from '../op-cost.ts';
import { opTime } from '../roofline.ts';
import { goldenSection, grid, relativeError } from './search.ts';

/** Fitted compute constants. */
export interface ComputeFitResult {
  readonly kHalf: number;
  readonly launchLatencySec: number;
  readonly etaMax: Readonly<Partial<Record<CurveId, number>>>;
}

/** One point's prediction. */
export interface GemmResidual {
  readonly id: string;
  readonly gpuId: string;
  readonly curve: CurveId;
  readonly shape: string;
  readonly measuredTflops: number;
  readonly predictedTflops: number;
  readonly relativeError: number;
}

/** Predicted TFLOPS of a calibration point under the given constants. */
export function predictGemmTflops(
  point: GemmPoint,
  gpu: GpuSpec,
  etaMax: number,
  kHalf: number,
  launchLatencySec: number,
  memoryLine: MemoryLine,
): number {
  const cost = gemmCost(point.m, point.n, point.k, point.precision);
  const t = opTime(cost, {
    peakOpsPerSec: gpu.peakDenseOpsPerSec[point.precision].value ?? Number.NaN,
    memoryBytesPerSec: gpu.memoryBandwidthBytesPerSec.value ?? Number.NaN,
    smCount: gpu.smCount.value,
    curve: { etaMax, kHalf },
    memoryLine,
    launchLatencySec,
    computeScale: 1,
    memoryScale: 1,
  });
  return cost.flops / t.timeSec / 1e12;
}

function groupByCurve(points: readonly GemmPoint[], gpuOf: (id: string) => GpuSpec) {
  const groups = new Map<CurveId, { point: GemmPoint; gpu: GpuSpec }[]>();
  for (const point of points) {
    const gpu = gpuOf(point.gpuId);
    const curve = curveIdOf(gpu, point.precision);
    const list = groups.get(curve) ?? [];
    list.push({ point, gpu });
    groups.set(curve, list);
  }
  return groups;
}

/** Grid + golden-section fit of every curve's etaMax and the shared kHalf and launch latency. */
export function fitCompute(
  points: readonly GemmPoint[],
  gpuOf: (id: string) => GpuSpec,
  memoryLine: MemoryLine,
): ComputeFitResult {
  const groups = groupByCurve(points, gpuOf);
  let best = { loss: Number.POSITIVE_INFINITY, kHalf: 0, launch: 0, etaMax: {} as Record<string, number> };
  for (const kHalf of grid(0, 2000, 81)) {
    for (const launch of grid(1e-6, 8e-6, 71)) {
      let loss = 0;
      const etaMax: Record<string, number> = {};
      for (const [curve, members] of groups) {
        const lossOf = (eta: number) =>
          members.reduce((s, { point, gpu }) => {
            const p = predictGemmTflops(point, gpu, eta, kHalf, launch, memoryLine);
            return s + Math.log(p / point.achievedTflops) ** 2;
          }, 0);
        const eta = goldenSection(lossOf, 0.2, 1, 40);
        etaMax[curve] = eta;
        loss += lossOf(eta);
      }
      if (loss < best.loss) best = { loss, kHalf, launch, etaMax };
    }
  }
  return { kHalf: best.kHalf, launchLatencySec: best.launch, etaMax: best.etaMax };
}

/** Residuals of fitted constants on each point. */
export function gemmResiduals(
  points: readonly GemmPoint[],
  gpuOf: (id: string) => GpuSpec,
  fit: ComputeFitResult,
  memoryLine: MemoryLine,
): GemmResidual[] {
  return points.map((point) => {
    const gpu = gpuOf(point.gpuId);
    const curve = curveIdOf(gpu, point.precision);
    const eta = fit.etaMax[curve] ?? Number.NaN;
    const predicted = predictGemmTflops(point, gpu, eta, fit.kHalf, fit.launchLatencySec, memoryLine);
    return {
      id: point.id,
      gpuId: point.gpuId,
      curve,
      shape: `${point.m}x${point.n}x${point.k} ${point.precision}`,
      measuredTflops: point.achievedTflops,
      predictedTflops: predicted,
      relativeError: relativeError(predicted, point.achievedTflops),
    };
  });
}
