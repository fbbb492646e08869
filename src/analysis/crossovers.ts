/**
 * Crossovers: where the winner between two GPUs flips along a swept axis. Grid points only bracket a flip;
 * bisection on the model then finds it (to the integer on integer axes, to a relative 1e-4 otherwise).
 * Pure given its evaluator.
 * @module
 */
import type { Bound } from '../model/types.ts';
import { isIntegerKind, isNumericKind, type ParamValue } from '../workloads/params.ts';
import type { PointValue } from './sweep-eval.ts';
import { assignPoint, type SweepGrid } from './sweep-grid.ts';

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
  /** The first axis value where `above.winner` wins (or ties); `lastBelow + 1` on integer axes. */
  readonly firstAbove: number;
  readonly below: CrossoverSide;
  readonly above: CrossoverSide;
  /** Model evaluations the bisection took (both GPUs). */
  readonly evaluations: number;
}

/** Evaluate GPU `gpuIndex` at fully parsed params. */
export type PointEvaluator = (gpuIndex: number, params: Readonly<Record<string, ParamValue>>) => PointValue;

/** What {@link findCrossovers} reads of a finished sweep. */
export interface CrossoverInput {
  readonly grid: SweepGrid;
  readonly gpuIds: readonly string[];
  readonly fixed: Readonly<Record<string, ParamValue>>;
  /** Grid throughput, estimate `point * gpus + gpu`; NaN = does not fit. */
  readonly throughput: Float64Array;
}

/** Relative difference under which two throughputs tie. */
export const TIE_TOLERANCE = 1e-9;

/** 1 when a wins, -1 when b wins, 0 on a tie (or when neither fits). */
export function winnerSign(a: number, b: number): -1 | 0 | 1 {
  const aFits = !Number.isNaN(a);
  const bFits = !Number.isNaN(b);
  if (!aFits || !bFits) return aFits ? 1 : bFits ? -1 : 0;
  if (a > b * (1 + TIE_TOLERANCE)) return 1;
  if (b > a * (1 + TIE_TOLERANCE)) return -1;
  return 0;
}

function side(winner: string, w: PointValue, l: PointValue): CrossoverSide {
  return {
    winner,
    bound: w.bound,
    ratio: Number.isNaN(l.throughput) || l.throughput <= 0 ? null : w.throughput / l.throughput,
  };
}

/** The found crossovers, and how many further flips were left unrefined past `maxCrossovers`. */
export interface CrossoverReport {
  readonly crossovers: readonly Crossover[];
  readonly omitted: number;
}

/**
 * Every flip of the winner between each GPU pair along each numeric axis, on every slice of the other axes,
 * refined by bisection. Axis values are walked in ascending order; ties are stepped over.
 */
export function findCrossovers(
  input: CrossoverInput,
  evaluate: PointEvaluator,
  maxCrossovers = 100,
): CrossoverReport {
  const { grid, gpuIds, throughput } = input;
  const gpuCount = gpuIds.length;
  const out: Crossover[] = [];
  let omitted = 0;
  let stride = grid.points;
  for (let ax = 0; ax < grid.axes.length; ax++) {
    const axis = grid.axes[ax]!;
    const len = axis.values.length;
    stride /= len;
    // Numeric axes only; an integer-or-max list that holds `max` has no order to bisect along.
    if (len < 2 || !isNumericKind(axis.kind) || axis.values.some((v) => typeof v !== 'number')) continue;
    const order = axis.values
      .map((v, k) => ({ v: v as number, k }))
      .sort((x, y) => x.v - y.v)
      .map((x) => x.k);
    for (let base = 0; base < grid.points; base++) {
      if (Math.floor(base / stride) % len !== 0) continue;
      for (let i = 0; i < gpuCount; i++) {
        for (let j = i + 1; j < gpuCount; j++) {
          let lastSign = 0;
          let lastK = -1;
          for (const k of order) {
            const e = (base + k * stride) * gpuCount;
            const s = winnerSign(throughput[e + i]!, throughput[e + j]!);
            if (s === 0) continue;
            if (lastSign !== 0 && s !== lastSign) {
              if (out.length >= maxCrossovers) omitted++;
              else {
                const at: Record<string, ParamValue> = {};
                assignPoint(grid, base, at);
                delete at[axis.key];
                out.push(
                  bisect(
                    input,
                    evaluate,
                    ax,
                    at,
                    [i, j],
                    axis.values[lastK] as number,
                    axis.values[k] as number,
                  ),
                );
              }
            }
            lastSign = s;
            lastK = k;
          }
        }
      }
    }
  }
  return { crossovers: out, omitted };
}

function bisect(
  input: CrossoverInput,
  evaluate: PointEvaluator,
  ax: number,
  at: Readonly<Record<string, ParamValue>>,
  [i, j]: readonly [number, number],
  loStart: number,
  hiStart: number,
): Crossover {
  const axis = input.grid.axes[ax]!;
  const integer = isIntegerKind(axis.kind);
  const geometric = axis.spacing === 'log' && loStart > 0;
  let evaluations = 0;
  const at2 = (value: number): [PointValue, PointValue] => {
    const params = { ...input.fixed, ...at, [axis.key]: value };
    evaluations += 2;
    return [evaluate(i, params), evaluate(j, params)];
  };
  let lo = loStart;
  let hi = hiStart;
  let loValues = at2(lo);
  let hiValues = at2(hi);
  const belowSign = winnerSign(loValues[0].throughput, loValues[1].throughput);
  for (let step = 0; step < 200; step++) {
    if (integer ? hi - lo <= 1 : hi - lo <= 1e-4 * Math.abs(hi)) break;
    let mid = geometric ? Math.sqrt(lo * hi) : (lo + hi) / 2;
    if (integer) mid = Math.min(hi - 1, Math.max(lo + 1, Math.floor(mid)));
    const values = at2(mid);
    if (winnerSign(values[0].throughput, values[1].throughput) === belowSign) {
      lo = mid;
      loValues = values;
    } else {
      hi = mid;
      hiValues = values;
    }
  }
  const ids = input.gpuIds;
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
