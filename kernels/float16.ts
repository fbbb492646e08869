/**
 * IEEE-754 binary16 (half precision) on the host, where Node 20 has no `Float16Array`: fp32 values to f16
 * bit patterns (round to nearest, ties to even) and back, one value or a whole array. The WGSL tier
 * uploads f16 buffers (WGSL `array<f16>`: two halves to a 32-bit word, little-endian) through these.
 * @module
 */

/** Unit roundoff of binary16: half the distance from 1 to the next half (2^-11). */
export const FLOAT16_UNIT_ROUNDOFF = 2 ** -11;

/** Smallest positive normal binary16 value (2^-14); below it halves are subnormal. */
export const FLOAT16_MIN_NORMAL = 2 ** -14;

/** Largest finite binary16 value. */
export const FLOAT16_MAX = 65504;

const f32 = new Float32Array(1);
const f32Bits = new Uint32Array(f32.buffer);

/**
 * The binary16 bit pattern nearest to `value` taken as fp32 (a double is first rounded to fp32), ties to
 * even. Overflow gives infinity, values below half the smallest subnormal give a signed zero, NaN stays a
 * (quiet) NaN.
 */
export function float16Bits(value: number): number {
  f32[0] = value;
  const x = f32Bits[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exponent = (x >>> 23) & 0xff;
  const mantissa = x & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa === 0 ? 0 : 0x200 | (mantissa >>> 13));
  // binary16 exponent field: unbiased exponent (exponent - 127) + 15.
  const e = exponent - 112;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    // Subnormal half (or zero): the value in units of 2^-24 is the 24-bit significand >> (14 - e).
    if (e < -10) return sign;
    const significand = mantissa | 0x800000;
    const shift = 14 - e;
    const half = significand >>> shift;
    const rest = significand & ((1 << shift) - 1);
    const tie = 1 << (shift - 1);
    // A carry out of the subnormal range lands on the smallest normal, which is the right answer.
    return sign | (rest > tie || (rest === tie && (half & 1) === 1) ? half + 1 : half);
  }
  const half = (e << 10) | (mantissa >>> 13);
  const rest = mantissa & 0x1fff;
  // A carry into the exponent field is the right rounding, up to infinity (0x7c00) past FLOAT16_MAX.
  return sign | (rest > 0x1000 || (rest === 0x1000 && (half & 1) === 1) ? half + 1 : half);
}

/** The value of the binary16 bit pattern `bits` (its low 16 bits). */
export function float16Value(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

/** `value` (as fp32) rounded to the nearest binary16 value, ties to even. */
export function roundToFloat16(value: number): number {
  return float16Value(float16Bits(value));
}

/**
 * The binary16 bit patterns of `values`, in a `Uint16Array` of `length` halves (default: as many as
 * values); halves past the values stay zero, values past `length` are dropped.
 */
export function float16Array(values: ArrayLike<number>, length = values.length): Uint16Array {
  const out = new Uint16Array(length);
  const count = Math.min(length, values.length);
  for (let i = 0; i < count; i++) out[i] = float16Bits(values[i]!);
  return out;
}

/** The values of the binary16 bit patterns `halves`, as fp32 (every half is exact in fp32). */
export function float32FromFloat16(halves: ArrayLike<number>): Float32Array {
  const out = new Float32Array(halves.length);
  for (let i = 0; i < halves.length; i++) out[i] = float16Value(halves[i]!);
  return out;
}
