/**
 * The winner map of a 2-D sweep: per cell, the GPU with the highest throughput among those that fit and its
 * margin over the runner-up; on a grid of more than `maxCells` cells, per bin of contiguous grid values.
 * Works on typed arrays, one pass per stage, so a million cells reduce in milliseconds.
 * @module
 */
import type { WinnerCell } from '../report/report-data.ts';

/** A winner map's cells and their positions. */
export interface WinnerGrid {
  /** Cell positions: grid positions, or each bin's first. */
  readonly xValues: number[];
  readonly yValues: number[];
  readonly binned: boolean;
  readonly cells: WinnerCell[];
}

/**
 * Per cell `c` (`yi * nx + xi`) of `throughput` (`c * gpus + gi`, NaN or negative = does not fit): the
 * winner's GPU index (-1 when none fits; the first in GPU order on a tie) and its margin (NaN = null: fewer
 * than two fit, or the runner-up delivers 0).
 */
export function cellWinners(
  throughput: Float64Array,
  cells: number,
  gpus: number,
): { winner: Int32Array; margin: Float64Array } {
  const winner = new Int32Array(cells);
  const margin = new Float64Array(cells);
  for (let c = 0; c < cells; c++) {
    let best = -1;
    let first = Number.NEGATIVE_INFINITY;
    let second = Number.NEGATIVE_INFINITY;
    const base = c * gpus;
    for (let gi = 0; gi < gpus; gi++) {
      const t = throughput[base + gi]!;
      if (!(t >= 0 && t < Number.POSITIVE_INFINITY)) continue;
      if (t > first) {
        second = first;
        first = t;
        best = gi;
      } else if (t > second) second = t;
    }
    winner[c] = best;
    const m = first / second - 1;
    margin[c] = second > 0 && Number.isFinite(m) ? m : Number.NaN;
  }
  return { winner, margin };
}

/** The bin of each of `n` grid values in `bins` contiguous groups of near-equal size, and each bin's start. */
function binsOf(n: number, bins: number): { of: Int32Array; start: Int32Array } {
  const of = new Int32Array(n);
  const start = new Int32Array(bins);
  for (let b = 0; b < bins; b++) {
    start[b] = Math.floor((b * n) / bins);
    const end = Math.floor(((b + 1) * n) / bins);
    for (let k = start[b]!; k < end; k++) of[k] = b;
  }
  return { of, start };
}

/**
 * Bins per axis so that `bx * by <= maxCells`, each bin about as many grid values wide as tall (the grid
 * shape kept): `bx ≈ sqrt(maxCells * nx / ny)`, then each axis takes what the other leaves.
 */
export function binCounts(nx: number, ny: number, maxCells: number): [number, number] {
  if (nx * ny <= maxCells) return [nx, ny];
  let bx = Math.min(nx, Math.max(1, Math.floor(Math.sqrt((maxCells * nx) / ny))));
  const by = Math.min(ny, Math.max(1, Math.floor(maxCells / bx)));
  bx = Math.min(nx, Math.max(1, Math.floor(maxCells / by)));
  return [bx, by];
}

const cellOf = (
  xi: number,
  yi: number,
  winner: number,
  margin: number,
  ids: readonly string[],
): WinnerCell => ({
  xi,
  yi,
  winner: winner < 0 ? null : ids[winner]!,
  margin: winner < 0 || Number.isNaN(margin) ? null : margin,
});

/**
 * The winner map of `throughput` over an `nx` x `ny` grid (positions `xs`, `ys`) of GPUs `ids`. Binned when
 * over `maxCells`: a bin's winner is the GPU that wins most of its cells (ties: the higher total throughput
 * over the bin's cells where it fits; then GPU order), or null when cells where no GPU fits outnumber its
 * wins; its margin is the median margin of the cells it won (null when none of them has one).
 */
