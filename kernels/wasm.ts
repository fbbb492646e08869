/**
 * Host-side helpers for the WebAssembly SIMD kernels (`kernels/<kernel>/<name>.wat`): a linear memory laid
 * out as fp32 regions, and a `run` that copies the inputs in only when they change, so that timed calls
 * measure the computation, not the copy from JavaScript arrays.
 * @module
 */
import type { BuiltKernel, WasmFactory } from './types.ts';

/** WebAssembly pages are 64 KiB. */
const PAGE_BYTES = 65536;
/** Regions start on cache-line (and v128) boundaries. */
const ALIGN_BYTES = 64;

/** A kernel's linear memory as fp32 regions. */
export interface WasmRegions {
  readonly memory: WebAssembly.Memory;
  /** Byte offset of each region, in the order asked; each a multiple of 64. */
  readonly offsets: readonly number[];
  /** The fp32 view of region `i` (made afresh: views die when the memory grows). */
  view(i: number): Float32Array;
}

/**
 * A memory holding fp32 regions of `lengths` values (plus `reservedBytes` below the first, for the module's
 * own use, e.g. packing buffers laid out by the kernel). `shared`: on a SharedArrayBuffer, for threads.
 */
export function wasmRegions(lengths: readonly number[], reservedBytes = 0, shared = false): WasmRegions {
  const offsets: number[] = [];
  let at = Math.ceil(reservedBytes / ALIGN_BYTES) * ALIGN_BYTES;
  for (const length of lengths) {
    offsets.push(at);
    at += Math.ceil((length * 4) / ALIGN_BYTES) * ALIGN_BYTES;
  }
  const pages = Math.max(1, Math.ceil(at / PAGE_BYTES));
  const memory = new WebAssembly.Memory(
    shared ? { initial: pages, maximum: pages, shared: true } : { initial: pages, maximum: pages },
  );
  return {
    memory,
    offsets,
    view: (i) => new Float32Array(memory.buffer, offsets[i], lengths[i]),
  };
}

/**
 * A {@link BuiltKernel} over `regions`: `run(inputs)` copies `inputs[i]` into region `i` unless they are the
 * arrays it copied last, calls `compute`, and returns region `output`; `flatten` copies it out.
 */
export function wasmBuiltKernel(regions: WasmRegions, output: number, compute: () => void): BuiltKernel {
  let last: readonly unknown[] | null = null;
  return {
    run(inputs) {
      if (last === null || last.length !== inputs.length || last.some((x, i) => x !== inputs[i])) {
        inputs.forEach((input, i) => {
          if (!(input instanceof Float32Array))
            throw new Error(`wasm kernel input ${i} is not a Float32Array`);
          regions.view(i).set(input);
        });
        last = [...inputs];
      }
      compute();
      return regions.view(output);
    },
    flatten: (out) => (out as Float32Array).slice(),
    compiled: [],
  };
}

/** An export of `instance` that must be a function (named in the error when it is not). */
export function wasmExport<F extends (...args: never[]) => unknown>(
  instance: WebAssembly.Instance,
  name: string,
): F {
  const f = instance.exports[name];
  if (typeof f !== 'function') throw new Error(`wasm module has no function export "${name}"`);
  return f as F;
}

/** An instance of `<name>.wat` importing `memory` as `env.memory`. */
export function instantiateWithMemory(
  factory: WasmFactory,
  name: string,
  memory: WebAssembly.Memory,
): WebAssembly.Instance {
  return factory.instantiate(name, { env: { memory } });
}

/**
 * The call `name(...args, part, parts)` of module `<module>.wat` over `memory`, as a thunk: split over the
 * factory's threads (`parallel`), or, on one thread, a direct call to an instance made once here.
 */
export function wasmPartedRun(
  factory: WasmFactory,
  module: string,
  memory: WebAssembly.Memory,
  name: string,
  args: readonly number[],
): () => void {
  if (factory.threads > 1) return () => factory.parallel(module, memory, name, args);
  const f = wasmExport<(...a: number[]) => void>(instantiateWithMemory(factory, module, memory), name);
  const all = [...args, 0, 1];
  return () => f(...all);
}
