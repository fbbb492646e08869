/** gpu.js body of the first pass of a sum: each thread adds one contiguous chunk. */
import type { Flat, KernelThis } from '../types.ts';

/** Constants the partial-sum body reads. */
export interface PartialSumConstants {
  readonly chunk: number;
  readonly n: number;
}

/** partial[x] = sum of a[x chunk .. (x + 1) chunk), clipped at n. */
export function partialSumBody(this: KernelThis<PartialSumConstants>, a: Flat): number {
  let sum = 0;
  for (let i = 0; i < this.constants.chunk; i++) {
    const index = this.thread.x * this.constants.chunk + i;
    if (index < this.constants.n) sum += a[index]!;
  }
  return sum;
}

/** Constants the final-sum body reads. */
export interface FinalSumConstants {
  readonly parts: number;
}

/** The sum of all `parts` partial sums: the second level, one thread. */
export function finalSumBody(this: KernelThis<FinalSumConstants>, partials: Flat): number {
  let sum = 0;
  for (let i = 0; i < this.constants.parts; i++) sum += partials[i]!;
  return sum;
}