export function winnerGrid(
  throughput: Float64Array,
  xs: readonly number[],
  ys: readonly number[],
  ids: readonly string[],
  maxCells: number,
): WinnerGrid {
  const nx = xs.length;
  const ny = ys.length;
  const g = ids.length;
  const { winner, margin } = cellWinners(throughput, nx * ny, g);
  const [bx, by] = binCounts(nx, ny, maxCells);
  const cells: WinnerCell[] = [];
  if (bx === nx && by === ny) {
    for (let yi = 0; yi < ny; yi++)
      for (let xi = 0; xi < nx; xi++) {
        const c = yi * nx + xi;
        cells.push(cellOf(xi, yi, winner[c]!, margin[c]!, ids));
      }
    return { xValues: [...xs], yValues: [...ys], binned: false, cells };
  }
  const binX = binsOf(nx, bx);
  const binY = binsOf(ny, by);
  const bins = bx * by;
  // Wins per (bin, GPU), slot `g` counting cells where none fits; total throughput per (bin, GPU).
  const wins = new Int32Array(bins * (g + 1));
  const totals = new Float64Array(bins * g);
  const binOfCell = new Int32Array(nx * ny);
  for (let yi = 0; yi < ny; yi++) {
    const row = binY.of[yi]! * bx;
    for (let xi = 0; xi < nx; xi++) {
      const c = yi * nx + xi;
      const b = row + binX.of[xi]!;
      binOfCell[c] = b;
      const w = winner[c]!;
      wins[b * (g + 1) + (w < 0 ? g : w)]!++;
      for (let gi = 0; gi < g; gi++) {
        const t = throughput[c * g + gi]!;
        if (t >= 0 && t < Number.POSITIVE_INFINITY) totals[b * g + gi]! += t;
      }
    }
  }
  const binWinner = new Int32Array(bins).fill(-1);
  const offset = new Int32Array(bins + 1);
  for (let b = 0; b < bins; b++) {
    let best = -1;
    for (let gi = 0; gi < g; gi++) {
      const n = wins[b * (g + 1) + gi]!;
      if (n === 0) continue;
      const top = best < 0 ? 0 : wins[b * (g + 1) + best]!;
      if (n > top || (n === top && totals[b * g + gi]! > totals[b * g + best]!)) best = gi;
    }
    if (best >= 0 && wins[b * (g + 1) + best]! >= wins[b * (g + 1) + g]!) binWinner[b] = best;
    offset[b + 1] = offset[b]! + (binWinner[b]! < 0 ? 0 : wins[b * (g + 1) + best]!);
  }
  // The margins of the cells each bin's winner won, bin by bin (a counting sort), then their medians.
  const won = new Float64Array(offset[bins]!);
  const fill = offset.slice(0, bins);
  for (let c = 0; c < nx * ny; c++) {
    const b = binOfCell[c]!;
    if (binWinner[b]! >= 0 && winner[c] === binWinner[b]) won[fill[b]!++] = margin[c]!;
  }
  for (let b = 0; b < bins; b++) {
    const w = binWinner[b]!;
    cells.push(
      cellOf(
        b % bx,
        Math.floor(b / bx),
        w,
        w < 0 ? Number.NaN : median(won, offset[b]!, offset[b + 1]!),
        ids,
      ),
    );
  }
  return {
    xValues: Array.from(binX.start, (k) => xs[k]!),
    yValues: Array.from(binY.start, (k) => ys[k]!),
    binned: true,
    cells,
  };
}

/** The median of the non-NaN values of `a[from, to)` (sorted in place); NaN when there are none. */
function median(a: Float64Array, from: number, to: number): number {
  const part = a.subarray(from, to).sort();
  let n = part.length;
  while (n > 0 && Number.isNaN(part[n - 1]!)) n--;
  if (n === 0) return Number.NaN;
  const mid = n >> 1;
  return n % 2 ? part[mid]! : (part[mid - 1]! + part[mid]!) / 2;
}
