/**
 * The WebGPU tier against its targets, each a ratio measured in one run: STREAM copy and triad on `wgsl`
 * against the catalog model's estimate for the local GPU (>= 0.85), fp32 GEMM 4096 against the GPU's fp32
 * peak (>= 0.30), gpu.js's webgpu GEMM device-resident against per-call with transfers (>= 10x), and the
 * self-check against the catalog model (median |error| <= 25%). On dawn.node where it finds a GPU;
 * otherwise in Chromium on SwiftShader at small sizes, and the rows say the figures are not a GPU's.
 */

import { runSuite } from '../src/bench/runner.ts';
import { catalogSelfCheck } from '../src/bench/self-check.ts';
import type { SuiteCase, SuiteDefinition } from '../src/bench/suites.ts';
import { isSoftwareAdapter } from '../src/gpu/acquire.ts';
import { loadCatalog } from '../src/hardware/catalog.ts';
import { createEngines, type Engines } from '../src/pool/engines.ts';
import type { BackendName } from '../src/pool/protocol.ts';
import type { BenchResults } from '../src/results/bench-results.ts';
import type { BenchRow } from './harness.ts';

const TIMING = { warmupRuns: 2, minSamples: 7, minTimeMs: 30, maxTimeMs: 1500 };

async function measure(
  engines: Engines,
  backend: BackendName,
  cases: readonly SuiteCase[],
  timingMethod: 'device-resident' | 'per-call' = 'device-resident',
): Promise<BenchResults> {
  const suite: SuiteDefinition = {
    name: `webgpu-bench-${backend}`,
    description: '',
    cases,
    backends: [backend],
    autoCandidates: [backend],
    timing: TIMING,
    kernelTimeoutMs: 300_000,
  };
  return runSuite({ suite, threads: 1, engines, timingMethod });
}

function completed(results: BenchResults, kernel: string) {
  const m = results.measurements.find((x) => x.kernel === kernel);
  if (m?.state !== 'completed') throw new Error(`${kernel}: ${m?.state ?? 'missing'}`);
  return m;
}

export default async function webgpuBench(): Promise<BenchRow[]> {
  let engines = createEngines({ threads: 1 });
  let onGpu = true;
  const probe = await engines.probe('wgsl');
  const software = probe.available && probe.adapter !== undefined && isSoftwareAdapter(probe.adapter);
  if (!probe.available || software) {
    console.log(
      `  dawn.node: ${probe.available ? probe.renderer : probe.reason}; using Chromium on SwiftShader`,
    );
    await engines.close();
    engines = createEngines({ threads: 1, browser: { swiftshader: true } });
    onGpu = false;
  }
  const label = onGpu ? '' : ' (SwiftShader: not a GPU figure)';
  const n = onGpu ? 4096 : 256;
  const stream = onGpu ? 1 << 26 : 1 << 20;
  const rows: BenchRow[] = [];
  try {
    const wgsl = await measure(engines, 'wgsl', [
      { kernel: 'gemm', size: { m: n, n, k: n } },
      { kernel: 'stream-copy', size: { n: stream } },
      { kernel: 'stream-triad', size: { n: stream } },
    ]);
    const gpu = wgsl.environment.gpu;
    const spec = gpu?.catalogId ? loadCatalog().get(gpu.catalogId) : undefined;
    console.log(`  GPU: ${gpu ? `${gpu.name} (catalog ${gpu.catalogId ?? 'none'})` : 'not identified'}`);
    const check = spec ? catalogSelfCheck(wgsl, spec) : undefined;
    for (const kernel of ['stream-copy', 'stream-triad']) {
      const m = completed(wgsl, kernel);
      const modelled = check?.rows.find((r) => r.id === m.id)?.modelledSec;
      rows.push({
        name: `${m.id} wgsl GB/s${label}`,
        unit: 'GB/s',
        samples: m.samplesSec.map((s) => m.bytes / s / 1e9),
        higherIsBetter: true,
        ...(modelled
          ? { target: { value: (0.85 * m.bytes) / modelled / 1e9, text: '>= 85% of the model' } }
          : {}),
      });
    }
    const g = completed(wgsl, 'gemm');
    const fp32Peak = spec?.peakDenseOpsPerSec.fp32?.value;
    rows.push({
      name: `${g.id} wgsl TFLOP/s${label}`,
      unit: 'TFLOP/s',
      samples: g.samplesSec.map((s) => g.flops / s / 1e12),
      higherIsBetter: true,
      ...(fp32Peak ? { target: { value: (0.3 * fp32Peak) / 1e12, text: '>= 30% of fp32 peak' } } : {}),
    });
    if (check?.medianAbsErrorPercent != null) {
      rows.push({
        name: `catalog self-check median |error| on ${spec?.id}`,
        unit: '%',
        samples: [check.medianAbsErrorPercent],
        higherIsBetter: false,
        target: { value: 25, text: '<= 25%' },
      });
    }
    const gemmCase = [
      { kernel: 'gemm', size: { m: onGpu ? 2048 : 128, n: onGpu ? 2048 : 128, k: onGpu ? 2048 : 128 } },
    ];
    let perCallMedian = 0;
    for (const method of ['per-call', 'device-resident'] as const) {
      const m = completed(await measure(engines, 'webgpu', gemmCase, method), 'gemm');
      if (method === 'per-call') perCallMedian = m.flops / m.statistics.medianSec / 1e9;
      rows.push({
        name: `${m.id} gpu.js webgpu ${method} GFLOP/s${label}`,
        unit: 'GFLOP/s',
        samples: m.samplesSec.map((s) => m.flops / s / 1e9),
        higherIsBetter: true,
        ...(method === 'device-resident'
          ? {
              baseline: `${m.id} gpu.js webgpu per-call GFLOP/s${label}`,
              target: { value: 10 * perCallMedian, text: '>= 10x per-call' },
            }
          : {}),
      });
    }
  } finally {
    await engines.close();
  }
  return rows;
}
