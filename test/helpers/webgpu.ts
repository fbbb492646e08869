/**
 * Shared setup of the WebGPU tests: odd sizes per kernel, quick timing, and requests. CI installs Debian's
 * `chromium`; its SwiftShader runs WebGPU on the CPU, in the browser and under dawn.node alike.
 */
import type { KernelSize } from '../../kernels/types.ts';
import type { BackendName, ProbeReply, RunKernelRequest } from '../../src/pool/protocol.ts';

/** Timing that takes one short sample: these tests check correctness, never speed. */
export const ONE_SAMPLE = { warmupRuns: 0, minSamples: 1, minTimeMs: 0.01, maxTimeMs: 1 };

/** Odd sizes per kernel (1, 7, 33, 1023; m = 1) that catch indexing and tail mistakes. */
export const ODD_SIZES: Readonly<Record<string, readonly KernelSize[]>> = {
  gemm: [
    { m: 1, n: 1, k: 1 },
    { m: 1, n: 33, k: 7 },
    { m: 7, n: 33, k: 1023 },
    { m: 33, n: 7, k: 17 },
    { m: 65, n: 129, k: 33 },
  ],
  // Also n a multiple of 4, where B and C are read and written as vec4<f16>.
  'gemm-f16': [
    { m: 1, n: 1, k: 1 },
    { m: 1, n: 33, k: 7 },
    { m: 1, n: 1024, k: 33 },
    { m: 7, n: 33, k: 1023 },
    { m: 33, n: 7, k: 17 },
    { m: 65, n: 68, k: 16 },
    { m: 65, n: 129, k: 33 },
  ],
  gemv: [
    { m: 1, k: 1 },
    { m: 7, k: 33 },
    { m: 33, k: 1023 },
    { m: 1023, k: 7 },
  ],
  'stream-copy': [{ n: 1 }, { n: 7 }, { n: 33 }, { n: 1023 }],
  'stream-triad': [{ n: 1 }, { n: 7 }, { n: 33 }, { n: 1023 }],
  'reduce-sum': [{ n: 1 }, { n: 7 }, { n: 33 }, { n: 1023 }, { n: 100_003 }],
  softmax: [
    { rows: 1, cols: 1 },
    { rows: 7, cols: 33 },
    { rows: 33, cols: 1023 },
    { rows: 1023, cols: 7 },
  ],
  attention: [
    { seq: 1, headDim: 1 },
    { seq: 7, headDim: 7 },
    { seq: 33, headDim: 7 },
    { seq: 33, headDim: 64 },
  ],
  h2d: [{ n: 1 }, { n: 7 }, { n: 1023 }],
  d2h: [{ n: 1 }, { n: 7 }, { n: 1023 }],
};

/** A request for one case with {@link ONE_SAMPLE} timing. */
export function kernelRequest(
  kernel: string,
  size: KernelSize,
  backend: BackendName,
  kernelModules: readonly string[] = [],
): RunKernelRequest {
  return { type: 'run-kernel', kernel, size, backend, seed: 11, timing: ONE_SAMPLE, kernelModules };
}

/** The features of the adapter a WebGPU probe found; throws when the probe found none. */
export function adapterFeatures(probe: ProbeReply): readonly string[] {
  if (!probe.available) throw new Error(`no WebGPU adapter: ${probe.reason}`);
  if (!probe.adapter) throw new Error(`the ${probe.backend} probe names no adapter`);
  return probe.adapter.features;
}
