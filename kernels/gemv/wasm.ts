/**
 * `gemv` in WebAssembly SIMD (`gemv.wat`): four rows at a time share each load of x, two f32x4 accumulators
 * per row, one transposing horizontal sum per four outputs; scalars for k % 4, single rows for m % 4.
 * @module
 */
import type { BuiltKernel, WasmFactory } from '../types.ts';
import { instantiateWithMemory, wasmBuiltKernel, wasmExport, wasmRegions } from '../wasm.ts';

/** `gemv(a, x, y, m, k)`: y (region 2, m values) = A (region 0, m x k row-major) x (region 1, k values). */
export function gemvWasm(factory: WasmFactory, m: number, k: number): BuiltKernel {
  const regions = wasmRegions([m * k, k, m], 0, true);
  const gemv = wasmExport<(a: number, x: number, y: number, m: number, k: number) => void>(
    instantiateWithMemory(factory, 'gemv', regions.memory),
    'gemv',
  );
  const [a, x, y] = regions.offsets as [number, number, number];
  return wasmBuiltKernel(regions, 2, () => gemv(a, x, y, m, k));
}
