/** gpu.js body of C = A B, A m x k, B k x n, row-major; one thread per output element (x = column). */
import type { Flat, KernelThis } from '../types.ts';

/** Constants the gemm body reads. */
export interface GemmConstants {
  readonly k: number;
  readonly n: number;
}

/** C[y][x] = sum over p of A[y][p] B[p][x]. */
export function gemmBody(this: KernelThis<GemmConstants>, a: Flat, b: Flat): number {
  let sum = 0;
  for (let p = 0; p < this.constants.k; p++) {
    sum += a[this.thread.y * this.constants.k + p]! * b[p * this.constants.n + this.thread.x]!;
  }
  return sum;
}
