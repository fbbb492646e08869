/**
 * Finding where the winner between two GPUs flips along an axis, one point at a time as a sweep's rows
 * arrive in grid order, without holding the rows. What it keeps, and why that is bounded:
 * - per swept axis, the lines along that axis that are open at once: `stride` of them (the product of the
 *   faster axes' lengths), each with a last sign and its value index per GPU pair (5 bytes); an axis whose
 *   values are not ascending (a list such as `8,1,2`) keeps the sign at every value of its open lines
 *   instead (`stride x length` bytes per pair), to walk them in value order when a line completes;
 * - at most `2 x maxFlips` flips per axis (the first ones in report order), and a count of the rest.
 * An axis whose state would pass {@link CROSSOVER_STATE_BYTES} in all is not searched, and says so in a
 * warning: the state of the slowest axis grows with the grid, so without the cap a huge grid on a
 * two-value slowest axis would hold about 2.5 bytes per point per pair.
 * @module
 */
import { isNumericKind } from '../workloads/params.ts';
import type { SweepGrid } from './sweep-grid.ts';

/** The most bytes of flip-finding state a scan holds, all axes together. */
export const CROSSOVER_STATE_BYTES = 64 * 2 ** 20;

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

/** One flip on the grid: along axis `axis`, on the line through point `base`, between GPUs `i` and `j`. */
export interface GridFlip {
  readonly axis: number;
  /** The line's point at the axis's value index 0. */
  readonly base: number;
  readonly i: number;
  readonly j: number;
  /** Value indices (into the axis's values) of the last point before the flip and the first after it. */
  readonly below: number;
  readonly above: number;
}

/** What a finished scan found. */
export interface ScanResult {
  /** The first `maxFlips` flips, ordered by axis, line, GPU pair, then value. */
  readonly flips: readonly GridFlip[];
  /** Flips past `maxFlips`, counted only. */
  readonly omitted: number;
  readonly warnings: readonly string[];
}

interface AxisScan {
  readonly axis: number;
  readonly len: number;
  readonly stride: number;
  /** Value index -> rank in ascending value order. */
  readonly rank: Int32Array;
  /** Value indices in ascending value order; null when the values ascend as listed. */
  readonly order: Int32Array | null;
  /** Ascending axes: the last non-tie sign per (line slot, pair); others: per (slot, value index, pair). */
  readonly signs: Int8Array;
  /** Ascending axes: the value index of that sign per (slot, pair). */
  readonly lastK: Int32Array;
  flips: GridFlip[];
  total: number;
}

/** Scans whole points in grid order (point 0, 1, 2, ...) for flips of the winner of every GPU pair. */
export class CrossoverScan {
  readonly #grid: SweepGrid;
  readonly #gpuCount: number;
  readonly #maxFlips: number;
  readonly #pairs: readonly (readonly [number, number])[];
  readonly #axes: AxisScan[] = [];
  readonly #warnings: string[] = [];
  readonly #sign: Int8Array;
  #nextPoint = 0;

