/**
 * `stream-copy` and `stream-triad` in WebAssembly SIMD (`stream.wat`): four v128 per iteration, scalars for
 * the tail, over regions of one shared memory; with several threads each takes a contiguous share.
 * @module
 */
import type { BuiltKernel, WasmFactory } from '../types.ts';
import { wasmBuiltKernel, wasmPartedRun, wasmRegions } from '../wasm.ts';

/** `copy(a, c, n, part, parts)`: region 0 to region 1. */
export function copyWasm(factory: WasmFactory, n: number): BuiltKernel {
  const regions = wasmRegions([n, n], 0, true);
  const [a, c] = regions.offsets as [number, number];
  return wasmBuiltKernel(regions, 1, wasmPartedRun(factory, 'stream', regions.memory, 'copy', [a, c, n]));
}

/** `triad(b, c, a, n, s, part, parts)`: a = b + s c over regions 0, 1 into 2. */
export function triadWasm(factory: WasmFactory, n: number, scalar: number): BuiltKernel {
  const regions = wasmRegions([n, n, n], 0, true);
  const [b, c, a] = regions.offsets as [number, number, number];
  return wasmBuiltKernel(
    regions,
    2,
    wasmPartedRun(factory, 'stream', regions.memory, 'triad', [b, c, a, n, scalar]),
  );
}
