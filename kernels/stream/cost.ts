/** Costs of STREAM kernels, counted as STREAM does: copy moves 8n bytes, triad 12n bytes and 2n flops. */
import type { KernelCost } from '../types.ts';

/** One read and one write per element. */
export function copyCost(n: number): KernelCost {
  return { flops: 0, bytes: 8 * n };
}

/** Two reads, one write, one multiply-add per element. */
export function triadCost(n: number): KernelCost {
  return { flops: 2 * n, bytes: 12 * n };
}
