/**
 * Verification of sizes whose full Float64 reference is too slow on a CPU: rows sampled across the output,
 * computed by the kernels' row references, which must agree with their full references.
 */
import { describe, expect, it } from 'vitest';
import { attentionKernel } from '../../kernels/attention/index.ts';
import { gemmKernel } from '../../kernels/gemm/index.ts';
import { FULL_REFERENCE_MAX_FLOPS, SAMPLED_ROWS, verifyKernelOutput } from '../../src/bench/verify.ts';

describe('row references', () => {
  it.each([
    [gemmKernel, { m: 17, n: 33, k: 65 }, 33],
    [attentionKernel, { seq: 20, headDim: 8 }, 8],
  ] as const)('%s rows equal the same rows of the full reference', (kernel, size, rowWords) => {
    const inputs = kernel.inputs(size, 4);
    const full = kernel.reference(inputs, size);
    const rows = [0, 5, 16];
    const picked = kernel.referenceRows!(inputs, size, rows);
    rows.forEach((row, r) => {
      expect(Array.from(picked.subarray(r * rowWords, (r + 1) * rowWords))).toEqual(
        Array.from(full.subarray(row * rowWords, (row + 1) * rowWords)),
      );
    });
  });
});

describe('verifyKernelOutput', () => {
  // A gemm that claims to be too expensive for the full reference, at a size the test can afford.
  const expensive = { ...gemmKernel, cost: () => ({ flops: FULL_REFERENCE_MAX_FLOPS * 2, bytes: 0 }) };
  const size = { m: 100, n: 30, k: 20 };
  const inputs = gemmKernel.inputs(size, 2);
  const correct = Float32Array.from(gemmKernel.reference(inputs, size));

  it('checks sampled rows and says so', () => {
    const v = verifyKernelOutput(expensive, inputs, size, correct, 1e-5);
    expect(v).toMatchObject({
      passed: true,
      detail: `checked ${SAMPLED_ROWS} of 100 rows against the Float64 reference`,
    });
  });

  it('fails when a sampled row is wrong (the last row is always sampled)', () => {
    const wrong = correct.slice();
    wrong[99 * 30 + 7] = wrong[99 * 30 + 7]! + 1;
    const v = verifyKernelOutput(expensive, inputs, size, wrong, 1e-5);
    expect(v.passed).toBe(false);
    expect(v.detail).toMatch(/exceeds .*checked 48 of 100 rows/);
  });

  it('uses the full reference below the threshold', () => {
    const v = verifyKernelOutput(gemmKernel, inputs, size, correct, 1e-5);
    expect(v).toEqual({ passed: true, maxRelError: expect.any(Number), toleranceRel: 1e-5 });
  });
});
