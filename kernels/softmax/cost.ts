/** Cost of a row-wise softmax, counting exp as one flop: max, subtract + exp + add, divide: 5 per element. */
import type { KernelCost } from '../types.ts';

/** Flops and minimal bytes (one read, one write) of softmax over rows x cols. */
export function softmaxCost(rows: number, cols: number): KernelCost {
  return { flops: 5 * rows * cols, bytes: 8 * rows * cols };
}
