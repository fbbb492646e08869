/**
 * A `tppbench sweep` JSON document reduced to what a report draws (`SweepSection`): who wins where.
 * - No swept axis (every axis has one value): no chart (`view.kind: 'none'`).
 * - One swept axis: a line per GPU over the axis values, thinned evenly to `maxLinePoints` keeping both
 *   ends and the grid values that bracket each crossover.
 * - Two or more: a winner map over the first two swept axes (x, y); further swept axes are held at their
 *   first value (they join `fixed` and the title). A grid of more than `maxCells` cells is binned: each
 *   axis into contiguous groups of grid values; a bin's winner is the GPU that wins most of its cells.
 * - The crossovers become a few boundary rows (`sweep-boundaries.ts`).
 * Rows are indexed by their param values, not by their position in `results`, so any row order reads the
 * same; one pass over the rows into a typed array, then work per cell. Pure; loads no zod.
 *
 * Axis positions: a numeric axis (every value a number) is ordered by value and its positions are the
 * values; any other axis (a choice list such as dtype `bf16,fp8`, or batch `1,8,max`) keeps its listed
 * order, its positions are indices `0..n-1` and `labels` holds the values as text.
 * @module
 */
import { msg, param, UserError } from '../errors.ts';
import { formatAxisValue, workloadLabel } from '../report/crossover-text.ts';
import type { SweepAxis, SweepSection, SweepSeries } from '../report/report-data.ts';
import type { SweepDocument } from '../results/sweep.ts';
import type { ParamValue } from '../workloads/params.ts';
import { type ShownAxis, sweepBoundaries } from './sweep-boundaries.ts';
import { winnerGrid } from './sweep-winners.ts';

/** Limits on what a section holds. */
export interface SweepMapOptions {
  /** Winner-map cells at most (default {@link DEFAULT_MAX_CELLS}); a larger grid is binned. */
  readonly maxCells?: number | undefined;
  /** Points per line at most (default {@link DEFAULT_MAX_LINE_POINTS}), crossover neighbours aside. */
  readonly maxLinePoints?: number | undefined;
}

/** Default winner-map size: 80 x 60. */
export const DEFAULT_MAX_CELLS = 4800;
/** Default points per line. */
export const DEFAULT_MAX_LINE_POINTS = 400;

function checkedLimit(key: string, value: number | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min) {
    throw new UserError(msg`${param(key)} must be an integer >= ${min} (got ${value})`, 'usage');
  }
  return value;
}

/** A swept axis indexed for the rows: its chart axis, value positions and a value -> index map. */
interface AxisIndex extends ShownAxis {
  readonly axis: SweepAxis;
  /** Chart position of each of `display`, ascending. */
  readonly positions: readonly number[];
}

type DocAxis = SweepDocument['axes'][number];

/** A list of positive numbers spanning at least this ratio is drawn on a log scale. */
const LOG_LIST_RATIO = 16;

function axisIndex(a: DocAxis): AxisIndex {
  const unique = [...new Set(a.values)];
  const numeric = unique.every((v) => typeof v === 'number');
  const display = numeric ? (unique as number[]).sort((p, q) => p - q) : unique;
  const index = new Map<ParamValue, number>(display.map((v, i) => [v, i]));
  const positions = numeric ? (display as number[]) : display.map((_, i) => i);
  const first = positions[0]!;
  const last = positions[positions.length - 1]!;
  const log =
    numeric && (a.spacing === 'log' || (a.spacing === 'list' && first > 0 && last / first >= LOG_LIST_RATIO));
  return {
    key: a.key,
    name: a.flag.replace(/^-+/, '') || a.key,
    log,
    display,
    index,
    positions,
    axis: { key: a.key, flag: a.flag, log, labels: numeric ? null : display.map(formatAxisValue) },
    position: numeric ? (v) => v : (v) => labelledPosition(display, v),
  };
}

/**
 * Where number `v` falls on an axis placed by index (batch `1,8,64,max`): its index where it is a value,
 * interpolated between the numbers around it, else half a step past the nearest number (0 when none).
 */
function labelledPosition(display: readonly ParamValue[], v: number): number {
  let below = -1;
  let above = -1;
  for (let i = 0; i < display.length; i++) {
    const d = display[i];
    if (typeof d !== 'number') continue;
    if (d === v) return i;
    if (d < v && (below < 0 || d > (display[below] as number))) below = i;
    if (d > v && (above < 0 || d < (display[above] as number))) above = i;
  }
  if (below >= 0 && above >= 0) {
    const a = display[below] as number;
    return below + ((above - below) * (v - a)) / ((display[above] as number) - a);
  }
  return below >= 0 ? below + 0.5 : above >= 0 ? above - 0.5 : 0;
}

/**
 * Reduce a sweep document to a report section; `id` is the section's id in the report. Throughput that is
 * null, negative or not finite counts as "does not fit"; a GPU that fits with throughput 0 can win (the
 * first in `doc.gpus` order on a tie), and a margin over a runner-up at 0 is null, never Infinity. Bad
 * options are UserErrors naming the option.
 */
