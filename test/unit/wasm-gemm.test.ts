/**
 * `gemm` on the wasm-simd backend (kernels/gemm/gemm.wat): correct against the Float64 reference over odd,
 * degenerate and blocked shapes; split into parts, bit-identical to one part, each part writing only its
 * own scratch and its own share of C; its scratch size agrees with the one mirrored in TypeScript.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { gemmKernel } from '../../kernels/gemm/index.ts';
import { gemmReference } from '../../kernels/gemm/reference.ts';
import { gemmWasmCall, gemmWasmScratchBytesPerPart, WASM_GEMM_MAX_PARTS } from '../../kernels/gemm/wasm.ts';
import { randomArray } from '../../kernels/shared.ts';
import { instantiateWithMemory, wasmExport, wasmRegions } from '../../kernels/wasm.ts';
import { verifyOutput } from '../../src/bench/verify.ts';
import { wasmDir, wasmFactory } from '../../src/pool/wasm.ts';

const root = join(import.meta.dirname, '..', '..');

// test/global-setup.ts compiles TypeScript only: assemble the kernels when gemm.wasm is missing or stale.
beforeAll(() => {
  const binary = join(wasmDir(), 'gemm.wasm');
  const text = join(root, 'kernels', 'gemm', 'gemm.wat');
  if (existsSync(binary) && statSync(binary).mtimeMs >= statSync(text).mtimeMs) return;
  const result = spawnSync(process.execPath, [join(root, 'scripts', 'build-wasm.mjs')], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`build-wasm failed: ${result.stderr}`);
}, 60_000);

type Shape = readonly [m: number, n: number, k: number];

/** Odd, degenerate (m = 1, n = 1), tall-skinny and blocked shapes: k past KC = 256, m past MC, n past NC. */
const SHAPES: readonly Shape[] = [
  [1, 1, 1],
  [7, 7, 7],
  [33, 17, 65],
  [1, 1023, 64],
  [1023, 1, 5],
  [100, 300, 7],
  [256, 256, 256],
  [3, 50, 700],
  [130, 1030, 300],
  [300, 40, 513],
];

const scratchBytes = ([m, n, k]: Shape): number => gemmWasmScratchBytesPerPart(m, n, k);

/** A memory laid out as gemmWasm lays it out, with A and B filled, and the raw export over it. */
function setUp([m, n, k]: Shape) {
  const regions = wasmRegions([m * k, k * n, m * n], WASM_GEMM_MAX_PARTS * scratchBytes([m, n, k]), true);
  const a = randomArray(m * k, 11);
  const b = randomArray(k * n, 12);
  regions.view(0).set(a);
  regions.view(1).set(b);
  const call = gemmWasmCall(regions.offsets, m, n, k);
  const instance = instantiateWithMemory(wasmFactory, call.module, regions.memory);
  const gemm = wasmExport<(...args: number[]) => void>(instance, call.name);
  const bytesPerPart = wasmExport<(m: number, n: number, k: number) => number>(
    instance,
    'scratch_bytes_per_part',
  );
  return {
    regions,
    a,
    b,
    bytesPerPart,
    run: (part: number, parts: number) => gemm(...call.args, part, parts),
    output: () => regions.view(2).slice(),
  };
}

describe('wasm-simd gemm', () => {
  it.each(SHAPES)('%i x %i x %i matches the Float64 reference', async (m, n, k) => {
    const size = { m, n, k };
    const inputs = gemmKernel.inputs(size, 5);
    const built = gemmKernel.wasm!(wasmFactory, size);
    const first = built.flatten(await built.run(inputs));
    const verification = verifyOutput(
      first,
      gemmKernel.reference(inputs, size),
      gemmKernel.toleranceRel(size),
    );
    expect(verification).toMatchObject({ passed: true });
    // A second call over the same memory overwrites C rather than adding to the first result.
    expect(built.flatten(await built.run(inputs))).toEqual(first);
  });

  it('computes a hand-checked product', () => {
    // [1 2 3; 4 5 6] [7 8; 9 10; 11 12] = [58 64; 139 154]
    const kernel = setUp([2, 2, 3]);
    kernel.regions.view(0).set([1, 2, 3, 4, 5, 6]);
    kernel.regions.view(1).set([7, 8, 9, 10, 11, 12]);
    kernel.run(0, 1);
    expect([...kernel.output()]).toEqual([58, 64, 139, 154]);
  });

  it.each(SHAPES)('%i x %i x %i: scratch_bytes_per_part agrees with TypeScript', (m, n, k) => {
    expect(setUp([m, n, k]).bytesPerPart(m, n, k)).toBe(scratchBytes([m, n, k]));
  });

  it.each(SHAPES)('%i x %i x %i in 2, 3 and 8 parts equals one part, bit for bit', (m, n, k) => {
    const kernel = setUp([m, n, k]);
    kernel.run(0, 1);
    const whole = kernel.output();
    // Checked against the reference too, so that a part that wrote nothing could not pass.
    const reference = gemmReference(kernel.a, kernel.b, m, n, k);
    expect(verifyOutput(whole, reference, gemmKernel.toleranceRel({ m, n, k }))).toMatchObject({
      passed: true,
    });
    for (const parts of [2, 3, WASM_GEMM_MAX_PARTS]) {
      kernel.regions.view(2).fill(Number.NaN);
      for (let part = 0; part < parts; part++) kernel.run(part, parts);
      expect(kernel.output()).toEqual(whole);
    }
  });

  it.each([
    [64, 640, 300], // more column panels than row blocks: split by columns
    [640, 32, 300], // split by rows
  ] as const)('%i x %i x %i: a part writes only its own scratch and its own tiles of C', (m, n, k) => {
    const shape: Shape = [m, n, k];
    const kernel = setUp(shape);
    const stride = scratchBytes(shape);
    const parts = 3;
    const bytes = new Uint8Array(kernel.regions.memory.buffer);
    const outputs: Float32Array[] = [];
    for (let part = 0; part < parts; part++) {
      bytes.fill(0xff, 0, WASM_GEMM_MAX_PARTS * stride);
      kernel.regions.view(2).fill(Number.NaN);
      kernel.run(part, parts);
      const touched: number[] = [];
      for (let i = 0; i < WASM_GEMM_MAX_PARTS * stride; i++) if (bytes[i] !== 0xff) touched.push(i);
      expect(touched.length).toBeGreaterThan(0);
      expect(touched[0]).toBeGreaterThanOrEqual(part * stride);
      expect(touched.at(-1)).toBeLessThan((part + 1) * stride);
      outputs.push(kernel.output());
    }
    // Every element of C is written by exactly one part.
    for (let i = 0; i < m * n; i++) {
      const writers = outputs.filter((output) => !Number.isNaN(output[i])).length;
      if (writers !== 1) throw new Error(`C[${i}] was written by ${writers} parts`);
    }
  });

  it('traps when part is not below parts', () => {
    const kernel = setUp([4, 4, 4]);
    expect(() => kernel.run(2, 2)).toThrow(/unreachable/);
    expect(() => kernel.run(0, 0)).toThrow(/unreachable/);
  });
});
