/**
 * A probe output made with the model's own formula from known constants, plus a fixed +/-1% noise pattern:
 * a fit must recover the constants.
 */
import { loadCatalog } from '../../src/index.ts';
import { predictGemmTflops } from '../../src/model/fit/gemm-fit.ts';
import { memoryEfficiency } from '../../src/model/memory-efficiency.ts';

/** The constants the fixture was made from. */
export const TRUTH = {
  gpu: 'h200-sxm',
  etaMax: { bf16: 0.8, fp8: 0.7 },
  kHalf: 300,
  launchLatencySec: 5e-6,
  memoryLine: { intercept: 0.8, slope: 0.12 },
} as const;

const NOISE = [0.01, -0.01, 0.005, -0.005, 0];

const SHAPES = [
  [1024, 1024, 1024],
  [2048, 2048, 2048],
  [4096, 4096, 4096],
  [8192, 8192, 8192],
  [4096, 6144, 4096],
  [4096, 28672, 4096],
  [64, 6144, 4096],
  [64, 28672, 4096],
] as const;

/** The probe document (JSON data as probe.py writes it). */
export function probeFixture(): Record<string, unknown> {
  const gpu = loadCatalog().get(TRUTH.gpu);
  const bandwidth = gpu.memoryBandwidthBytesPerSec.value!;
  const measurements: Record<string, unknown>[] = [];
  let i = 0;
  for (const precision of ['bf16', 'fp8'] as const) {
    for (const [m, n, k] of SHAPES) {
      const point = { id: 'x', gpuId: gpu.id, precision, m, n, k, achievedTflops: 1 };
      const tflops = predictGemmTflops(
        point,
        gpu,
        TRUTH.etaMax[precision],
        TRUTH.kHalf,
        TRUTH.launchLatencySec,
        TRUTH.memoryLine,
      );
      const seconds = ((2 * m * n * k) / (tflops * 1e12)) * (1 + NOISE[i++ % NOISE.length]!);
      measurements.push({ kind: 'gemm', label: 'fixture', precision, m, n, k, seconds, repetitions: 30 });
    }
  }
  const arrayBytes = 2 ** 30;
  for (const [kernel, arrays, readFraction] of [
    ['copy', 2, 1 / 2],
    ['triad', 3, 2 / 3],
    ['read', 1, 1],
  ] as const) {
    const bytes = arrays * arrayBytes;
    const seconds = bytes / (bandwidth * memoryEfficiency(readFraction, TRUTH.memoryLine));
    measurements.push({ kind: 'memory', kernel, arrayBytes, bytes, seconds, repetitions: 30 });
  }
  measurements.push({
    kind: 'attention',
    phase: 'decode',
    precision: 'bf16',
    batch: 8,
    heads: 32,
    kvHeads: 8,
    headDim: 128,
    qLen: 1,
    kvLen: 8192,
    causal: false,
    seconds: 3e-4,
    repetitions: 30,
  });
  return {
    schemaVersion: 1,
    kind: 'tppbench-probe',
    tool: { name: 'tppbench-probe', version: '1' },
    createdAt: '2025-01-01T00:00:00Z',
    device: { name: 'NVIDIA H200', computeCapability: '9.0', smCount: 132, memoryBytes: 150e9 },
    software: { torch: '2.5.1', cuda: '12.4', python: '3.11.9' },
    measurements,
    skipped: [],
  };
}