export function sweepSection(doc: SweepDocument, id: string, options: SweepMapOptions = {}): SweepSection {
  const maxCells = checkedLimit('maxCells', options.maxCells, DEFAULT_MAX_CELLS, 1);
  const maxLinePoints = checkedLimit('maxLinePoints', options.maxLinePoints, DEFAULT_MAX_LINE_POINTS, 2);
  const swept = doc.axes.filter((a) => new Set(a.values).size > 1).map(axisIndex);
  const shown = swept.slice(0, 2);
  const held = swept
    .slice(2)
    .map((a) => ({ key: a.key, value: doc.axes.find((d) => d.key === a.key)!.values[0]! }));
  const fixed: Record<string, ParamValue> = { ...doc.fixed };
  for (const a of doc.axes) if (new Set(a.values).size === 1) fixed[a.key] = a.values[0]!;
  for (const h of held) fixed[h.key] = h.value;
  const label = workloadLabel(doc);
  const base = {
    id,
    workload: doc.workload,
    throughputMetric: doc.throughputMetric,
    throughputUnit: doc.throughputUnit,
    gpus: doc.gpus.map((g) => ({ id: g.id, name: g.name, tpp: g.tpp })),
    estimates: doc.results.length,
    fixed,
  };
  const { rows: boundaries, flips } = sweepBoundaries(doc, shown, held);
  if (shown.length === 0 || doc.gpus.length === 0) {
    const reason =
      doc.gpus.length === 0 ? 'the sweep has no GPUs' : 'nothing was swept: every parameter has one value';
    return { ...base, title: label, view: { kind: 'none', reason }, boundaries };
  }
  const throughput = gather(doc, shown, held);
  const ids = doc.gpus.map((gpu) => gpu.id);
  if (shown.length === 1) {
    const axis = shown[0]!;
    const keep = thin(axis.positions, flips.get(axis.key) ?? [], maxLinePoints);
    const g = ids.length;
    const series: SweepSeries[] = doc.gpus.map((gpu, gi) => ({
      gpu: gpu.id,
      name: gpu.name,
      points: keep.map((k) => ({ x: axis.positions[k]!, throughput: fitting(throughput[k * g + gi]!) })),
    }));
    return {
      ...base,
      title: `${label}: ${doc.throughputMetric} by ${axis.name}`,
      view: { kind: 'line', axis: axis.axis, series },
      boundaries,
    };
  }
  const [x, y] = shown as [AxisIndex, AxisIndex];
  const heldText = held.map((h) => `${h.key} at ${formatAxisValue(h.value)}`).join(', ');
  return {
    ...base,
    title: `${label}: which GPU wins over ${x.name} x ${y.name}${heldText ? ` (${heldText})` : ''}`,
    view: {
      kind: 'winner-map',
      x: x.axis,
      y: y.axis,
      ...winnerGrid(throughput, x.positions, y.positions, ids, maxCells),
    },
    boundaries,
  };
}

/** Throughput as a model number: null unless finite and >= 0. */
const fitting = (t: number): number | null => (t >= 0 && t < Number.POSITIVE_INFINITY ? t : null);

/**
 * Throughput per shown cell and GPU at `(yi * nx + xi) * gpus + gi` (yi = 0 on a line); NaN where the GPU
 * does not fit or no row says. Rows off the axes' values, off the held values or of another GPU are skipped;
 * of two rows for one cell and GPU the later stands.
 */
function gather(
  doc: SweepDocument,
  shown: readonly AxisIndex[],
  held: readonly { readonly key: string; readonly value: ParamValue }[],
): Float64Array {
  const g = doc.gpus.length;
  const gpuIndex = new Map(doc.gpus.map((gpu, i) => [gpu.id, i]));
  const x = shown[0]!;
  const y = shown[1];
  const nx = x.display.length;
  const out = new Float64Array(nx * (y ? y.display.length : 1) * g).fill(Number.NaN);
  const results = doc.results;
  rows: for (let r = 0; r < results.length; r++) {
    const row = results[r]!;
    const gi = gpuIndex.get(row.gpu);
    if (gi === undefined) continue;
    const p = row.params;
    const xi = x.index.get(p[x.key]!);
    if (xi === undefined) continue;
    let yi = 0;
    if (y) {
      const k = y.index.get(p[y.key]!);
      if (k === undefined) continue;
      yi = k;
    }
    for (let h = 0; h < held.length; h++) if (p[held[h]!.key] !== held[h]!.value) continue rows;
    const t = row.throughput;
    out[(yi * nx + xi) * g + gi] = t === null ? Number.NaN : t;
  }
  return out;
}

/**
 * Indices of `positions` (ascending) a line keeps: `max` evenly spaced with both ends, less the grid values
 * on either side of each flip (`[lastBelow, firstAbove]` positions), which are always kept.
 */
function thin(
  positions: readonly number[],
  flips: readonly (readonly [number, number])[],
  max: number,
): number[] {
  const n = positions.length;
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const keep = new Set<number>();
  for (const [lastBelow, firstAbove] of flips) {
    keep.add(lastAtOrBelow(positions, lastBelow));
    keep.add(firstAtOrAbove(positions, firstAbove));
  }
  const even = Math.max(2, max - keep.size);
  for (let k = 0; k < even; k++) keep.add(Math.round((k * (n - 1)) / (even - 1)));
  return [...keep].sort((a, b) => a - b);
}

/** The last index whose position is <= `v` (0 when none is). */
function lastAtOrBelow(positions: readonly number[], v: number): number {
  let lo = 0;
  let hi = positions.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (positions[mid]! <= v) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The first index whose position is >= `v` (the last when none is). */
function firstAtOrAbove(positions: readonly number[], v: number): number {
  let lo = 0;
  let hi = positions.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (positions[mid]! >= v) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
