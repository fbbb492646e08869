/** Float64 reference of y = A x. */

/** y = A x with A m x k, accumulated in Float64. */
export function gemvReference(a: Float32Array, x: Float32Array, m: number, k: number): Float64Array {
  const y = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let sum = 0;
    for (let p = 0; p < k; p++) sum += a[i * k + p]! * x[p]!;
    y[i] = sum;
  }
  return y;
}
