/** Float64 reference of C = A B (row-major), i-p-j loop order for cache-friendly access. */

/** C = A B with A m x k and B k x n, accumulated in Float64. */
export function gemmReference(
  a: Float32Array,
  b: Float32Array,
  m: number,
  n: number,
  k: number,
): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    const row = i * n;
    for (let p = 0; p < k; p++) {
      const aip = a[i * k + p]!;
      const bRow = p * n;
      for (let j = 0; j < n; j++) c[row + j]! += aip * b[bRow + j]!;
    }
  }
  return c;
}

/** Rows `rows` of C = A B (each n values, in the order given), accumulated in Float64. */
export function gemmReferenceRows(
  a: Float32Array,
  b: Float32Array,
  n: number,
  k: number,
  rows: readonly number[],
): Float64Array {
  const c = new Float64Array(rows.length * n);
  rows.forEach((i, r) => {
    for (let p = 0; p < k; p++) {
      const aip = a[i * k + p]!;
      for (let j = 0; j < n; j++) c[r * n + j]! += aip * b[p * n + j]!;
    }
  });
  return c;
}
