/**
 * Time of one compute/memory op:
 * `time = max(flops / (peak x eta_c), bytes / (bandwidth x eta_m)) + launchLatency`.
 *
 * The formula is written once, in {@link scenarioSec}; every export here is a view over it.
 * @module
 */
import type { Precision } from '../hardware/types.ts';
import { type ComputeCurve, shapeEfficiency } from './compute-efficiency.ts';
import type { MemoryLine } from './memory-efficiency.ts';
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

/**
 * The op's scenario-independent {@link shapeEfficiency} factor on `res` (1 for ops that are not timed, and for
 * ops with their own kernel efficiency, which already holds their shape).
 */
function shapeFactorOf(cost: OpCost, res: OpResources): number {
  // An op without a precision only moves data: its flops (e.g. a triad's adds) are recorded, not timed.
  if (cost.flops > 0 && cost.precision !== null && cost.kernel == null) {
    const precision: Precision = cost.precision;
    return shapeEfficiency(cost.shape, precision, res.smCount, res.curve.kHalf);
  }
  return 1;
}

/**
 * The roofline formula, the only place it is written: the op's time (seconds) on `res` given its
 * {@link shapeFactorOf}, and its bound into `boundOut` unless that is null (compute when the compute time is
 * positive and at least the memory time). Callers pass a literal null or object, so the inlined copies keep
 * only the branch they take; nothing is allocated. `min(1, etaMax x scale x shapeFactor)` (eta_c) and
 * `memoryEfficiency` are written out in their arithmetic order, so the hot loops of composite estimates make no
 * further calls whatever the optimizing compiler decides to inline: their speed no longer varies from run to
 * run with inlining budgets.
 */
function scenarioSec(
  cost: OpCost,
  res: OpResources,
  shapeFactor: number,
  boundOut: Pick<OpTimeRangeOut, 'bound'> | null,
): number {
  // A named kernel (fused attention) brings its own eta_c and a factor on eta_m (see OpCost.kernel).
  const k = cost.kernel;
  let c = 0;
  if (cost.flops > 0 && cost.precision !== null) {
    // Written in the order of the GEMM-curve formula (etaMax x scale x shape), so its results stay bit-exact.
    const etaC =
      k == null ? res.curve.etaMax * res.computeScale * shapeFactor : k.computeEta * res.computeScale;
    c = cost.flops / (res.peakOpsPerSec * Math.min(1, etaC));
  }
  let m = 0;
  if (cost.bytes > 0) {
    const line = res.memoryLine;
    const eta =
      (line.intercept + line.slope * cost.readFraction) * res.memoryScale * (k == null ? 1 : k.memoryFactor);
    m = cost.bytes / (res.memoryBytesPerSec * Math.min(1, Math.max(0.05, eta)));
  }
  if (boundOut !== null) boundOut.bound = c >= m && c > 0 ? 'compute' : 'memory';
  return Math.max(c, m) + res.launchLatencySec;
}

/**
 * Where {@link opTime} and {@link opTimeRange} have the core write (read before the next call). An
 * {@link OpTimeRangeOut}, like the callers' own, so the core's bound store sees one object shape.
 */
const scratch: OpTimeRangeOut = { nominalSec: 0, optimisticSec: 0, pessimisticSec: 0, bound: 'memory' };

/** Time of one op on `res`. Ops with neither flops nor bytes cost only the launch latency. */
export function opTime(cost: OpCost, res: OpResources): OpTime {
  const timeSec = scenarioSec(cost, res, shapeFactorOf(cost, res), scratch);
  return { op: cost.op, flops: cost.flops, bytes: cost.bytes, timeSec, bound: scratch.bound };
}

/** `opTime(cost, res).timeSec`, without building the row. */
export function opTimeSec(cost: OpCost, res: OpResources): number {
  return scenarioSec(cost, res, shapeFactorOf(cost, res), null);
}

/** Where {@link opTimeRangeInto} writes: the three scenario times (seconds) and the nominal bound. */
export interface OpTimeRangeOut {
  nominalSec: number;
  optimisticSec: number;
  pessimisticSec: number;
  bound: 'compute' | 'memory';
}

/**
 * {@link opTime} in all three scenarios without allocating, written into `out` (for hot loops that reuse one
 * `out`); each time equals `opTime(cost, byScenario[scenario]).timeSec`. The wave quantization is computed
 * once: it does not depend on the scenario (the scenarios share the GPU's SM count and curve and differ only
 * in rates and scales). The caller keeps the op's label, flops and bytes from `cost`.
 */
export function opTimeRangeInto(
  cost: OpCost,
  byScenario: Readonly<Record<Scenario, OpResources>>,
  out: OpTimeRangeOut,
): void {
  const shapeFactor = shapeFactorOf(cost, byScenario.nominal);
  out.nominalSec = scenarioSec(cost, byScenario.nominal, shapeFactor, out);
  out.optimisticSec = scenarioSec(cost, byScenario.optimistic, shapeFactor, null);
  out.pessimisticSec = scenarioSec(cost, byScenario.pessimistic, shapeFactor, null);
}

/** One op in the three scenarios: the nominal time with its bound, and the total at each end. */
export interface OpTimeRange {
  readonly nominal: OpTime;
  readonly optimisticSec: number;
  readonly pessimisticSec: number;
}

/** {@link opTimeRangeInto} as a new object with the nominal {@link OpTime} row. */
export function opTimeRange(cost: OpCost, byScenario: Readonly<Record<Scenario, OpResources>>): OpTimeRange {
  opTimeRangeInto(cost, byScenario, scratch);
  const { nominalSec, bound, optimisticSec, pessimisticSec } = scratch;
  return {
    nominal: { op: cost.op, flops: cost.flops, bytes: cost.bytes, timeSec: nominalSec, bound },
    optimisticSec,
    pessimisticSec,
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
