/**
 * The shape of every estimate, and how a workload turns per-scenario op times into one.
 * @module
 */
import { type Message, UserError } from '../errors.ts';
import type { CapacityCheck } from './capacity.ts';
import { type OpResources, type OpTimeRangeOut, opTimeRangeInto } from './roofline.ts';
import type { Bound, Confidence, OpCost, Scenario } from './types.ts';

/** One breakdown row, in the units of the JSON contract. */
export interface BreakdownRow {
  readonly op: string;
  readonly flops: number;
  readonly bytes: number;
  readonly timeMs: number;
  readonly bound: Exclude<Bound, 'capacity'>;
  /** Communication time hidden behind compute (overlap), ms, not in `timeMs`; absent when none is. */
  readonly hiddenMs?: number;
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
  /** What the inputs made doubtful (e.g. a batch past the memory limit); empty when nothing did. */
  readonly warnings: readonly string[];
  readonly assumptions: readonly string[];
}

/** What an estimate says about itself, whatever way its scenarios were computed. */
export interface EstimateHeader {
  readonly gpu: string;
  readonly workload: string;
  readonly params: Readonly<Record<string, number | string | boolean>>;
  readonly throughputMetric: string;
  readonly capacity: CapacityCheck;
  readonly confidence: Confidence;
  /**
   * Warnings about the inputs; none when absent. A {@link Message} names its parameters, so a front end can
   * show them its own way ({@link warningMessages}); `Estimate.warnings` holds the library's text.
   */
  readonly warnings?: readonly (string | Message)[];
  readonly assumptions: readonly string[];
}

/**
 * Where an estimate keeps its warnings as {@link Message}s, beside their text in `warnings`: a symbol key, so
 * JSON and structured clones carry only the text.
 */
const WARNING_MESSAGES = Symbol('warningMessages');

/**
 * The warnings of an estimate as messages, when it was built in this thread (a front end renders them with
 * its own parameter names: the CLI with flags); otherwise their text, as in `estimate.warnings`.
 */
export function warningMessages(estimate: Estimate): readonly (string | Message)[] {
  return (
    (estimate as { [WARNING_MESSAGES]?: readonly (string | Message)[] })[WARNING_MESSAGES] ??
    estimate.warnings
  );
}

/** The warnings' text (the library's names). */
function warningTexts(warnings: readonly (string | Message)[] | undefined): readonly string[] {
  return warnings === undefined || warnings.length === 0 ? NO_WARNINGS : warnings.map(String);
}

const opScratch: OpTimeRangeOut = { nominalSec: 0, optimisticSec: 0, pessimisticSec: 0, bound: 'memory' };

/**
 * The estimate of a workload that is one op: `cost` timed in the three scenarios on `byScenario`, its nominal
 * row the whole breakdown; `metricsAt` gives the metrics of the nominal time (seconds). A module-level
 * `metricsAt` (it gets `cost`, so it need not close over it) keeps the call free of allocations but the result.
 */
export function assembleOneOp(
  header: EstimateHeader,
  cost: OpCost,
  byScenario: Readonly<Record<Scenario, OpResources>>,
  metricsAt: (nominalSec: number, cost: OpCost) => Readonly<Record<string, number>>,
): Estimate {
  opTimeRangeInto(cost, byScenario, opScratch);
  const { nominalSec, optimisticSec, pessimisticSec } = opScratch;
  const breakdown = newBreakdown();
  addBreakdownRow(breakdown, cost.op, cost.flops, cost.bytes, nominalSec, opScratch.bound);
  return assembleFromBreakdown(header, breakdown, metricsAt(nominalSec, cost), optimisticSec, pessimisticSec);
}

/**
 * Nominal breakdown rows built as they are evaluated, with the running total (seconds, summed in row order)
 * and the bound of the slowest row so far.
 */
export interface BreakdownAccumulator {
  readonly rows: BreakdownRow[];
  totalSec: number;
  worstSec: number;
  bound: Exclude<Bound, 'capacity'>;
}

/** An empty {@link BreakdownAccumulator}. */
export function newBreakdown(): BreakdownAccumulator {
  return { rows: [], totalSec: 0, worstSec: -1, bound: 'compute' };
}

