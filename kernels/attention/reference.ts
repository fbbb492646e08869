/** Float64 reference of one attention head. */
import { softmaxReference } from '../softmax/reference.ts';

/** softmax(q k^T / sqrt(d)) v for q, k, v of seq x headDim, in Float64. */
export function attentionReference(
  q: Float32Array,
  k: Float32Array,
  v: Float32Array,
  seq: number,
  headDim: number,
): Float64Array {
  const scale = 1 / Math.sqrt(headDim);
  const scores = new Float64Array(seq * seq);
  for (let i = 0; i < seq; i++) {
    for (let j = 0; j < seq; j++) {
      let sum = 0;
      for (let p = 0; p < headDim; p++) sum += q[i * headDim + p]! * k[j * headDim + p]!;
      scores[i * seq + j] = sum * scale;
    }
  }
  const weights = softmaxReference(scores, seq, seq);
  const out = new Float64Array(seq * headDim);
  for (let i = 0; i < seq; i++) {
    for (let j = 0; j < seq; j++) {
      const w = weights[i * seq + j]!;
      for (let p = 0; p < headDim; p++) out[i * headDim + p]! += w * v[j * headDim + p]!;
    }
  }
  return out;
}
