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

/** Query rows `rows` of one attention head (each headDim values, in the order given), in Float64. */
export function attentionReferenceRows(
  q: Float32Array,
  k: Float32Array,
  v: Float32Array,
  seq: number,
  headDim: number,
  rows: readonly number[],
): Float64Array {
  const scale = 1 / Math.sqrt(headDim);
  const out = new Float64Array(rows.length * headDim);
  const scores = new Float64Array(seq);
  rows.forEach((i, r) => {
    let max = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < seq; j++) {
      let sum = 0;
      for (let p = 0; p < headDim; p++) sum += q[i * headDim + p]! * k[j * headDim + p]!;
      scores[j] = sum * scale;
      max = Math.max(max, scores[j]!);
    }
    let total = 0;
    for (let j = 0; j < seq; j++) {
      scores[j] = Math.exp(scores[j]! - max);
      total += scores[j]!;
    }
    for (let j = 0; j < seq; j++) {
      const w = scores[j]! / total;
      for (let p = 0; p < headDim; p++) out[r * headDim + p]! += w * v[j * headDim + p]!;
    }
  });
  return out;
}
