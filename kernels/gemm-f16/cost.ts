/** Cost of one f16 GEMM: 2mnk flops; A, B read and C written once, 2 bytes a value. */
import type { KernelCost } from '../types.ts';

/** Flops and minimal bytes of C = A B in f16 storage, A m x k, B k x n. */
export function gemmF16Cost(m: number, n: number, k: number): KernelCost {
  return { flops: 2 * m * n * k, bytes: 2 * (m * k + k * n + m * n) };
}
