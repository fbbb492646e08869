/**
 * Inversions: a GPU with a lower TPP that delivers more throughput than one with a higher TPP (e.g. H20
 * over H800 on an 8-GPU all-reduce). Pure.
 * @module
 */

/** What inversion detection needs of each compared GPU. */
export interface ThroughputPoint {
  readonly gpu: string;
  readonly tpp: number | null;
  /** Higher is better; null when the workload did not fit. */
  readonly throughput: number | null;
}

/** `gpu` (lower TPP) beats `over` (higher TPP) by `throughputRatio` (> 1). */
export interface Inversion {
  readonly gpu: string;
  readonly over: string;
  readonly tpp: number;
  readonly overTpp: number;
  readonly throughputRatio: number;
}

/**
 * Every ordered pair (a, b) with `tpp(a) < tpp(b)` and `throughput(a) > throughput(b)`. Pairs with an
 * unknown TPP or throughput are skipped. Sorted by ratio, largest first.
 */
export function findInversions(points: readonly ThroughputPoint[]): Inversion[] {
  const out: Inversion[] = [];
  for (const a of points) {
    for (const b of points) {
      if (a.tpp === null || b.tpp === null || a.throughput === null || b.throughput === null) continue;
      if (a.tpp < b.tpp && a.throughput > b.throughput && b.throughput > 0) {
        out.push({
          gpu: a.gpu,
          over: b.gpu,
          tpp: a.tpp,
          overTpp: b.tpp,
          throughputRatio: a.throughput / b.throughput,
        });
      }
    }
  }
  return out.sort((x, y) => y.throughputRatio - x.throughputRatio);
}
