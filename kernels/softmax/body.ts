/** gpu.js bodies of a row-wise softmax in three passes: row max, row sum of exp, normalize. */
import type { Flat, KernelThis } from '../types.ts';

/** Constants the softmax bodies read. */
export interface SoftmaxConstants {
  readonly cols: number;
}

/** max over the row x of the rows x cols input. */
export function rowMaxBody(this: KernelThis<SoftmaxConstants>, a: Flat): number {
  let best = a[this.thread.x * this.constants.cols]!;
  for (let c = 1; c < this.constants.cols; c++)
    best = Math.max(best, a[this.thread.x * this.constants.cols + c]!);
  return best;
}

/** sum over the row x of exp(a - rowMax). */
export function rowSumExpBody(this: KernelThis<SoftmaxConstants>, a: Flat, rowMax: Flat): number {
  let sum = 0;
  for (let c = 0; c < this.constants.cols; c++) {
    sum += Math.exp(a[this.thread.x * this.constants.cols + c]! - rowMax[this.thread.x]!);
  }
  return sum;
}

/** out[y][x] = exp(a[y][x] - rowMax[y]) / rowSum[y]. */
export function normalizeBody(
  this: KernelThis<SoftmaxConstants>,
  a: Flat,
  rowMax: Flat,
  rowSum: Flat,
): number {
  return (
    Math.exp(a[this.thread.y * this.constants.cols + this.thread.x]! - rowMax[this.thread.y]!) /
    rowSum[this.thread.y]!
  );
}