  constructor(grid: SweepGrid, gpuCount: number, maxFlips: number) {
    this.#grid = grid;
    this.#gpuCount = gpuCount;
    this.#maxFlips = Math.max(0, Math.floor(maxFlips));
    const pairs: [number, number][] = [];
    for (let i = 0; i < gpuCount; i++) for (let j = i + 1; j < gpuCount; j++) pairs.push([i, j]);
    this.#pairs = pairs;
    this.#sign = new Int8Array(pairs.length);
    if (pairs.length === 0) return;
    let stride = grid.points;
    let bytes = 0;
    grid.axes.forEach((axis, ax) => {
      const len = axis.values.length;
      stride /= len;
      // Numeric axes only; an integer-or-max list that holds `max` has no order to walk.
      if (len < 2 || !isNumericKind(axis.kind) || axis.values.some((v) => typeof v !== 'number')) return;
      const values = axis.values as readonly number[];
      const sorted = Array.from(values.keys()).sort((a, b) => values[a]! - values[b]!);
      const ascending = sorted.every((k, r) => k === r);
      const cells = ascending ? stride * pairs.length : stride * len * pairs.length;
      const need = ascending ? cells * 5 : cells;
      if (bytes + need > CROSSOVER_STATE_BYTES) {
        this.#warnings.push(
          `crossovers along ${axis.flag} were not searched: ${stride} lines open at once would hold ${Math.ceil(need / 2 ** 20)} MiB (put ${axis.flag} later on the command line, or narrow the axes after it)`,
        );
        return;
      }
      bytes += need;
      const rank = new Int32Array(len);
      sorted.forEach((k, r) => {
        rank[k] = r;
      });
      this.#axes.push({
        axis: ax,
        len,
        stride,
        rank,
        order: ascending ? null : Int32Array.from(sorted),
        signs: new Int8Array(cells),
        lastK: new Int32Array(ascending ? cells : 0),
        flips: [],
        total: 0,
      });
    });
  }

  /** Axes not searched, and why; known from construction. */
  get warnings(): readonly string[] {
    return this.#warnings;
  }

  /** Add the next whole points: `throughput` holds `points x gpuCount` values starting at `firstPoint`. */
  add(firstPoint: number, throughput: Float64Array): void {
    if (firstPoint !== this.#nextPoint) {
      throw new RangeError(
        `crossover scan: points must arrive in order (${firstPoint} after ${this.#nextPoint})`,
      );
    }
    const g = this.#gpuCount;
    const points = throughput.length / g;
    this.#nextPoint += points;
    if (this.#axes.length === 0) return;
    const pairs = this.#pairs;
    const sign = this.#sign;
    for (let p = 0; p < points; p++) {
      const row = p * g;
      for (let pr = 0; pr < pairs.length; pr++) {
        const [i, j] = pairs[pr]!;
        sign[pr] = winnerSign(throughput[row + i]!, throughput[row + j]!);
      }
      const point = firstPoint + p;
      for (const a of this.#axes) {
        const k = Math.floor(point / a.stride) % a.len;
        const slot = point % a.stride;
        if (a.order === null) this.#ascending(a, point, k, slot);
        else this.#unordered(a, point, k, slot);
      }
    }
  }

  #ascending(a: AxisScan, point: number, k: number, slot: number): void {
    const n = this.#pairs.length;
    const off = slot * n;
    if (k === 0) a.signs.fill(0, off, off + n);
    for (let pr = 0; pr < n; pr++) {
      const s = this.#sign[pr]!;
      if (s === 0) continue;
      const last = a.signs[off + pr]!;
      if (last !== 0 && s !== last) this.#record(a, point - k * a.stride, pr, a.lastK[off + pr]!, k);
      a.signs[off + pr] = s;
      a.lastK[off + pr] = k;
    }
  }

  #unordered(a: AxisScan, point: number, k: number, slot: number): void {
    const n = this.#pairs.length;
    const line = slot * a.len * n;
    for (let pr = 0; pr < n; pr++) a.signs[line + k * n + pr] = this.#sign[pr]!;
    if (k !== a.len - 1) return;
    // The line is complete: walk it in ascending value order.
    const base = point - k * a.stride;
    for (let pr = 0; pr < n; pr++) {
      let last = 0;
      let lastK = -1;
      for (const kk of a.order!) {
        const s = a.signs[line + kk * n + pr]!;
        if (s === 0) continue;
        if (last !== 0 && s !== last) this.#record(a, base, pr, lastK, kk);
        last = s;
        lastK = kk;
      }
    }
  }

  #record(a: AxisScan, base: number, pr: number, below: number, above: number): void {
    a.total++;
    if (this.#maxFlips === 0) return;
    const [i, j] = this.#pairs[pr]!;
    a.flips.push({ axis: a.axis, base, i, j, below, above });
    // Keep the first maxFlips in report order; the rest can never be reported.
    if (a.flips.length >= 2 * this.#maxFlips) a.flips = this.#first(a, a.flips);
  }

  #first(a: AxisScan, flips: GridFlip[]): GridFlip[] {
    const n = this.#gpuCount;
    const key = (f: GridFlip) => [f.base, f.i * n + f.j, a.rank[f.below]!] as const;
    return flips
      .sort((x, y) => {
        const kx = key(x);
        const ky = key(y);
        return kx[0] - ky[0] || kx[1] - ky[1] || kx[2] - ky[2];
      })
      .slice(0, this.#maxFlips);
  }

  /** The flips found, once every point has been added. */
  finish(): ScanResult {
    if (this.#nextPoint !== this.#grid.points && this.#axes.length > 0) {
      throw new RangeError(`crossover scan: ${this.#nextPoint} of ${this.#grid.points} points added`);
    }
    const flips: GridFlip[] = [];
    let total = 0;
    for (const a of this.#axes) {
      total += a.total;
      for (const f of this.#first(a, a.flips)) if (flips.length < this.#maxFlips) flips.push(f);
    }
    return { flips, omitted: total - flips.length, warnings: this.#warnings };
  }
}
