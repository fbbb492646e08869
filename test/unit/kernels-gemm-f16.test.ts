/**
 * gemm-f16's definition by hand: its cost, inputs exact in f16, tolerance, the WGSL it generates (and that
 * the fp32 gemm's is untouched), the feature it needs, and its place in the registry and the suites.
 */
import { describe, expect, it } from 'vitest';
import { FLOAT16_MIN_NORMAL, roundToFloat16 } from '../../kernels/float16.ts';
import { gemmKernel } from '../../kernels/gemm/index.ts';
import { gemmF16Cost } from '../../kernels/gemm-f16/cost.ts';
import { float16Inputs, gemmF16Kernel, gemmF16Tolerance } from '../../kernels/gemm-f16/index.ts';
import { builtinKernelRegistry, builtinKernels } from '../../kernels/registry.ts';
import type { WgslDeviceInfo, WgslProgram } from '../../kernels/types.ts';
import { BUILTIN_SUITES } from '../../src/bench/suites.ts';
import { WANTED_FEATURES } from '../../src/gpu/acquire.ts';

const DEVICE: WgslDeviceInfo = {
  features: ['shader-f16'],
  maxComputeWorkgroupStorageSize: 16384,
  maxComputeInvocationsPerWorkgroup: 256,
  maxComputeWorkgroupsPerDimension: 65535,
  maxStorageBufferBindingSize: 2 ** 27,
};

const compute = (program: WgslProgram) => {
  if (program.kind !== 'compute') throw new Error('expected a compute program');
  return program;
};

describe('gemm-f16 cost, inputs, tolerance', () => {
  it('costs 2mnk flops and 2 bytes per value of A, B and C', () => {
    expect(gemmF16Cost(2, 3, 4)).toEqual({ flops: 48, bytes: 2 * (8 + 12 + 6) });
    expect(gemmF16Kernel.cost({ m: 1024, n: 1024, k: 1024 })).toEqual({
      flops: 2 * 2 ** 30,
      bytes: 6 * 2 ** 20,
    });
  });

  it('makes inputs that are f16 values (no subnormals) in [-1, 1], the same for the same seed', () => {
    const values = float16Inputs(10_000, 7);
    for (const v of values) {
      expect(roundToFloat16(v)).toBe(v);
      expect(v === 0 || Math.abs(v) >= FLOAT16_MIN_NORMAL).toBe(true);
      expect(Math.abs(v)).toBeLessThanOrEqual(1);
    }
    expect(new Set(values).size).toBeGreaterThan(1000);
    expect(float16Inputs(100, 7)).toEqual(values.subarray(0, 100));
    const [a, b] = gemmF16Kernel.inputs({ m: 3, n: 5, k: 7 }, 1);
    expect([a!.length, b!.length]).toEqual([21, 35]);
  });

  it('allows the fp32 accumulation bound plus one f16 ulp of the result', () => {
    expect(gemmF16Tolerance(1)).toBe(1e-5 + 2 ** -10);
    expect(gemmF16Tolerance(4096)).toBe(2 ** -9); // 2 eps_32 4096 = 2^-10, plus 2^-10
    expect(gemmF16Kernel.toleranceRel({ m: 1, n: 1, k: 4096 })).toBe(2 ** -9);
  });

  it('computes the reference of the values it was given', () => {
    const c = gemmF16Kernel.reference([Float32Array.of(1, 2, 3, 4), Float32Array.of(5, 6, 7, 8)], {
      m: 2,
      n: 2,
      k: 2,
    });
    expect([...c]).toEqual([19, 22, 43, 50]);
  });
});

describe('gemm-f16 WGSL', () => {
  it('enables f16 and keeps A, B and C as f16 buffers counted in values', () => {
    const program = compute(gemmF16Kernel.wgsl!({ m: 7, n: 33, k: 17 }, DEVICE));
    const code = program.passes[0]!.code;
    expect(code.startsWith('enable f16;\n')).toBe(true);
    expect(code).toContain('var<storage, read> a : array<f16>;');
    expect(code).toContain('var<storage, read_write> c : array<f16>;');
    expect(code).toContain('= f16(c0.x);');
    expect(program.buffers).toEqual([
      { name: 'a', words: 7 * 17, init: { input: 0 }, format: 'f16' },
      { name: 'b', words: 17 * 33, init: { input: 1 }, format: 'f16' },
      { name: 'c', words: 7 * 33, init: 'scratch', format: 'f16' },
    ]);
    expect(program.outputWords).toBe(7 * 33);
    expect(program.passes[0]!.label).toBe('gemm-f16 7x33x17 tile 64x64x16');
  });

  it('reads and writes B and C as vec4<f16> when n is a multiple of 4, widening to f32 to compute', () => {
    const code = compute(gemmF16Kernel.wgsl!({ m: 64, n: 64, k: 64 }, DEVICE)).passes[0]!.code;
    expect(code).toContain('var<storage, read> b : array<vec4<f16>>;');
    expect(code).toContain('pb = vec4<f32>(b[bk * N4 + bc]);');
    expect(code).toContain('c[(cr + 0u) * N4 + cc] = vec4<f16>(c0);');
    expect(code).toContain('c0 = fma(vec4<f32>(av.x), bv, c0);');
  });

  it('refuses a device without shader-f16, and says so', () => {
    expect(() => gemmF16Kernel.wgsl!({ m: 8, n: 8, k: 8 }, { ...DEVICE, features: [] })).toThrow(
      'gemm-f16 needs the shader-f16 feature, which this device lacks',
    );
  });

  it('leaves the fp32 gemm program in fp32, with no format on its buffers', () => {
    for (const size of [
      { m: 7, n: 33, k: 17 },
      { m: 64, n: 64, k: 64 },
    ]) {
      const program = compute(gemmKernel.wgsl!(size, { ...DEVICE, features: [] }));
      expect(program.passes[0]!.code).not.toContain('f16');
      expect(program.buffers.map((b) => 'format' in b)).toEqual([false, false, false]);
    }
  });
});

describe('gemm-f16 in the registry and the suites', () => {
  it('is registered after gemm, WGSL only, needing shader-f16', () => {
    const names = builtinKernelRegistry().names();
    expect(names.indexOf('gemm-f16')).toBe(names.indexOf('gemm') + 1);
    expect(gemmF16Kernel.build).toBeUndefined();
    expect(gemmF16Kernel.wgslFeatures).toEqual(['shader-f16']);
  });

  it('needs only features that devices are asked for (so a missing one is the adapter lacking it)', () => {
    for (const kernel of builtinKernels) {
      for (const feature of kernel.wgslFeatures ?? []) {
        expect(WANTED_FEATURES as readonly string[], `${kernel.name}: ${feature}`).toContain(feature);
      }
    }
  });

  it('runs in the standard and full suites at n = 1024..4096, on wgsl only', () => {
    for (const suite of [BUILTIN_SUITES.standard, BUILTIN_SUITES.full]) {
      const cases = suite.cases.filter((c) => c.kernel === 'gemm-f16');
      expect(cases.map((c) => c.size)).toEqual([1024, 2048, 4096].map((n) => ({ m: n, n, k: n })));
      for (const c of cases) expect(c.backends).toEqual(['wgsl']);
    }
    expect(BUILTIN_SUITES.quick.cases.some((c) => c.kernel === 'gemm-f16')).toBe(false);
  });
});
