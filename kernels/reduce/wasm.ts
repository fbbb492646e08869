/**
 * `reduce-sum` in WebAssembly SIMD (`reduce.wat`): eight f32x4 accumulators over blocks of 4096 elements,
 * each block's sum folded into a ninth, scalars for the tail.
 * @module
 */
import type { BuiltKernel, WasmFactory } from '../types.ts';
import { instantiateWithMemory, wasmBuiltKernel, wasmExport, wasmRegions } from '../wasm.ts';

/** `sum(a, out, n)`: the sum of region 0 (n values) into region 1 (one value). */
export function sumWasm(factory: WasmFactory, n: number): BuiltKernel {
  const regions = wasmRegions([n, 1], 0, true);
  const sum = wasmExport<(a: number, out: number, n: number) => void>(
    instantiateWithMemory(factory, 'reduce', regions.memory),
    'sum',
  );
  const [a, out] = regions.offsets as [number, number];
  return wasmBuiltKernel(regions, 1, () => sum(a, out, n));
}
