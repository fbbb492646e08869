/** Cost of one fp32 GEMM: 2mnk flops; A, B read and C written once. */
import type { KernelCost } from '../types.ts';

/** Flops and minimal bytes of C = A B, A m x k, B k x n. */
export function gemmCost(m: number, n: number, k: number): KernelCost {
  return { flops: 2 * m * n * k, bytes: 4 * (m * k + k * n + m * n) };
}
