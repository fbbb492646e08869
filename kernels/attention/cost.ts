/**
 * Cost of one attention head: two seq x seq x d matmuls (4 seq^2 d flops) plus the softmax (5 seq^2);
 * bytes as a fused (flash-style) kernel needs them: q, k, v read and o written once.
 */
import type { KernelCost } from '../types.ts';

/** Flops and minimal bytes of softmax(q k^T / sqrt(d)) v. */
export function attentionCost(seq: number, headDim: number): KernelCost {
  return { flops: 4 * seq * seq * headDim + 5 * seq * seq, bytes: 16 * seq * headDim };
}
