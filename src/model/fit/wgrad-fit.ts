/**
 * The fit of {@link FP8_WGRAD_EFFICIENCY}: each published weight-gradient GEMM's rate over what the compute
 * curve predicts for its shape (groups of m x n over k, at fp8), and their median.
 * @module
 */
import { median } from 'simple-statistics';
import type { GpuSpec } from '../../hardware/types.ts';
import type { WgradPoint } from '../data/wgrad-points.ts';
import { curveIdOf } from '../gpu-class.ts';
import type { MemoryLine } from '../memory-efficiency.ts';
import { type ComputeFitResult, predictGemmTflops } from './gemm-fit.ts';

/** One point: measured, the forward curve's prediction, and their ratio. */
export interface WgradResidual {
  readonly id: string;
  readonly measuredTflops: number;
  readonly curveTflops: number;
  readonly ratio: number;
}

/** Each point against the forward curve of `fit`. */
export function wgradRatios(
  points: readonly WgradPoint[],
  gpuOf: (id: string) => GpuSpec,
  fit: ComputeFitResult,
  memoryLine: MemoryLine,
): WgradResidual[] {
  return points.map((p) => {
    const gpu = gpuOf(p.gpuId);
    const eta = fit.etaMax[curveIdOf(gpu, 'fp8')] ?? Number.NaN;
    const point = {
      id: p.id,
      gpuId: p.gpuId,
      precision: 'fp8' as const,
      m: p.m,
      n: p.n,
      k: p.k,
      achievedTflops: p.achievedTflops,
    };
    // The groups run one after another at the same shape: the rate is the one GEMM's.
    const curveTflops = predictGemmTflops(point, gpu, eta, fit.kHalf, fit.launchLatencySec, memoryLine);
    return { id: p.id, measuredTflops: p.achievedTflops, curveTflops, ratio: p.achievedTflops / curveTflops };
  });
}

/** The median ratio, the efficiency the training model applies to fp8 weight-gradient GEMMs. */
export function fitWgradEfficiency(residuals: readonly WgradResidual[]): number {
  return median(residuals.map((r) => r.ratio));
}
