/**
 * Crossovers: where the winner between two GPUs flips along a swept axis. Grid points only bracket a flip
 * (see `crossover-scan.ts`, which finds them as rows stream by); bisection on the model then narrows it,
 * visiting only values the axis allows:
 * - a list axis (tp `1,2,4,8`) takes only its listed values, so the bracket is the two grid values;
 * - an integer range is bisected on integers, and a value the workload refuses (a UserError, such as
 *   tp 5 with 64 attention heads) is not on the axis: the bisection steps to the nearest accepted value
 *   between the bracket's ends, and stops when none is left (the bracket is then two adjacent valid values);
 * - a non-integer range is bisected to a relative 1e-4, and stops at a refused value.
 * Pure given its evaluator. A failing evaluation (not a refusal) is data: `CrossoverReport.error`.
 * @module
 */
import { isUserError } from '../errors.ts';
import type { Bound } from '../model/types.ts';
import { isIntegerKind, type ParamValue } from '../workloads/params.ts';
import { CrossoverScan, type GridFlip, TIE_TOLERANCE, winnerSign } from './crossover-scan.ts';
import { assignPoint, type SweepGrid } from './sweep-grid.ts';
import type { PointValue } from './sweep-protocol.ts';

export { TIE_TOLERANCE, winnerSign };

/** Model values on one side of a flip. */
export interface CrossoverSide {
  /** The GPU that wins on this side. */
  readonly winner: string;
  /** The winner's binding resource there. */
  readonly bound: Bound;
  /** Winner throughput / loser throughput; null when the loser does not fit. */
  readonly ratio: number | null;
}

/** One flip of the winner between `gpus[0]` and `gpus[1]` along `axis`. */
export interface Crossover {
  readonly gpus: readonly [string, string];
  /** Param key of the axis, e.g. `batch`. */
  readonly axis: string;
  readonly flag: string;
  /** Values of the other swept axes on this slice of the grid (fixed params are the sweep's). */
  readonly at: Readonly<Record<string, ParamValue>>;
  /** The last axis value where `below.winner` wins. */
  readonly lastBelow: number;
  /**
   * The first axis value where `above.winner` wins (or ties): the next value the axis allows after
   * `lastBelow` (`lastBelow + 1` on an integer range where every integer is valid; the next listed value
   * on a list axis).
   */
  readonly firstAbove: number;
  readonly below: CrossoverSide;
  readonly above: CrossoverSide;
  /** Model evaluations the refinement took (both GPUs, refused values included). */
  readonly evaluations: number;
}

/** Evaluate GPU `gpuIndex` at fully parsed params; a UserError means the workload refuses the values. */
export type PointEvaluator = (gpuIndex: number, params: Readonly<Record<string, ParamValue>>) => PointValue;

/** What {@link findCrossovers} reads of a finished sweep. */
export interface CrossoverInput {
  readonly grid: SweepGrid;
  readonly gpuIds: readonly string[];
  readonly fixed: Readonly<Record<string, ParamValue>>;
  /** Grid throughput, estimate `point * gpus + gpu`; NaN = does not fit. */
  readonly throughput: Float64Array;
}

/** The found crossovers, and how many further flips were left unrefined past `maxCrossovers`. */
export interface CrossoverReport {
  readonly crossovers: readonly Crossover[];
  readonly omitted: number;
  /** Axes not searched, and why (see `crossover-scan.ts`). */
  readonly warnings: readonly string[];
  /** Why the refinement stopped, when an evaluation failed; the crossovers refined before it are kept. */
  readonly error: string | null;
}

/** Refused values a refinement steps over before it settles for the bracket it has. */
export const MAX_REFUSED_PROBES = 64;

function side(winner: string, w: PointValue, l: PointValue): CrossoverSide {
  return {
    winner,
    bound: w.bound,
    ratio: Number.isNaN(l.throughput) || l.throughput <= 0 ? null : w.throughput / l.throughput,
  };
}

/** What refinement needs besides the flips: the grid, the GPUs and the fixed params. */
export type CrossoverContext = Omit<CrossoverInput, 'throughput'>;

/**
 * Refine flips found by a {@link CrossoverScan} into crossovers. Never throws: an evaluation that fails
 * (other than a refusal) stops the refinement and becomes the report's `error`.
 */
