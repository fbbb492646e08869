/**
 * `gemm-f16`: C = A B with A, B and C stored in IEEE binary16, on the WGSL tier only (WGSL `enable f16`,
 * which needs the adapter's `shader-f16`; elsewhere the kernel is reported unsupported with that reason).
 * Products and sums are fp32 (see `../gemm/wgsl.ts`); C is rounded to f16 once.
 *
 * Inputs are f16 values held in fp32 (random in [-1, 1), rounded to the nearest half, subnormal halves
 * flushed to zero so no device's flush-to-zero choice matters), so the upload converts them exactly and the
 * Float64 reference sees the very values the device multiplies.
 * @module
 */
import { FLOAT16_MIN_NORMAL, FLOAT16_UNIT_ROUNDOFF, roundToFloat16 } from '../float16.ts';
import { gemmReference, gemmReferenceRows } from '../gemm/reference.ts';
import { gemmWgsl } from '../gemm/wgsl.ts';
import { dim, fp32Tolerance, randomArray } from '../shared.ts';
import type { KernelDefinition } from '../types.ts';
import { gemmF16Cost } from './cost.ts';

/** `length` values uniform in [-1, 1) from `seed`, each rounded to a normal f16 value or zero. */
export function float16Inputs(length: number, seed: number): Float32Array {
  return randomArray(length, seed).map((v) => (Math.abs(v) < FLOAT16_MIN_NORMAL ? 0 : roundToFloat16(v)));
}

/**
 * Tolerance of `gemm-f16` for a reduction over `k`: the fp32 bound of the accumulation (the inputs are exact)
 * plus one f16 ulp of the result, 2^-10 relative (WGSL lets the f32 to f16 conversion round either way).
 */
export function gemmF16Tolerance(k: number): number {
  return fp32Tolerance(k) + 2 * FLOAT16_UNIT_ROUNDOFF;
}

/** The gemm-f16 kernel definition (no gpu.js body: gpu.js computes in fp32 only). */
export const gemmF16Kernel: KernelDefinition = {
  name: 'gemm-f16',
  summary: 'f16 matrix multiply C = A B (A m x k, B k x n; fp32 accumulation), WGSL with shader-f16',
  dims: ['m', 'n', 'k'],
  inputs(size, seed) {
    const [m, n, k] = [dim(size, 'm'), dim(size, 'n'), dim(size, 'k')];
    return [float16Inputs(m * k, seed), float16Inputs(k * n, seed + 1)];
  },
  wgsl: (size, device) => gemmWgsl(dim(size, 'm'), dim(size, 'n'), dim(size, 'k'), device, 'f16'),
  wgslFeatures: ['shader-f16'],
  reference(inputs, size) {
    return gemmReference(inputs[0]!, inputs[1]!, dim(size, 'm'), dim(size, 'n'), dim(size, 'k'));
  },
  referenceRows: (inputs, size, rows) =>
    gemmReferenceRows(inputs[0]!, inputs[1]!, dim(size, 'n'), dim(size, 'k'), rows),
  outputRows: (size) => ({ rows: dim(size, 'm'), rowWords: dim(size, 'n') }),
  cost: (size) => gemmF16Cost(dim(size, 'm'), dim(size, 'n'), dim(size, 'k')),
  toleranceRel: (size) => gemmF16Tolerance(dim(size, 'k')),
};
