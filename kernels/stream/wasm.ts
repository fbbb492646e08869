/**
 * `stream-copy` and `stream-triad` in WebAssembly SIMD (`stream.wat`): four v128 per iteration, scalars for
 * the tail, over regions of one shared memory; with several threads each takes a contiguous share.
 * @module
 */
import type { BuiltKernel, WasmFactory } from '../types.ts';
import { instantiateWithMemory, wasmBuiltKernel, wasmExport, wasmRegions } from '../wasm.ts';

/** `copy(a, c, n, part, parts)`: region 0 to region 1. */
export function copyWasm(factory: WasmFactory, n: number): BuiltKernel {
  const regions = wasmRegions([n, n], 0, true);
  const [a, c] = regions.offsets as [number, number];
  return wasmBuiltKernel(regions, 1, split(factory, regions.memory, 'copy', [a, c, n]));
}

/** Run `name(...args, part, parts)` on every thread the factory gives (one: a direct call). */
function split(
  factory: WasmFactory,
  memory: WebAssembly.Memory,
  name: string,
  args: readonly number[],
): () => void {
  if (factory.threads > 1) return () => factory.parallel('stream', memory, name, args);
  const f = wasmExport<(...args: number[]) => void>(instantiateWithMemory(factory, 'stream', memory), name);
  const all = [...args, 0, 1];
  return () => f(...all);
}

/** `triad(b, c, a, n, s, part, parts)`: a = b + s c over regions 0, 1 into 2. */
export function triadWasm(factory: WasmFactory, n: number, scalar: number): BuiltKernel {
  const regions = wasmRegions([n, n, n], 0, true);
  const [b, c, a] = regions.offsets as [number, number, number];
  return wasmBuiltKernel(regions, 2, split(factory, regions.memory, 'triad', [b, c, a, n, scalar]));
}
