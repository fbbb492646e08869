/**
 * Every kernel on the in-process CPU backends (cpu, webasm) matches its Float64 reference, and gpu.js ran it
 * on the backend that was asked for. headlessgl is covered through the device host in
 * test/workers/device-host.test.ts.
 */
import { GPU } from 'gpu.js';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinKernels } from '../../kernels/registry.ts';
import type { KernelFactory } from '../../kernels/types.ts';
import { verifyOutput } from '../../src/bench/verify.ts';
import { backendOfKernel } from '../../src/pool/kernel-backend.ts';
import { SMALL_SIZES } from '../fixtures/kernels/small-sizes.ts';

const gpus: GPU[] = [];
afterAll(() => {
  for (const gpu of gpus) gpu.destroy();
});

describe.each(['cpu', 'webasm'] as const)('every kernel on %s', (mode) => {
  const gpu = new GPU({ mode });
  gpus.push(gpu);
  it.each(builtinKernels.filter((k) => k.build).map((k) => [k.name, k] as const))(
    '%s matches its reference',
    async (_name, kernel) => {
      const size = SMALL_SIZES[kernel.name]!;
      const inputs = kernel.inputs(size, 3);
      const built = kernel.build!(gpu as unknown as KernelFactory, size);
      const output = built.flatten(await built.run(inputs));
      const verification = verifyOutput(output, kernel.reference(inputs, size), kernel.toleranceRel(size));
      expect(verification).toMatchObject({ passed: true });
      expect(built.compiled.map(backendOfKernel)).toEqual(built.compiled.map(() => mode));
    },
  );

  it('gemm handles decode-like shapes (m = 1 and m = 64)', () => {
    const kernel = builtinKernels[0]!;
    for (const size of [
      { m: 1, n: 48, k: 32 },
      { m: 64, n: 16, k: 40 },
    ]) {
      const inputs = kernel.inputs(size, 5);
      const built = kernel.build!(gpu as unknown as KernelFactory, size);
      const output = built.flatten(built.run(inputs));
      expect(verifyOutput(output, kernel.reference(inputs, size), kernel.toleranceRel(size)).passed).toBe(
        true,
      );
    }
  });
});

describe('verification', () => {
  it('a wrong answer fails with the error and the tolerance', () => {
    const v = verifyOutput([1, 2, 3.1], [1, 2, 3], 1e-5);
    expect(v.passed).toBe(false);
    expect(v.maxRelError).toBeCloseTo(0.1 / 3, 12);
    expect(v.detail).toMatch(/relative error 3\.33e-2 exceeds 1\.00e-5/);
  });

  it('NaN output and a wrong length fail with a reason', () => {
    expect(verifyOutput([1, Number.NaN], [1, 2], 1e-5)).toMatchObject({
      passed: false,
      maxRelError: null,
      detail: 'output[1] is NaN',
    });
    expect(verifyOutput([1], [1, 2], 1e-5).detail).toBe('output has 1 elements, the reference 2');
  });
});
