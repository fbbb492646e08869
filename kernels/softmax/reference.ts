/** Float64 reference of a numerically stable row-wise softmax. */

/** softmax of each row of the rows x cols row-major input, in Float64. */
export function softmaxReference(a: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    let max = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < cols; c++) max = Math.max(max, a[r * cols + c]!);
    let sum = 0;
    for (let c = 0; c < cols; c++) {
      const e = Math.exp(a[r * cols + c]! - max);
      out[r * cols + c] = e;
      sum += e;
    }
    for (let c = 0; c < cols; c++) out[r * cols + c]! /= sum;
  }
  return out;
}
