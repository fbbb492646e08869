/** gpu.js body of y = A x, A m x k row-major; one thread per output row. */
import type { Flat, KernelThis } from '../types.ts';

/** Constants the gemv body reads. */
export interface GemvConstants {
  readonly k: number;
}

/** y[x] = sum over p of A[x][p] v[p]. */
export function gemvBody(this: KernelThis<GemvConstants>, a: Flat, v: Flat): number {
  let sum = 0;
  for (let p = 0; p < this.constants.k; p++) sum += a[this.thread.x * this.constants.k + p]! * v[p]!;
  return sum;
}
