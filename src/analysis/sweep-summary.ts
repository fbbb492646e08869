/**
 * Per-GPU figures of a sweep (how many points fit, how many it wins, its best point), accumulated as the
 * chunks arrive so the terminal summary never needs the grid's rows. Memory: a few numbers per GPU.
 * @module
 */
import type { Bound } from '../model/types.ts';
import { BOUND_CODES } from './sweep-protocol.ts';

/** One GPU's figures over the whole grid. */
export interface GpuSweepSummary {
  /** Points where the workload fits on this GPU. */
  readonly fits: number;
  /** Points where it fits and beats every other GPU that fits. */
  readonly wins: number;
  /** Its best throughput; null when it never fits. */
  readonly best: number | null;
  /** The grid point of `best` (the first one on a tie); -1 when it never fits. */
  readonly bestPoint: number;
  /** Its binding resource at `bestPoint`; null when it never fits. */
  readonly bestBound: Bound | null;
}

/** Accumulates {@link GpuSweepSummary} over whole points, in any order. */
export class SweepSummaryBuilder {
  readonly #gpuCount: number;
  readonly #fits: number[];
  readonly #wins: number[];
  readonly #best: number[];
  readonly #bestPoint: number[];
  readonly #bestBound: number[];

  constructor(gpuCount: number) {
    this.#gpuCount = gpuCount;
    this.#fits = new Array<number>(gpuCount).fill(0);
    this.#wins = new Array<number>(gpuCount).fill(0);
    this.#best = new Array<number>(gpuCount).fill(Number.NEGATIVE_INFINITY);
    this.#bestPoint = new Array<number>(gpuCount).fill(-1);
    this.#bestBound = new Array<number>(gpuCount).fill(0);
  }

  /** Add points `firstPoint, firstPoint + 1, ...`: `throughput` and `bound` hold whole points (all GPUs). */
  add(firstPoint: number, throughput: Float64Array, bound: Uint8Array): void {
    const g = this.#gpuCount;
    const points = throughput.length / g;
    for (let p = 0; p < points; p++) {
      const row = p * g;
      const point = firstPoint + p;
      for (let gi = 0; gi < g; gi++) {
        const t = throughput[row + gi]!;
        if (Number.isNaN(t)) continue;
        this.#fits[gi]!++;
        // Strictly greater, so on a tie (and across chunks arriving out of order) the first point stays.
        if (t > this.#best[gi]! || (t === this.#best[gi] && point < this.#bestPoint[gi]!)) {
          this.#best[gi] = t;
          this.#bestPoint[gi] = point;
          this.#bestBound[gi] = bound[row + gi]!;
        }
        let top = true;
        for (let o = 0; o < g && top; o++) {
          const other = throughput[row + o]!;
          if (o !== gi && !Number.isNaN(other) && !(t > other)) top = false;
        }
        if (top) this.#wins[gi]!++;
      }
    }
  }

  /** The figures so far, one per GPU. */
  result(): GpuSweepSummary[] {
    return Array.from({ length: this.#gpuCount }, (_, gi) => {
      const fits = this.#fits[gi]! > 0;
      return {
        fits: this.#fits[gi]!,
        wins: this.#wins[gi]!,
        best: fits ? this.#best[gi]! : null,
        bestPoint: fits ? this.#bestPoint[gi]! : -1,
        bestBound: fits ? BOUND_CODES[this.#bestBound[gi]!]! : null,
      };
    });
  }
}