export function refineFlips(
  context: CrossoverContext,
  scan: {
    readonly flips: readonly GridFlip[];
    readonly omitted: number;
    readonly warnings: readonly string[];
  },
  evaluate: PointEvaluator,
): CrossoverReport {
  const out: Crossover[] = [];
  try {
    for (const flip of scan.flips) out.push(refine(context, evaluate, flip));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { crossovers: out, omitted: scan.omitted, warnings: scan.warnings, error: message };
  }
  return { crossovers: out, omitted: scan.omitted, warnings: scan.warnings, error: null };
}

/**
 * Every flip of the winner between each GPU pair along each numeric axis, on every slice of the other axes,
 * refined. Axis values are walked in ascending order; ties are stepped over.
 */
export function findCrossovers(
  input: CrossoverInput,
  evaluate: PointEvaluator,
  maxCrossovers = 100,
): CrossoverReport {
  const scan = new CrossoverScan(input.grid, input.gpuIds.length, maxCrossovers);
  scan.add(0, input.throughput);
  return refineFlips(input, scan.finish(), evaluate);
}

function refine(context: CrossoverContext, evaluate: PointEvaluator, flip: GridFlip): Crossover {
  const axis = context.grid.axes[flip.axis]!;
  const at: Record<string, ParamValue> = {};
  assignPoint(context.grid, flip.base, at);
  delete at[axis.key];
  const { i, j } = flip;
  let evaluations = 0;
  const both = (value: number): [PointValue, PointValue] => {
    const params = { ...context.fixed, ...at, [axis.key]: value };
    evaluations += 2;
    return [evaluate(i, params), evaluate(j, params)];
  };
  /** Both GPUs at `value`, or null when the workload refuses it. */
  const tryBoth = (value: number): [PointValue, PointValue] | null => {
    try {
      return both(value);
    } catch (error) {
      if (isUserError(error)) return null;
      throw error;
    }
  };
  let lo = axis.values[flip.below] as number;
  let hi = axis.values[flip.above] as number;
  // Grid values: evaluated once already, so a refusal here is a real failure.
  let loValues = both(lo);
  let hiValues = both(hi);
  const belowSign = winnerSign(loValues[0].throughput, loValues[1].throughput);
  const listed = axis.spacing === 'list' || axis.spacing === 'single';
  const integer = isIntegerKind(axis.kind);
  const geometric = axis.spacing === 'log' && lo > 0;
  let refused = 0;
  /** The next value to try strictly inside (lo, hi) with its values, or null when there is none. */
  const probe = (): [number, [PointValue, PointValue]] | null => {
    const mid = geometric ? Math.sqrt(lo * hi) : (lo + hi) / 2;
    if (!integer) {
      const values = tryBoth(mid);
      return values && [mid, values];
    }
    const start = Math.min(hi - 1, Math.max(lo + 1, Math.floor(mid)));
    // Outward from the midpoint: start, start - 1, start + 1, start - 2, ...
    for (let d = 0; ; d++) {
      let inside = false;
      for (const v of d === 0 ? [start] : [start - d, start + d]) {
        if (v <= lo || v >= hi) continue;
        if (refused >= MAX_REFUSED_PROBES) return null;
        inside = true;
        const values = tryBoth(v);
        if (values) return [v, values];
        refused++;
      }
      if (!inside) return null;
    }
  };
  for (let step = 0; step < 200 && !listed; step++) {
    if (integer ? hi - lo <= 1 : hi - lo <= 1e-4 * Math.abs(hi)) break;
    const next = probe();
    if (next === null) break;
    const [mid, values] = next;
    if (winnerSign(values[0].throughput, values[1].throughput) === belowSign) {
      lo = mid;
      loValues = values;
    } else {
      hi = mid;
      hiValues = values;
    }
  }
  const ids = context.gpuIds;
  const belowWinner = belowSign === 1 ? 0 : 1;
  const aboveSign = winnerSign(hiValues[0].throughput, hiValues[1].throughput);
  // A tie at the upper end is credited to the other GPU: it no longer loses there.
  const aboveWinner = aboveSign === 0 ? 1 - belowWinner : aboveSign === 1 ? 0 : 1;
  return {
    gpus: [ids[i]!, ids[j]!],
    axis: axis.key,
    flag: axis.flag,
    at,
    lastBelow: lo,
    firstAbove: hi,
    below: side(ids[belowWinner === 0 ? i : j]!, loValues[belowWinner]!, loValues[1 - belowWinner]!),
    above: side(ids[aboveWinner === 0 ? i : j]!, hiValues[aboveWinner]!, hiValues[1 - aboveWinner]!),
    evaluations,
  };
}
