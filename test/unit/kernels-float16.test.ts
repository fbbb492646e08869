/** Host-side binary16: golden bit patterns by hand, every half round-trips, rounding is nearest-even. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FLOAT16_MAX,
  float16Array,
  float16Bits,
  float16Value,
  float32FromFloat16,
  roundToFloat16,
} from '../../kernels/float16.ts';

describe('float16Bits (fp32 to binary16, nearest, ties to even)', () => {
  it.each([
    [1, 0x3c00],
    [-2, 0xc000],
    [0.5, 0x3800],
    [0.1, 0x2e66], // 0.0999755859375 is nearer than 0.10003662109375
    [1 / 3, 0x3555],
    [FLOAT16_MAX, 0x7bff],
    [2 ** -14, 0x0400], // smallest normal
    [2 ** -24, 0x0001], // smallest subnormal
    [1 + 2 ** -11, 0x3c00], // tie between 0x3c00 and 0x3c01: the even one
    [1 + 3 * 2 ** -11, 0x3c02], // tie between 0x3c01 and 0x3c02: the even one
    [1 + 2 ** -11 + 2 ** -20, 0x3c01], // just past the tie: up
    [2 ** -25, 0x0000], // tie between 0 and the smallest subnormal: zero
    [1.5 * 2 ** -25, 0x0001],
    [3 * 2 ** -25, 0x0002], // tie between 1 and 2 subnormal units: 2
    [2 ** -26, 0x0000],
    [-(2 ** -30), 0x8000], // underflow keeps the sign
    [-0, 0x8000],
    [65519.99609375, 0x7bff], // the largest fp32 below 65520 rounds down to FLOAT16_MAX
    [65520, 0x7c00], // tie between 65504 (odd) and 65536 (overflow): infinity
    [1e6, 0x7c00],
    [Number.NEGATIVE_INFINITY, 0xfc00],
  ])('%d -> 0x%s', (value, bits) => {
    expect(float16Bits(value).toString(16)).toBe(bits.toString(16));
  });

  it('keeps NaN a NaN', () => {
    expect(float16Value(float16Bits(Number.NaN))).toBeNaN();
  });
});

describe('float16Value (binary16 to a number)', () => {
  it.each([
    [0x3c00, 1],
    [0xc000, -2],
    [0x7bff, 65504],
    [0x0400, 2 ** -14],
    [0x0001, 2 ** -24],
    [0x03ff, 1023 * 2 ** -24],
    [0x3555, 0.333251953125],
    [0x7c00, Number.POSITIVE_INFINITY],
    [0xfc00, Number.NEGATIVE_INFINITY],
  ])('0x%s -> %d', (bits, value) => {
    expect(float16Value(bits)).toBe(value);
  });

  it('reads every NaN pattern as NaN', () => {
    expect(float16Value(0x7e00)).toBeNaN();
    expect(float16Value(0xfc01)).toBeNaN();
  });

  it('round-trips every half that is not NaN', () => {
    for (let bits = 0; bits < 0x10000; bits++) {
      if ((bits & 0x7c00) === 0x7c00 && (bits & 0x3ff) !== 0) continue;
      if (float16Bits(float16Value(bits)) !== bits)
        throw new Error(`0x${bits.toString(16)} does not round-trip`);
    }
  });
});

describe('roundToFloat16', () => {
  it('gives the nearest half (ties to the even pattern) for any fp32 in range', () => {
    fc.assert(
      fc.property(fc.float({ min: -FLOAT16_MAX, max: FLOAT16_MAX, noNaN: true }), (x) => {
        const bits = float16Bits(x);
        const error = Math.abs(roundToFloat16(x) - x);
        // The next half away from zero and the one toward it bracket x; neither may be nearer.
        const away = Math.abs(float16Value(bits + 1) - x);
        const toward =
          (bits & 0x7fff) === 0 ? Number.POSITIVE_INFINITY : Math.abs(float16Value(bits - 1) - x);
        expect(error).toBeLessThanOrEqual(Math.min(away, toward));
        if (error === away || error === toward) expect(bits & 1).toBe(0);
      }),
      { numRuns: 20_000 },
    );
  });
});

describe('float16Array and float32FromFloat16', () => {
  it('packs into halves, zero-padded to the length asked for, and widens them back', () => {
    const halves = float16Array(Float32Array.of(1, -2, 0.1), 4);
    expect([...halves]).toEqual([0x3c00, 0xc000, 0x2e66, 0]);
    expect([...float32FromFloat16(halves)]).toEqual([1, -2, Math.fround(0.0999755859375), 0]);
  });

  it('drops the values past the length asked for', () => {
    expect([...float16Array([1, 2, 3], 2)]).toEqual([0x3c00, 0x4000]);
  });
});
