/**
 * Cost of the three-pass row-wise softmax this kernel runs (row max; sum of exp; normalize), counting exp as
 * one flop: max (1), subtract + exp + add (3), subtract + exp + divide (3) = 7 flops per element. Each pass
 * reads the input once and the last writes the output: 3 reads + 1 write = 16 bytes per fp32 element (the
 * per-row max and sum vectors are negligible). A fused one-pass kernel would move 8.
 */
import type { KernelCost } from '../types.ts';

/** Flops and bytes of this kernel's softmax over rows x cols. */
export function softmaxCost(rows: number, cols: number): KernelCost {
  return { flops: 7 * rows * cols, bytes: 16 * rows * cols };
}
