/** Cost of one fp32 GEMV: 2mk flops; the matrix dominates the bytes, as in LLM decode. */
import type { KernelCost } from '../types.ts';

/** Flops and minimal bytes of y = A x, A m x k. */
export function gemvCost(m: number, k: number): KernelCost {
  return { flops: 2 * m * k, bytes: 4 * (m * k + k + m) };
}
