/**
 * Suites: which kernel cases to measure, with what timing, on which backends. Three are built in:
 * `quick` (CPU backends, a few sizes, <= 60 s on a 2-core machine), `standard` and `full`.
 * @module
 */
import type { KernelSize } from '../../kernels/types.ts';
import type { BackendName, TimingOptions } from '../pool/protocol.ts';

/** One kernel at one size. */
export interface SuiteCase {
  readonly kernel: string;
  readonly size: KernelSize;
  /** Overrides the kernel's verification tolerance. */
  readonly toleranceRel?: number;
  /** Run only on these backends (sizes only a GPU measures in reasonable time); default every one. */
  readonly backends?: readonly BackendName[];
}

/** A resolved suite. */
export interface SuiteDefinition {
  readonly name: string;
  readonly description: string;
  readonly cases: readonly SuiteCase[];
  /** Backends the suite insists on (a user suite); undefined lets `--backend` or auto choose. */
  readonly backends?: readonly BackendName[];
  /** The backends `--backend auto` may choose from. */
  readonly autoCandidates: readonly BackendName[];
  readonly timing: TimingOptions;
  readonly kernelTimeoutMs: number;
}

const square = (n: number): SuiteCase => ({ kernel: 'gemm', size: { m: n, n, k: n } });
const gemm = (m: number, n: number, k: number): SuiteCase => ({ kernel: 'gemm', size: { m, n, k } });

const QUICK_CASES: readonly SuiteCase[] = [
  square(128),
  square(256),
  gemm(16, 512, 512), // decode-like: a batch of 16 tokens through a 512 x 512 projection
  gemm(512, 64, 256), // tall-skinny
  { kernel: 'gemv', size: { m: 1024, k: 1024 } },
  { kernel: 'stream-copy', size: { n: 1 << 20 } },
  { kernel: 'stream-triad', size: { n: 1 << 20 } },
  { kernel: 'reduce-sum', size: { n: 1 << 20 } },
  { kernel: 'softmax', size: { rows: 256, cols: 256 } },
  { kernel: 'attention', size: { seq: 128, headDim: 64 } },
];

/** The WebGPU backends: a GPU, where sizes must outgrow its caches (H200: 60 MB of L2). */
const ON_GPU: readonly BackendName[] = ['wgsl', 'webgpu'];
const onGpu = (c: SuiteCase): SuiteCase => ({ ...c, backends: ON_GPU });
const STREAM_GPU = 1 << 26; // 256 MiB per array

/** Cases sized for a GPU: GEMM to 4096 (fp32, and f16 on wgsl), 256 MiB streams, transfers. */
const GPU_CASES: readonly SuiteCase[] = [
  ...[2048, 4096].map((n) => onGpu(square(n))),
  // No gpu.js body: WGSL only, reported unsupported with the reason on an adapter without shader-f16.
  ...[1024, 2048, 4096].map(
    (n): SuiteCase => ({ kernel: 'gemm-f16', size: { m: n, n, k: n }, backends: ['wgsl'] }),
  ),
  onGpu(gemm(64, 8192, 8192)),
  onGpu({ kernel: 'gemv', size: { m: 8192, k: 8192 } }),
  onGpu({ kernel: 'stream-copy', size: { n: STREAM_GPU } }),
  onGpu({ kernel: 'stream-triad', size: { n: STREAM_GPU } }),
  onGpu({ kernel: 'reduce-sum', size: { n: STREAM_GPU } }),
  onGpu({ kernel: 'softmax', size: { rows: 4096, cols: 4096 } }),
  onGpu({ kernel: 'attention', size: { seq: 4096, headDim: 128 } }),
  { kernel: 'h2d', size: { n: STREAM_GPU }, backends: ['wgsl'] },
  { kernel: 'd2h', size: { n: STREAM_GPU }, backends: ['wgsl'] },
];

