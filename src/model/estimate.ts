/**
 * The shape of every estimate, and how a workload turns per-scenario op times into one.
 * @module
 */
import type { CapacityCheck } from './capacity.ts';
import type { Bound, Confidence, OpTime, Scenario } from './types.ts';

/** One breakdown row, in the units of the JSON contract. */
export interface BreakdownRow {
  readonly op: string;
  readonly flops: number;
  readonly bytes: number;
  readonly timeMs: number;
  readonly bound: Exclude<Bound, 'capacity'>;
}

/** A workload estimate on one GPU: the `results[]` element of the estimates JSON. */
export interface Estimate {
  /** Catalog id. */
  readonly gpu: string;
  /** Workload kind, e.g. `gemm`. */
  readonly workload: string;
  readonly params: Readonly<Record<string, number | string | boolean>>;
  /** Named metrics (e.g. `timeMs`, `tflops`); null when the workload does not fit. */
  readonly metrics: Readonly<Record<string, number | null>>;
  /** The metric `compare` ranks by (higher is better). */
  readonly throughputMetric: string;
  readonly bound: Bound;
  readonly fits: boolean;
  readonly memory: { readonly neededBytes: number; readonly capacityBytes: number | null };
  /** Total time, ms, at the pessimistic (`high`) and optimistic (`low`) ends; null when it does not fit. */
  readonly range: { readonly low: number | null; readonly high: number | null };
  readonly confidence: Confidence;
  readonly breakdown: readonly BreakdownRow[];
  readonly assumptions: readonly string[];
}

/** What a workload computes for one scenario. */
export interface ScenarioResult {
  readonly ops: readonly OpTime[];
  /** Metrics derived from the total time (the caller adds `timeMs`). */
  readonly metrics: Readonly<Record<string, number>>;
}

/** Inputs of {@link assembleEstimate}. */
export interface AssembleInput {
  readonly gpu: string;
  readonly workload: string;
  readonly params: Readonly<Record<string, number | string | boolean>>;
  readonly throughputMetric: string;
  readonly capacity: CapacityCheck;
  readonly confidence: Confidence;
  readonly assumptions: readonly string[];
  /** Evaluates the workload in one scenario. */
  readonly evaluate: (scenario: Scenario) => ScenarioResult;
}

const totalSec = (ops: readonly OpTime[]): number => {
  let t = 0;
  for (const op of ops) t += op.timeSec;
  return t;
};

/** Run the three scenarios and build the estimate. The bound is that of the op with the largest time. */
export function assembleEstimate(input: AssembleInput): Estimate {
  const nominal = input.evaluate('nominal');
  const lowSec = totalSec(input.evaluate('optimistic').ops);
  const highSec = totalSec(input.evaluate('pessimistic').ops);
  const timeSec = totalSec(nominal.ops);
  let bound: Bound = 'compute';
  let worst = -1;
  const breakdown: BreakdownRow[] = [];
  for (const op of nominal.ops) {
    if (op.timeSec > worst) {
      worst = op.timeSec;
      bound = op.bound;
    }
    breakdown.push({
      op: op.op,
      flops: op.flops,
      bytes: op.bytes,
      timeMs: op.timeSec * 1e3,
      bound: op.bound,
    });
  }
  const fits = input.capacity.fits;
  const metrics: Record<string, number | null> = { timeMs: fits ? timeSec * 1e3 : null };
  for (const [name, value] of Object.entries(nominal.metrics)) metrics[name] = fits ? value : null;
  return {
    gpu: input.gpu,
    workload: input.workload,
    params: input.params,
    metrics,
    throughputMetric: input.throughputMetric,
    bound: fits ? bound : 'capacity',
    fits,
    memory: { neededBytes: input.capacity.neededBytes, capacityBytes: input.capacity.capacityBytes },
    range: fits
      ? { low: Math.min(lowSec, highSec) * 1e3, high: Math.max(lowSec, highSec) * 1e3 }
      : { low: null, high: null },
    confidence: input.confidence,
    breakdown,
    assumptions: input.assumptions,
  };
}

/** Sum of op times in seconds. */
export { totalSec as totalTimeSec };
