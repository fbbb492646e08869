/**
 * `softmax` in WebAssembly SIMD (`softmax.wat`): per row, the max, then exp(x - max) stored and summed, then
 * a scale by 1 / sum, each sweep over f32x4 with scalars for cols % 4. `exp` is the module's own vectorized
 * exp (range reduction + Cephes polynomial): WebAssembly has no exp instruction.
 * @module
 */
import type { BuiltKernel, WasmFactory } from '../types.ts';
import { instantiateWithMemory, wasmBuiltKernel, wasmExport, wasmRegions } from '../wasm.ts';

/** `softmax(in, out, rows, cols)`: row-wise softmax of region 0 (rows x cols) into region 1. */
export function softmaxWasm(factory: WasmFactory, rows: number, cols: number): BuiltKernel {
  const regions = wasmRegions([rows * cols, rows * cols], 0, true);
  const softmax = wasmExport<(input: number, out: number, rows: number, cols: number) => void>(
    instantiateWithMemory(factory, 'softmax', regions.memory),
    'softmax',
  );
  const [input, out] = regions.offsets as [number, number];
  return wasmBuiltKernel(regions, 1, () => softmax(input, out, rows, cols));
}
