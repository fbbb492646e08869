/** Float64 references of STREAM copy and triad. */

/** The copy, widened to Float64. */
export function copyReference(a: Float32Array): Float64Array {
  return Float64Array.from(a);
}

/** b + scalar c, in Float64. */
export function triadReference(b: Float32Array, c: Float32Array, scalar: number): Float64Array {
  const out = new Float64Array(b.length);
  for (let i = 0; i < b.length; i++) out[i] = b[i]! + scalar * c[i]!;
  return out;
}
