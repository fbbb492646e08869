/**
 * The contract every kernel meets: a name, a cost, a Float64 reference, and implementations by backend: a
 * gpu.js body (the portable tier) and, optionally, a hand-written WGSL program (the native WebGPU tier) and
 * a WebAssembly SIMD program (the native CPU tier).
 * Kernels know nothing of the runner, the pool or the timing: they build, describe, compute and count.
 * @module
 */

/** Problem size: named integer dimensions, e.g. `{ m: 256, n: 256, k: 256 }`. */
export type KernelSize = Readonly<Record<string, number>>;

/** Work one call does: floating-point operations and the minimal bytes it must move (at its data's width). */
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
  /** gpu.js webgpu: keep the output on the device and return a buffer handle (set by the runner). */
  readonly pipeline?: boolean;
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
  /**
   * Run once on the inputs; returns gpu.js's output (for webgpu, a promise). This is what gets timed.
   * Inputs are Float32Arrays, or device buffer handles when the runner keeps data on the device (gpu.js
   * pipeline mode); chain the kernels of a multi-pass run with `after` so both work.
   */
  run(inputs: readonly unknown[]): unknown;
  /** Turn what `run` returned (awaited) into the flat output compared with the reference. */
  flatten(output: unknown): Float32Array;
  /** The gpu.js kernels `run` calls, to read back the backend each actually ran on. */
  readonly compiled: readonly CompiledKernel[];
}

/**
 * One device buffer of a WGSL program, counted in values of its format. The executor rounds every allocation
 * up to a multiple of 16 bytes and zero-fills the padding, so shaders may read and write it as vec4.
 */
export interface WgslBuffer {
  readonly name: string;
  /** Length in values of `format`: 32-bit words, or halves for `f16` (before the rounding to 16 bytes). */
  readonly words: number;
  /** `{ input: i }` uploads `inputs[i]` once, before anything is timed; `scratch` starts zeroed. */
  readonly init: { readonly input: number } | 'scratch';
  /**
   * `f32` (default): 32-bit words, uploaded and read back as they are. `f16`: IEEE binary16, two to a word
   * (WGSL `array<f16>`, which needs `shader-f16`); the executor rounds an fp32 input to f16 on upload and
   * widens the output to fp32 when it reads it back.
   */
  readonly format?: 'f32' | 'f16';
}

/** One compute dispatch of a WGSL program: a shader, the buffers it binds, and its grid. */
export interface WgslPass {
  /** Shown in compiler errors: `gemm tile 64x64`. */
  readonly label: string;
  /**
   * WGSL source. Sizes are baked in as constants. Binding `i` of `@group(0)` is the buffer named
   * `bindings[i]`; every listed binding must be used by the entry point (pipelines use layout `auto`).
   */
  readonly code: string;
  /** Default `main`. */
  readonly entryPoint?: string;
  readonly bindings: readonly string[];
  /** Workgroups in x, y, z; each at most the device's `maxComputeWorkgroupsPerDimension`. */
  readonly workgroups: readonly [number, number, number];
}

/** What the WebGPU device offers, as a WGSL program may need it. */
export interface WgslDeviceInfo {
  /** Enabled device features, e.g. `shader-f16`, `subgroups`, `timestamp-query`. */
  readonly features: readonly string[];
  readonly maxComputeWorkgroupStorageSize: number;
  readonly maxComputeInvocationsPerWorkgroup: number;
  readonly maxComputeWorkgroupsPerDimension: number;
  readonly maxStorageBufferBindingSize: number;
}

/**
 * A WGSL implementation for one size: buffers, then passes run in order (one call = every pass once), and
 * the buffer the result is read from. Or a host-device transfer, which the executor times itself.
 */
export type WgslProgram =
  | {
      readonly kind: 'compute';
      readonly buffers: readonly WgslBuffer[];
      readonly passes: readonly WgslPass[];
      /** Name of the buffer holding the result; its first `outputWords` values (see `words`) are compared. */
      readonly output: string;
      readonly outputWords: number;
    }
  | {
      /** `h2d` writes inputs[0] to the device; `d2h` reads a device buffer holding it back. */
      readonly kind: 'transfer';
      readonly direction: 'h2d' | 'd2h';
      readonly words: number;
    };

/**
 * What a WebAssembly kernel gets from the `wasm-simd` backend: the modules assembled at build time from the
 * kernels' WebAssembly text (`kernels/<kernel>/<name>.wat`, one module per file name).
 */
export interface WasmFactory {
  /**
   * An instance of the module assembled from `<name>.wat`; `imports` are passed through (a module that
   * imports `env.memory` gets the kernel's `WebAssembly.Memory` there).
   */
  instantiate(name: string, imports?: WebAssembly.Imports): WebAssembly.Instance;
  /** Threads one call may use (1: the calling thread alone). */
  readonly threads: number;
  /**
   * Run export `exportName` of module `<name>.wat` on `memory` (shared) in {@link threads} parts at once:
   * thread `p` calls it with `(...args, p, threads)`, and `parallel` returns when every part is done.
   */
  parallel(name: string, memory: WebAssembly.Memory, exportName: string, args: readonly number[]): void;
}

/** A kernel: name + cost + Float64 reference + implementations by backend (gpu.js body, WGSL, WASM). */
export interface KernelDefinition {
  /** Registry name, kebab-case: `gemm`, `stream-triad`. */
  readonly name: string;
  /** One line for listings. */
  readonly summary: string;
  /** The size keys this kernel needs, in display order. */
  readonly dims: readonly string[];
  /** Deterministic fp32 inputs for `size`, from `seed`. */
  inputs(size: KernelSize, seed: number): Float32Array[];
  /**
   * Compile the gpu.js kernels for `size`. Absent for kernels gpu.js cannot express (host-device
   * transfers): every gpu.js backend then reports the kernel as unsupported, with the reason.
   */
  build?(factory: KernelFactory, size: KernelSize): BuiltKernel;
  /** The native WebGPU program for `size` on a device; absent when the kernel has no WGSL tier. */
  wgsl?(size: KernelSize, device: WgslDeviceInfo): WgslProgram;
  /**
   * The WebAssembly SIMD implementation for `size` (`wasm-simd` backend). `run` copies its inputs into linear
   * memory only when they are not the arrays it copied last (timed calls reuse one set, so the copy-in is not
   * timed; packing and every other step of the computation is). Absent: the backend reports it unsupported.
   */
  wasm?(factory: WasmFactory, size: KernelSize): BuiltKernel;
  /**
   * WebGPU features the WGSL program needs (e.g. `shader-f16`). On a device without one of them the `wgsl`
   * backend reports the kernel unsupported, naming what the adapter lacks; it never runs a substitute.
   */
  readonly wgslFeatures?: readonly string[];
  /** The exact answer, computed in Float64 from the same fp32 inputs. */
  reference(inputs: readonly Float32Array[], size: KernelSize): Float64Array;
  /**
   * The exact answer for some output rows only (`rowWords(size)` words each, in the order given), so that
   * sizes whose full Float64 reference would take minutes on a CPU (GEMM 4096) are still verified.
   */
  referenceRows?(inputs: readonly Float32Array[], size: KernelSize, rows: readonly number[]): Float64Array;
  /** Rows of the output and words per row, as `referenceRows` counts them. */
  outputRows?(size: KernelSize): { readonly rows: number; readonly rowWords: number };
  /** Flops and bytes of one call. */
  cost(size: KernelSize): KernelCost;
  /** Largest accepted `max|out - ref| / max|ref|` for fp32 at this size. */
  toleranceRel(size: KernelSize): number;
}
