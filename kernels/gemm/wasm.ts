/**
 * `gemm` in WebAssembly SIMD (`gemm.wat`): BLIS-style packing and cache blocking around a 2x16 f32x4
 * micro-kernel (the .wat header gives the design and the measurements behind it). One memory, shared so that
 * threads can run the parts of one call: the scratch of its parts, then A, B and C.
 * @module
 */
import type { BuiltKernel, WasmFactory } from '../types.ts';
import { wasmBuiltKernel, wasmPartedRun, wasmRegions } from '../wasm.ts';

/** Most parts one call may be split into (threads sharing the memory): scratch is reserved for this many. */
export const WASM_GEMM_MAX_PARTS = 8;

/** gemm.wat's blocking, mirrored here to size the scratch: a test checks it against the module's export. */
const MR = 2;
const NR = 16;
const KC = 256;
const MC = 128;
const NC = 1024;

const roundUp = (x: number, multiple: number): number => Math.ceil(x / multiple) * multiple;

/**
 * Scratch bytes one part of an m x n x k call uses (its packed A block, packed B panel and edge tile): what
 * gemm.wat's `scratch_bytes_per_part(m, n, k)` returns; part p uses `[scratch + p * S, scratch + (p + 1) * S)`.
 */
export function gemmWasmScratchBytesPerPart(m: number, n: number, k: number): number {
  const depth = Math.min(KC, k);
  const packedA = roundUp(Math.min(MC, roundUp(m, MR)) * depth * 4, 64);
  const packedB = roundUp(Math.min(NC, roundUp(n, NR)) * depth * 4, 64);
  return packedA + packedB + roundUp(MR * NR * 4, 64);
}

/**
 * One call of a WebAssembly export that can be split into parts: a thread on the same memory runs
 * `instance(module).exports[name](...args, part, parts)` for its `part` in `[0, parts)`, `parts` at most
 * `maxParts`; the parts write disjoint outputs, and the call is done when every part has returned.
 */
export interface WasmPartedCall {
  /** The module, as `WasmFactory.instantiate` names it (`<module>.wat`). */
  readonly module: string;
  readonly name: string;
  /** Every argument before `part, parts`. */
  readonly args: readonly number[];
  readonly maxParts: number;
}

/**
 * The gemm call over a memory laid out by {@link gemmWasm}'s regions: `offsets` are the byte offsets of A, B
 * and C; the scratch starts at byte 0 and holds {@link WASM_GEMM_MAX_PARTS} parts.
 */
export function gemmWasmCall(offsets: readonly number[], m: number, n: number, k: number): WasmPartedCall {
  const [a, b, c] = offsets;
  if (a === undefined || b === undefined || c === undefined) {
    throw new Error(`gemm needs the offsets of A, B and C (got ${offsets.length})`);
  }
  return { module: 'gemm', name: 'gemm', args: [a, b, c, m, n, k, 0], maxParts: WASM_GEMM_MAX_PARTS };
}

/**
 * C = A B for A m x k and B k x n (regions 0, 1 into 2): in one part on one thread, or split over the
 * factory's threads (scratch is reserved for {@link WASM_GEMM_MAX_PARTS} parts, or for every thread when
 * there are more).
 */
export function gemmWasm(factory: WasmFactory, m: number, n: number, k: number): BuiltKernel {
  const parts = Math.max(WASM_GEMM_MAX_PARTS, factory.threads);
  const scratchBytes = parts * gemmWasmScratchBytesPerPart(m, n, k);
  const regions = wasmRegions([m * k, k * n, m * n], scratchBytes, true);
  const call = gemmWasmCall(regions.offsets, m, n, k);
  return wasmBuiltKernel(
    regions,
    2,
    wasmPartedRun(factory, call.module, regions.memory, call.name, call.args),
  );
}
