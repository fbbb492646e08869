/**
 * THE ORACLE (test code only): estimates assembled scenario by scenario, as every workload built them before
 * the one-pass evaluators: each scenario's op rows evaluated apart, the range from their totals. Tests compare
 * the evaluators' estimates against it.
 * @module
 */
import {
  addBreakdownRow,
  assembleFromBreakdown,
  type Estimate,
  type EstimateHeader,
  newBreakdown,
} from '../../src/model/estimate.ts';
import type { OpTime, Scenario } from '../../src/model/types.ts';

/** What a workload computes for one scenario. */
export interface ScenarioResult {
  readonly ops: readonly OpTime[];
  /** Metrics derived from the total time (the caller adds `timeMs`). */
  readonly metrics: Readonly<Record<string, number>>;
}

/** Inputs of {@link assembleEstimate}. */
export interface AssembleInput extends EstimateHeader {
  /** Evaluates the workload in one scenario. */
  readonly evaluate: (scenario: Scenario) => ScenarioResult;
}

/**
 * The three scenarios of an estimate, already evaluated: the nominal ops and metrics, and only the total
 * time (seconds) of the optimistic and pessimistic ends, which is all the range needs.
 */
export interface ScenarioTimes {
  readonly nominal: ScenarioResult;
  readonly optimisticSec: number;
  readonly pessimisticSec: number;
}

const totalSec = (ops: readonly OpTime[]): number => {
  let t = 0;
  for (const op of ops) t += op.timeSec;
  return t;
};

/**
 * Run the three scenarios and build the estimate: {@link assembleFromTimes} over the nominal ops and the
 * other ends' totals. The bound is that of the op with the largest time.
 */
export function assembleEstimate(input: AssembleInput): Estimate {
  return assembleFromTimes(input, {
    nominal: input.evaluate('nominal'),
    optimisticSec: totalSec(input.evaluate('optimistic').ops),
    pessimisticSec: totalSec(input.evaluate('pessimistic').ops),
  });
}

/** {@link assembleFromBreakdown} over the nominal ops of scenarios the workload evaluated itself. */
export function assembleFromTimes(header: EstimateHeader, times: ScenarioTimes): Estimate {
  const { nominal } = times;
  const breakdown = newBreakdown();
  for (const op of nominal.ops) addBreakdownRow(breakdown, op.op, op.flops, op.bytes, op.timeSec, op.bound);
  return assembleFromBreakdown(header, breakdown, nominal.metrics, times.optimisticSec, times.pessimisticSec);
}
