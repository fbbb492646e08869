/**
 * The WebAssembly SIMD kernels reduce-sum, gemv, softmax and attention against their Float64 references at
 * sizes that exercise every tail (lengths not a multiple of the vector width or of the unrolled step, m = 1,
 * odd seq), plus softmax.wat's exp on its own. The modules are assembled by test/global-setup.ts.
 */
import { describe, expect, it } from 'vitest';
import { attentionKernel } from '../../kernels/attention/index.ts';
import { gemvKernel } from '../../kernels/gemv/index.ts';
import { reduceSumKernel } from '../../kernels/reduce/index.ts';
import { softmaxKernel } from '../../kernels/softmax/index.ts';
import type { KernelDefinition, KernelSize } from '../../kernels/types.ts';
import { wasmExport, wasmRegions } from '../../kernels/wasm.ts';
import { verifyOutput } from '../../src/bench/verify.ts';
import { wasmFactory } from '../../src/pool/wasm.ts';

/** The kernel's wasm output for `inputs`, run twice (a second call must not see state of the first). */
function runWasm(kernel: KernelDefinition, size: KernelSize, inputs: Float32Array[]): Float32Array {
  const built = kernel.wasm!(wasmFactory, size);
  const first = built.flatten(built.run(inputs));
  const second = built.flatten(built.run(inputs));
  expect(second).toEqual(first);
  return first;
}

function expectMatchesReference(kernel: KernelDefinition, size: KernelSize, seed = 3): void {
  const inputs = kernel.inputs(size, seed);
  const output = runWasm(kernel, size, inputs);
  const verification = verifyOutput(output, kernel.reference(inputs, size), kernel.toleranceRel(size));
  expect(verification, JSON.stringify(size)).toMatchObject({ passed: true });
}

const CASES: readonly (readonly [KernelDefinition, readonly KernelSize[]])[] = [
  // 32 elements per step, blocks of 4096: below one step, tails, several blocks plus a tail.
  [reduceSumKernel, [1, 7, 31, 33, 1023, 4096, 4097, 70_001, 1 << 20].map((n) => ({ n }))],
  // Four rows at a time and 8 columns per step: m = 1, m % 4 = 1..3, k below a vector, k % 8 = 4 (one more vector).
  [
    gemvKernel,
    [
      { m: 1, k: 1 },
      { m: 1, k: 1023 },
      { m: 7, k: 33 },
      { m: 33, k: 7 },
      { m: 6, k: 12 },
      { m: 4, k: 4 },
      { m: 1023, k: 65 },
      { m: 257, k: 1024 },
    ],
  ],
  [
    softmaxKernel,
    [
      { rows: 1, cols: 1 },
      { rows: 1, cols: 7 },
      { rows: 7, cols: 33 },
      { rows: 33, cols: 7 },
      { rows: 3, cols: 1023 },
      { rows: 256, cols: 256 },
    ],
  ],
  // Pairs of rows (odd seq pairs the last with itself), 16 keys and 16 columns per step (padded otherwise).
  [
    attentionKernel,
    [
      { seq: 1, headDim: 1 },
      { seq: 7, headDim: 33 },
      { seq: 33, headDim: 7 },
      { seq: 2, headDim: 16 },
      { seq: 17, headDim: 64 },
      { seq: 256, headDim: 64 },
      { seq: 1023, headDim: 32 },
    ],
  ],
];

describe.each(CASES.map(([kernel, sizes]) => [kernel.name, kernel, sizes] as const))(
  'wasm-simd %s',
  (_name, kernel, sizes) => {
    it.each(sizes.map((size) => [JSON.stringify(size), size] as const))(
      'matches the Float64 reference at %s',
      (_label, size) => expectMatchesReference(kernel, size),
    );

    it('computes new inputs afresh on the same built kernel', () => {
      const size = sizes[2]!;
      const built = kernel.wasm!(wasmFactory, size);
      for (const seed of [11, 12]) {
        const inputs = kernel.inputs(size, seed);
        const output = built.flatten(built.run(inputs));
        expect(verifyOutput(output, kernel.reference(inputs, size), kernel.toleranceRel(size)).passed).toBe(
          true,
        );
      }
    });
  },
);

