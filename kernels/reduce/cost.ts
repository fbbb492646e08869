/** Cost of a sum over n fp32 elements: n adds, n reads. */
import type { KernelCost } from '../types.ts';

/** Flops and minimal bytes of summing n elements. */
export function sumCost(n: number): KernelCost {
  return { flops: n, bytes: 4 * n };
}
