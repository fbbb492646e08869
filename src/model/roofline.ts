/**
 * Time of one compute/memory op:
 * `time = max(flops / (peak x eta_c), bytes / (bandwidth x eta_m)) + launchLatency`.
 * @module
 */
import type { Precision } from '../hardware/types.ts';
import { type ComputeCurve, efficiencyFromShape, shapeEfficiency } from './compute-efficiency.ts';
import { type MemoryLine, memoryEfficiency } from './memory-efficiency.ts';
import type { OpCost, OpTime, Scenario } from './types.ts';

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
  return opTimeWithShape(cost, res, shapeFactorOf(cost, res));
}

/** `opTime(cost, res).timeSec`, without building the row. */
export function opTimeSec(cost: OpCost, res: OpResources): number {
  return flatEndSec(cost, res, shapeFactorOf(cost, res));
}

/** The op's scenario-independent {@link shapeEfficiency} factor on `res` (1 for ops that are not timed). */
function shapeFactorOf(cost: OpCost, res: OpResources): number {
  // An op without a precision only moves data: its flops (e.g. a triad's adds) are recorded, not timed.
  if (cost.flops > 0 && cost.precision !== null) {
    const precision: Precision = cost.precision;
    return shapeEfficiency(cost.shape, precision, res.smCount, res.curve.kHalf);
  }
  return 1;
}

function computeSec(cost: OpCost, res: OpResources, shapeFactor: number): number {
  if (cost.flops > 0 && cost.precision !== null) {
    return cost.flops / (res.peakOpsPerSec * efficiencyFromShape(shapeFactor, res.curve, res.computeScale));
  }
  return 0;
}

function memorySec(cost: OpCost, res: OpResources): number {
  if (cost.bytes > 0) {
    return (
      cost.bytes /
      (res.memoryBytesPerSec * memoryEfficiency(cost.readFraction, res.memoryLine, res.memoryScale))
    );
  }
  return 0;
}

function opTimeWithShape(cost: OpCost, res: OpResources, shapeFactor: number): OpTime {
  const c = computeSec(cost, res, shapeFactor);
  const m = memorySec(cost, res);
  return {
    op: cost.op,
    flops: cost.flops,
    bytes: cost.bytes,
    timeSec: Math.max(c, m) + res.launchLatencySec,
    bound: c >= m && c > 0 ? 'compute' : 'memory',
  };
}

/**
 * {@link endSec} with `efficiencyFromShape` and `memoryEfficiency` written out (the same arithmetic, in the
 * same order), so the hot loops of composite estimates make no further calls whatever the optimizing
 * compiler decides to inline; its speed no longer varies from run to run with inlining budgets.
 */
function flatEndSec(cost: OpCost, res: OpResources, shapeFactor: number): number {
  let c = 0;
  if (cost.flops > 0 && cost.precision !== null) {
    c = cost.flops / (res.peakOpsPerSec * Math.min(1, res.curve.etaMax * res.computeScale * shapeFactor));
  }
  let m = 0;
  if (cost.bytes > 0) {
    const line = res.memoryLine;
    const eta = (line.intercept + line.slope * cost.readFraction) * res.memoryScale;
    m = cost.bytes / (res.memoryBytesPerSec * Math.min(1, Math.max(0.05, eta)));
  }
  return Math.max(c, m) + res.launchLatencySec;
}

function endSec(cost: OpCost, res: OpResources, shapeFactor: number): number {
  return Math.max(computeSec(cost, res, shapeFactor), memorySec(cost, res)) + res.launchLatencySec;
}

/** One op in the three scenarios: the nominal time with its bound, and the total at each end. */
export interface OpTimeRange {
  readonly nominal: OpTime;
  readonly optimisticSec: number;
  readonly pessimisticSec: number;
}

/**
 * {@link opTime} in all three scenarios, sharing the wave quantization (it does not depend on the
 * scenario: the scenarios share the GPU's SM count and curve and differ only in rates and scales). Each
 * field equals `opTime(cost, byScenario[scenario])`.
 */
export function opTimeRange(cost: OpCost, byScenario: Readonly<Record<Scenario, OpResources>>): OpTimeRange {
  const nominal = byScenario.nominal;
  const shapeFactor = shapeFactorOf(cost, nominal);
  return {
    nominal: opTimeWithShape(cost, nominal, shapeFactor),
    optimisticSec: endSec(cost, byScenario.optimistic, shapeFactor),
    pessimisticSec: endSec(cost, byScenario.pessimistic, shapeFactor),
  };
}

/** Where {@link opTimeRangeInto} writes: the three scenario times (seconds) and the nominal bound. */
export interface OpTimeRangeOut {
  nominalSec: number;
  optimisticSec: number;
  pessimisticSec: number;
  bound: 'compute' | 'memory';
}

/**
 * {@link opTimeRange} without allocating: the same numbers, written into `out` (for hot loops that reuse
 * one `out`). The caller keeps the op's label, flops and bytes from `cost`.
 */
export function opTimeRangeInto(
  cost: OpCost,
  byScenario: Readonly<Record<Scenario, OpResources>>,
  out: OpTimeRangeOut,
): void {
  const nominal = byScenario.nominal;
  const shapeFactor = shapeFactorOf(cost, nominal);
  // computeSec and memorySec written out, as in flatEndSec.
  let c = 0;
  if (cost.flops > 0 && cost.precision !== null) {
    const eta = Math.min(1, nominal.curve.etaMax * nominal.computeScale * shapeFactor);
    c = cost.flops / (nominal.peakOpsPerSec * eta);
  }
  let m = 0;
  if (cost.bytes > 0) {
    const line = nominal.memoryLine;
    const eta = (line.intercept + line.slope * cost.readFraction) * nominal.memoryScale;
    m = cost.bytes / (nominal.memoryBytesPerSec * Math.min(1, Math.max(0.05, eta)));
  }
  out.nominalSec = Math.max(c, m) + nominal.launchLatencySec;
  out.bound = c >= m && c > 0 ? 'compute' : 'memory';
  out.optimisticSec = flatEndSec(cost, byScenario.optimistic, shapeFactor);
  out.pessimisticSec = flatEndSec(cost, byScenario.pessimistic, shapeFactor);
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