/** Append one row; `timeSec` is the row's whole time (count included). */
export function addBreakdownRow(
  acc: BreakdownAccumulator,
  op: string,
  flops: number,
  bytes: number,
  timeSec: number,
  bound: Exclude<Bound, 'capacity'>,
): void {
  acc.totalSec += timeSec;
  if (timeSec > acc.worstSec) {
    acc.worstSec = timeSec;
    acc.bound = bound;
  }
  acc.rows.push({ op, flops, bytes, timeMs: timeSec * 1e3, bound });
}

/**
 * Append a communication row that overlaps compute: `exposedSec` counts in the time, `hiddenSec` is shown
 * beside it (`hiddenMs`).
 */
export function addOverlappedRow(
  acc: BreakdownAccumulator,
  op: string,
  bytes: number,
  exposedSec: number,
  hiddenSec: number,
): void {
  acc.totalSec += exposedSec;
  if (exposedSec > acc.worstSec) {
    acc.worstSec = exposedSec;
    acc.bound = 'interconnect';
  }
  acc.rows.push({
    op,
    flops: 0,
    bytes,
    timeMs: exposedSec * 1e3,
    bound: 'interconnect',
    hiddenMs: hiddenSec * 1e3,
  });
}

/**
 * A fitting estimate's numbers are finite: a NaN or Infinity would reach a report as `null` or `n/a`, which
 * means "does not fit". Inputs are bounded where they are parsed (GPU files, model configs, parameters), so
 * this only fires for sizes beyond them; it names the GPU, the workload and the metric.
 */
function checkFinite(
  header: EstimateHeader,
  metrics: Readonly<Record<string, number | null>>,
  lowSec: number,
  highSec: number,
): void {
  // On the hot path of every estimate (sweeps run millions): no allocation, one pass over the metrics.
  let bad: string | undefined;
  for (const name in metrics) {
    const value = metrics[name];
    if (value === null || value === undefined || !Number.isFinite(value)) {
      bad = name;
      break;
    }
  }
  if (bad === undefined && !Number.isFinite(lowSec + highSec)) bad = 'range';
  if (bad !== undefined) {
    const value = bad === 'range' ? lowSec + highSec : metrics[bad];
    throw new UserError(
      `${header.workload} on ${header.gpu}: ${bad} is ${value} (not a finite number): a GPU figure or a workload size is outside the range the model can represent`,
    );
  }
}

const NO_WARNINGS: readonly string[] = Object.freeze([]);

/**
 * Build the estimate from a nominal breakdown accumulated row by row and the totals (seconds) of the
 * optimistic and pessimistic ends: the one place every estimate is assembled.
 */
export function assembleFromBreakdown(
  header: EstimateHeader,
  breakdown: BreakdownAccumulator,
  nominalMetrics: Readonly<Record<string, number>>,
  lowSec: number,
  highSec: number,
): Estimate {
  const fits = header.capacity.fits;
  const metrics: Record<string, number | null> = { timeMs: fits ? breakdown.totalSec * 1e3 : null };
  for (const name in nominalMetrics) metrics[name] = fits ? (nominalMetrics[name] as number) : null;
  if (fits) checkFinite(header, metrics, lowSec, highSec);
  const estimate: Estimate = {
    gpu: header.gpu,
    workload: header.workload,
    params: header.params,
    metrics,
    throughputMetric: header.throughputMetric,
    bound: fits ? breakdown.bound : 'capacity',
    fits,
    memory: { neededBytes: header.capacity.neededBytes, capacityBytes: header.capacity.capacityBytes },
    range: fits
      ? { low: Math.min(lowSec, highSec) * 1e3, high: Math.max(lowSec, highSec) * 1e3 }
      : { low: null, high: null },
    confidence: header.confidence,
    breakdown: breakdown.rows,
    warnings: warningTexts(header.warnings),
    assumptions: header.assumptions,
  };
  // Messages are kept beside their text (under a symbol) for a front end to render with its own names.
  if (header.warnings?.some((w) => typeof w !== 'string')) {
    Object.defineProperty(estimate, WARNING_MESSAGES, { value: header.warnings, enumerable: false });
  }
  return estimate;
}
