/**
 * Time of one compute/memory op:
 * `time = max(flops / (peak x eta_c), bytes / (bandwidth x eta_m)) + launchLatency`.
 * @module
 */
import type { Precision } from '../hardware/types.ts';
import { type ComputeCurve, computeEfficiency } from './compute-efficiency.ts';
import { type MemoryLine, memoryEfficiency } from './memory-efficiency.ts';
import type { OpCost, OpTime } from './types.ts';

/** What one GPU offers an op, already resolved for a scenario. */
export interface OpResources {
  /** Dense peak for the op's precision; ignored for ops with no flops. */
  readonly peakOpsPerSec: number;
  readonly memoryBytesPerSec: number;
  readonly smCount: number | null;
  readonly curve: ComputeCurve;
  readonly memoryLine: MemoryLine;
  readonly launchLatencySec: number;
  /** Scenario multipliers on eta_c and eta_m (1 for nominal). */
  readonly computeScale: number;
  readonly memoryScale: number;
}

/** Time of one op on `res`. Ops with neither flops nor bytes cost only the launch latency. */
export function opTime(cost: OpCost, res: OpResources): OpTime {
  let computeSec = 0;
  // An op without a precision only moves data: its flops (e.g. a triad's adds) are recorded, not timed.
  if (cost.flops > 0 && cost.precision !== null) {
    const precision: Precision = cost.precision;
    const eta = computeEfficiency(cost.shape, precision, res.smCount, res.curve, res.computeScale);
    computeSec = cost.flops / (res.peakOpsPerSec * eta);
  }
  let memorySec = 0;
  if (cost.bytes > 0) {
    const eta = memoryEfficiency(cost.readFraction, res.memoryLine, res.memoryScale);
    memorySec = cost.bytes / (res.memoryBytesPerSec * eta);
  }
  return {
    op: cost.op,
    flops: cost.flops,
    bytes: cost.bytes,
    timeSec: Math.max(computeSec, memorySec) + res.launchLatencySec,
    bound: computeSec >= memorySec && computeSec > 0 ? 'compute' : 'memory',
  };
}

/** The pure roofline: `max(flops / peak, bytes / bandwidth)`, no efficiencies, no latency. */
export function rooflineLowerBoundSec(
  cost: OpCost,
  peakOpsPerSec: number,
  memoryBytesPerSec: number,
): number {
  const computeSec = cost.flops > 0 ? cost.flops / peakOpsPerSec : 0;
  const memorySec = cost.bytes > 0 ? cost.bytes / memoryBytesPerSec : 0;
  return Math.max(computeSec, memorySec);
}