describe('wasm-simd golden values', () => {
  it('reduce-sum of 1..100 is 5050', () => {
    const values = Float32Array.from({ length: 100 }, (_, i) => i + 1);
    expect(runWasm(reduceSumKernel, { n: 100 }, [values])).toEqual(Float32Array.of(5050));
  });

  it('gemv [[1, 2, 3], [4, 5, 6]] [1, 0, -1] is [-2, -2]', () => {
    const out = runWasm(gemvKernel, { m: 2, k: 3 }, [
      Float32Array.of(1, 2, 3, 4, 5, 6),
      Float32Array.of(1, 0, -1),
    ]);
    expect(out).toEqual(Float32Array.of(-2, -2));
  });

  it('softmax of [0, ln 3] is [1/4, 3/4]; a value 1000 below the max gets 0', () => {
    const out = runWasm(softmaxKernel, { rows: 2, cols: 2 }, [Float32Array.of(0, Math.log(3), -1000, 5)]);
    expect(out[0]).toBeCloseTo(0.25, 6);
    expect(out[1]).toBeCloseTo(0.75, 6);
    expect([out[2], out[3]]).toEqual([0, 1]);
  });

  it('attention with one key returns its value row', () => {
    const out = runWasm(attentionKernel, { seq: 1, headDim: 3 }, [
      Float32Array.of(1, 2, 3),
      Float32Array.of(-1, 0.5, 2),
      Float32Array.of(0.25, -4, 7),
    ]);
    expect(out).toEqual(Float32Array.of(0.25, -4, 7));
  });

  it('attention with equal keys averages the value rows', () => {
    const out = runWasm(attentionKernel, { seq: 3, headDim: 2 }, [
      Float32Array.of(1, 2, -3, 0.5, 0, 0),
      Float32Array.of(1, 1, 1, 1, 1, 1),
      Float32Array.of(3, 0, 6, 3, 0, 9),
    ]);
    for (let i = 0; i < 3; i++) {
      expect(out[2 * i]).toBeCloseTo(3, 5);
      expect(out[2 * i + 1]).toBeCloseTo(4, 5);
    }
  });
});

describe("softmax.wat's exp_sum", () => {
  /** exp(x - max) of `xs` and the returned sum. */
  function expSum(xs: readonly number[], max = 0): { e: Float32Array; sum: number } {
    const regions = wasmRegions([xs.length, xs.length], 0, true);
    const instance = wasmFactory.instantiate('softmax', { env: { memory: regions.memory } });
    const run = wasmExport<(src: number, dst: number, n: number, max: number) => number>(instance, 'exp_sum');
    regions.view(0).set(xs);
    const sum = run(regions.offsets[0]!, regions.offsets[1]!, xs.length, max);
    return { e: regions.view(1).slice(), sum };
  }

  it('is within 1e-6 relative of Math.exp over [-87, 88]', () => {
    const xs = Array.from({ length: 20_003 }, (_, i) => Math.fround(-87 + (175 * i) / 20_002));
    const { e } = expSum(xs);
    let worst = 0;
    xs.forEach((x, i) => {
      worst = Math.max(worst, Math.abs(e[i]! - Math.exp(x)) / Math.exp(x));
    });
    expect(worst).toBeLessThan(1e-6);
  });

  it('gives 0 far below the range and for -inf, 1 at 0', () => {
    const { e } = expSum([-88, -100, -1e30, Number.NEGATIVE_INFINITY, 0]);
    expect([...e]).toEqual([0, 0, 0, 0, 1]);
  });

  it('subtracts max, writes only n values and returns their sum', () => {
    const regions = wasmRegions([8, 8], 0, true);
    const instance = wasmFactory.instantiate('softmax', { env: { memory: regions.memory } });
    const run = wasmExport<(src: number, dst: number, n: number, max: number) => number>(instance, 'exp_sum');
    regions.view(0).set([1, 2, 3, 4, 5, 6, 7, 8]);
    regions.view(1).fill(-1);
    const sum = run(regions.offsets[0]!, regions.offsets[1]!, 7, 1);
    const e = regions.view(1);
    const expected = [0, 1, 2, 3, 4, 5, 6].map(Math.exp);
    const relative = (x: number, y: number) => Math.abs(x - y) / y;
    expect(Math.max(...expected.map((value, i) => relative(e[i]!, value)))).toBeLessThan(1e-6);
    expect(e[7]).toBe(-1);
    expect(
      relative(
        sum,
        expected.reduce((a, b) => a + b),
      ),
    ).toBeLessThan(1e-6);
  });
});
