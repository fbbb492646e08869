/**
 * gpu.js bodies of one attention head, softmax(q k^T / sqrt(d)) v, in four passes: scores, row max,
 * row sum of exp, and the weighted sum of v (the normalization is fused into the last pass).
 */
import type { Flat, KernelThis, Rows } from '../types.ts';

/** Constants the attention bodies read. */
export interface AttentionConstants {
  readonly seq: number;
  readonly headDim: number;
  readonly scale: number;
}

/** s[y][x] = scale * q[y] . k[x]. */
export function scoresBody(this: KernelThis<AttentionConstants>, q: Flat, k: Flat): number {
  let sum = 0;
  for (let p = 0; p < this.constants.headDim; p++) {
    sum += q[this.thread.y * this.constants.headDim + p]! * k[this.thread.x * this.constants.headDim + p]!;
  }
  return sum * this.constants.scale;
}

/** max of row x of the scores. */
export function scoreRowMaxBody(this: KernelThis<AttentionConstants>, s: Rows): number {
  let best = s[this.thread.x]![0]!;
  for (let j = 1; j < this.constants.seq; j++) best = Math.max(best, s[this.thread.x]![j]!);
  return best;
}

/** sum over row x of exp(s - rowMax). */
export function scoreRowSumBody(this: KernelThis<AttentionConstants>, s: Rows, rowMax: Flat): number {
  let sum = 0;
  for (let j = 0; j < this.constants.seq; j++)
    sum += Math.exp(s[this.thread.x]![j]! - rowMax[this.thread.x]!);
  return sum;
}

/** o[y][x] = sum over j of exp(s[y][j] - rowMax[y]) v[j][x] / rowSum[y]. */
export function weightedValueBody(
  this: KernelThis<AttentionConstants>,
  s: Rows,
  rowMax: Flat,
  rowSum: Flat,
  v: Flat,
): number {
  let sum = 0;
  for (let j = 0; j < this.constants.seq; j++) {
    sum +=
      Math.exp(s[this.thread.y]![j]! - rowMax[this.thread.y]!) *
      v[j * this.constants.headDim + this.thread.x]!;
  }
  return sum / rowSum[this.thread.y]!;
}