const STANDARD_CASES: readonly SuiteCase[] = [
  square(128),
  square(256),
  square(512),
  square(1024),
  ...[1, 8, 32, 64].map((m) => gemm(m, 1024, 1024)), // decode-like m = 1..64
  gemm(2048, 64, 512), // tall-skinny
  { kernel: 'gemv', size: { m: 2048, k: 2048 } },
  { kernel: 'stream-copy', size: { n: 1 << 22 } },
  { kernel: 'stream-triad', size: { n: 1 << 22 } },
  { kernel: 'reduce-sum', size: { n: 1 << 22 } },
  { kernel: 'softmax', size: { rows: 1024, cols: 1024 } },
  { kernel: 'attention', size: { seq: 512, headDim: 64 } },
  ...GPU_CASES,
];

const FULL_CASES: readonly SuiteCase[] = [
  ...[64, 128, 256, 512, 1024, 2048].map(square),
  ...[1, 2, 4, 8, 16, 32, 64].map((m) => gemm(m, 2048, 2048)),
  gemm(4096, 128, 1024),
  ...[1024, 4096].map((m) => ({ kernel: 'gemv', size: { m, k: 4096 } })),
  ...[1 << 20, 1 << 22, 1 << 24].flatMap((n) => [
    { kernel: 'stream-copy', size: { n } },
    { kernel: 'stream-triad', size: { n } },
  ]),
  ...[1 << 20, 1 << 24].map((n) => ({ kernel: 'reduce-sum', size: { n } })),
  ...[256, 2048].map((rows) => ({ kernel: 'softmax', size: { rows, cols: 2048 } })),
  ...[256, 1024, 2048].map((seq) => ({ kernel: 'attention', size: { seq, headDim: 128 } })),
  ...GPU_CASES,
  ...[8192].map((n) => onGpu(square(n))),
];

const ALL_BACKENDS: readonly BackendName[] = ['wgsl', 'headlessgl', 'webgpu', 'wasm-simd', 'webasm', 'cpu'];

/** The built-in suites by name. */
export const BUILTIN_SUITES: Readonly<Record<'quick' | 'standard' | 'full', SuiteDefinition>> = {
  quick: {
    name: 'quick',
    description: 'every kernel at a few sizes on the CPU backends; <= 60 s on 2 cores',
    cases: QUICK_CASES,
    autoCandidates: ['wasm-simd', 'webasm', 'cpu'],
    timing: { warmupRuns: 1, minSamples: 5, minTimeMs: 10, maxTimeMs: 300 },
    kernelTimeoutMs: 30_000,
  },
  standard: {
    name: 'standard',
    description:
      'square GEMM to 1024, decode-like m = 1..64, memory-bound kernels; on a GPU also GEMM 4096, 256 MiB streams, transfers',
    cases: STANDARD_CASES,
    autoCandidates: ALL_BACKENDS,
    timing: { warmupRuns: 2, minSamples: 8, minTimeMs: 50, maxTimeMs: 1000 },
    kernelTimeoutMs: 120_000,
  },
  full: {
    name: 'full',
    description: 'size sweeps of every kernel up to GEMM 2048 and 64 MiB streams',
    cases: FULL_CASES,
    autoCandidates: ALL_BACKENDS,
    // gemm 2048^3 is ~17 GFLOP: at ~1 GFLOP/s each call takes ~17 s, so keep the sample count modest.
    timing: { warmupRuns: 1, minSamples: 5, minTimeMs: 100, maxTimeMs: 2000 },
    kernelTimeoutMs: 600_000,
  },
};

/** Stable id of a case: `gemm/m256-n256-k256`. */
export function caseId(
  kernel: string,
  size: KernelSize,
  dims: readonly string[] = Object.keys(size),
): string {
  return `${kernel}/${dims.map((d) => `${d}${size[d]}`).join('-')}`;
}

/**
 * Whether `id` matches `--filter`: a case-insensitive substring, where `*` matches any run of characters
 * (`gemm/m1-*`), and `,` separates alternatives (`gemv,triad`).
 */
export function matchesFilter(id: string, filter: string): boolean {
  return filter
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .some((part) => {
      const escaped = part.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
      return new RegExp(escaped, 'i').test(id);
    });
}
