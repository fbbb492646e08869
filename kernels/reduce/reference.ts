/** Float64 reference of a sum. */

/** The sum of all elements, accumulated in Float64, as a one-element array. */
export function sumReference(a: Float32Array): Float64Array {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]!;
  return Float64Array.of(sum);
}
