/**
 * The contract every kernel meets: a gpu.js body, a Float64 reference and a cost, behind a name.
 * Kernels know nothing of the runner, the pool or the timing: they build, compute and count.
 * @module
 */

/** Problem size: named integer dimensions, e.g. `{ m: 256, n: 256, k: 256 }`. */
export type KernelSize = Readonly<Record<string, number>>;

/** Work one call does: floating-point operations and the minimal bytes it must move (fp32 data). */
export interface KernelCost {
  readonly flops: number;
  readonly bytes: number;
}

/** What a gpu.js kernel body sees as `this`. */
export interface KernelThis<C> {
  readonly thread: { readonly x: number; readonly y: number; readonly z: number };
  readonly constants: C;
}

/** A flat fp32 array as a kernel body reads it (gpu.js passes Float32Array or plain arrays). */
export type Flat = { readonly [index: number]: number };

/** A row-major 2D array as gpu.js hands one kernel's 2D output to the next. */
export type Rows = { readonly [row: number]: Flat };

/** Settings passed to gpu.js `createKernel`. */
export interface KernelSettings {
  readonly output: readonly number[];
  readonly constants?: Readonly<Record<string, number>>;
  readonly tactic?: 'speed' | 'balanced' | 'precision';
}

/** One compiled gpu.js kernel, as far as kernels and the runner need it. */
export interface CompiledKernel {
  (...args: unknown[]): unknown;
  /** gpu.js sets this to the backend kernel that actually ran (e.g. `WebAssemblyKernel`). */
  readonly kernel?: { readonly constructor: { readonly name: string } };
  destroy?(removeCanvasReferences?: boolean): void;
}

/** The slice of gpu.js's `GPU` that kernels use: a structural type, so kernels import nothing from gpu.js. */
export interface KernelFactory {
  // biome-ignore lint/suspicious/noExplicitAny: gpu.js parses the body's source; its parameter types vary.
  createKernel(body: (this: any, ...args: any[]) => number, settings: KernelSettings): CompiledKernel;
}

/** A kernel built for one size on one gpu.js instance. */
export interface BuiltKernel {
  /** Run once on the inputs; returns gpu.js's output (for webgpu, a promise). This is what gets timed. */
  run(inputs: readonly Float32Array[]): unknown;
  /** Turn what `run` returned (awaited) into the flat output compared with the reference. */
  flatten(output: unknown): Float32Array;
  /** The gpu.js kernels `run` calls, to read back the backend each actually ran on. */
  readonly compiled: readonly CompiledKernel[];
}

/** A kernel: name + gpu.js body + Float64 reference + cost. */
export interface KernelDefinition {
  /** Registry name, kebab-case: `gemm`, `stream-triad`. */
  readonly name: string;
  /** One line for listings. */
  readonly summary: string;
  /** The size keys this kernel needs, in display order. */
  readonly dims: readonly string[];
  /** Deterministic fp32 inputs for `size`, from `seed`. */
  inputs(size: KernelSize, seed: number): Float32Array[];
  /** Compile the gpu.js kernels for `size`. */
  build(factory: KernelFactory, size: KernelSize): BuiltKernel;
  /** The exact answer, computed in Float64 from the same fp32 inputs. */
  reference(inputs: readonly Float32Array[], size: KernelSize): Float64Array;
  /** Flops and bytes of one call. */
  cost(size: KernelSize): KernelCost;
  /** Largest accepted `max|out - ref| / max|ref|` for fp32 at this size. */
  toleranceRel(size: KernelSize): number;
}
