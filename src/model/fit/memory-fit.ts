/**
 * Least-squares fit of the memory-efficiency line to the STREAM-like points.
 * @module
 */
import type { GpuSpec } from '../../hardware/types.ts';
import type { MemoryPoint } from '../data/memory-points.ts';
import { type MemoryLine, memoryEfficiency } from '../memory-efficiency.ts';
import { relativeError } from './search.ts';

/** One point's measured and fitted efficiency. */
export interface MemoryResidual {
  readonly id: string;
  readonly gpuId: string;
  readonly readFraction: number;
  readonly measuredEfficiency: number;
  readonly fittedEfficiency: number;
  /** fitted / measured - 1 */
  readonly relativeError: number;
}

/** Measured efficiency of a point against its GPU's catalog bandwidth. */
export function measuredMemoryEfficiency(point: MemoryPoint, gpu: GpuSpec): number {
  const peak = gpu.memoryBandwidthBytesPerSec.value;
  if (peak === null) throw new Error(`calibration GPU ${gpu.id} has no memory bandwidth`);
  return point.achievedBytesPerSec / peak;
}

/** Ordinary least squares of efficiency on read fraction. */
export function fitMemoryLine(points: readonly MemoryPoint[], gpuOf: (id: string) => GpuSpec): MemoryLine {
  const xs = points.map((p) => p.readFraction);
  const ys = points.map((p) => measuredMemoryEfficiency(p, gpuOf(p.gpuId)));
  const n = xs.length;
  const mx = xs.reduce((s, x) => s + x, 0) / n;
  const my = ys.reduce((s, y) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
  }
  const slope = sxy / sxx;
  return { intercept: my - slope * mx, slope };
}

/** Residuals of `line` on each point. */
export function memoryResiduals(
  points: readonly MemoryPoint[],
  gpuOf: (id: string) => GpuSpec,
  line: MemoryLine,
): MemoryResidual[] {
  return points.map((p) => {
    const measured = measuredMemoryEfficiency(p, gpuOf(p.gpuId));
    const fitted = memoryEfficiency(p.readFraction, line);
    return {
      id: p.id,
      gpuId: p.gpuId,
      readFraction: p.readFraction,
      measuredEfficiency: measured,
      fittedEfficiency: fitted,
      relativeError: relativeError(fitted, measured),
    };
  });
}
