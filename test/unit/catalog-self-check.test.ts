import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { localProfileFromResults } from '../../src/bench/profile.ts';
import { catalogSelfCheck } from '../../src/bench/self-check.ts';
import { loadCatalog } from '../../src/hardware/catalog.ts';
import type { GpuSpec } from '../../src/hardware/types.ts';
import { renderCatalogCheck, renderLocalProfile } from '../../src/report/run-profile.ts';
import { type BenchResults, benchResultsSchema, type Measurement } from '../../src/results/bench-results.ts';

const catalog = loadCatalog();
const h200 = catalog.get('h200');

type Completed = Extract<Measurement, { state: 'completed' }>;

/** quick-sample.json as if it had run on an H200 through WGSL, with round medians and an h2d case. */
function h200Results(): BenchResults {
  const raw = JSON.parse(
    readFileSync(new URL('../fixtures/results/quick-sample.json', import.meta.url), 'utf8'),
  ) as BenchResults;
  const medians: Record<string, number> = {
    'gemm/m128-n128-k128': 20e-6,
    'stream-triad/n1048576': 8e-6,
  };
  const measurements = raw.measurements.map((m): Measurement => {
    if (m.state !== 'completed') return m;
    const medianSec = medians[m.id] ?? m.statistics.medianSec;
    return { ...m, backend: 'wgsl', ranOn: 'wgsl', statistics: { ...m.statistics, medianSec } };
  });
  const triad = measurements.find((m) => m.kernel === 'stream-triad') as Completed;
  const n = 1 << 24;
  const h2d: Completed = {
    ...triad,
    id: `h2d/n${n}`,
    kernel: 'h2d',
    size: { n },
    flops: 0,
    bytes: 4 * n,
    statistics: { ...triad.statistics, medianSec: 2e-3 },
  };
  // A case on a CPU backend: not the GPU's, so not in the check.
  const onCpu: Completed = { ...triad, id: 'stream-triad/cpu', backend: 'webasm', ranOn: 'webasm' };
  return benchResultsSchema.parse({
    ...raw,
    environment: {
      ...raw.environment,
      gpu: { name: 'NVIDIA H200', catalogId: 'h200-sxm', source: 'nvidia-smi' },
    },
    measurements: [...measurements, h2d, onCpu],
  });
}

// H200 SXM catalog figures and the model's fitted constants, written out (src/hardware/gpus/hopper.ts,
// src/model/data/fitted.ts).
const H200_BANDWIDTH_BYTES_PER_SEC = 4.8e12;
const H200_FP32_FLOPS_PER_SEC = 67e12;
const H200_SM_COUNT = 132;
const H200_PCIE_BIDIRECTIONAL_BYTES_PER_SEC = 128e9;
const MEMORY_INTERCEPT = 0.7841;
const MEMORY_SLOPE = 0.1411;
const HOPPER_ETA_MAX = 0.8825; // hopper/tensor-16bit, the curve fp32 borrows
const K_HALF = 450;
const LAUNCH_LATENCY_SEC = 4.2e-6;

/** stream-triad of 2^20 fp32 elements: 12 bytes per element, 2/3 of them reads. */
const TRIAD_MODELLED_SEC =
  (12 * 2 ** 20) / (H200_BANDWIDTH_BYTES_PER_SEC * (MEMORY_INTERCEPT + MEMORY_SLOPE * (2 / 3))) +
  LAUNCH_LATENCY_SEC;

/**
 * gemm 128^3 at fp32: 64x64 tiles -> 4 tiles on 132 SMs, no split-K (k = 128 < 2 x 256), one wave with
 * 4/132 SMs busy; K factor 128 / (128 + 450).
 */
const GEMM_MODELLED_SEC =
  (2 * 128 ** 3) / (H200_FP32_FLOPS_PER_SEC * HOPPER_ETA_MAX * (128 / (128 + K_HALF)) * (4 / H200_SM_COUNT)) +
  LAUNCH_LATENCY_SEC;

/** h2d of 2^24 fp32 values over PCIe one way (half the bidirectional figure), efficiency 1. */
const H2D_MODELLED_SEC = (4 * 2 ** 24) / (H200_PCIE_BIDIRECTIONAL_BYTES_PER_SEC / 2) + LAUNCH_LATENCY_SEC;

describe('catalogSelfCheck on H200', () => {
  const check = catalogSelfCheck(h200Results(), h200);
  const row = (id: string) => {
    const found = check.rows.find((r) => r.id === id);
    if (!found) throw new Error(`no row ${id}`);
    return found;
  };

  it('checks only the WebGPU cases, against h200-sxm', () => {
    expect(check.gpuId).toBe('h200-sxm');
    expect(check.rows.map((r) => r.id)).toEqual([
      'gemm/m128-n128-k128',
      'stream-triad/n1048576',
      'softmax/rows256-cols256',
      'h2d/n16777216',
    ]);
    expect(check.skipped).toEqual([]);
  });

  it('golden: stream-triad 2^20 = bytes / (4.8 TB/s x eta_m(2/3)) + launch latency', () => {
    // 12582912 / (4.8e12 x 0.878167) + 4.2e-6 = 7.185 us
    expect(TRIAD_MODELLED_SEC).toBeCloseTo(7.185e-6, 9);
    const triad = row('stream-triad/n1048576');
    expect(triad.modelledSec).toBeCloseTo(TRIAD_MODELLED_SEC, 12);
    expect(triad.bound).toBe('memory');
    expect(triad.errorPercent).toBeCloseTo(((TRIAD_MODELLED_SEC - 8e-6) / 8e-6) * 100, 6);
    expect(triad.note).toContain('small case: launch latency dominates');
  });

  it('golden: gemm 128^3 is compute-bound on the fp32 (non-tensor) peak with wave quantization', () => {
    expect(GEMM_MODELLED_SEC).toBeCloseTo(14.77e-6, 8);
    const gemm = row('gemm/m128-n128-k128');
    expect(gemm.modelledSec).toBeCloseTo(GEMM_MODELLED_SEC, 12);
    expect(gemm.bound).toBe('compute');
    expect(gemm.note).toContain('gemm on wgsl uses fp32 FMA, not tensor cores');
  });

  it('golden: h2d runs at the PCIe rate one way', () => {
    const h2d = row('h2d/n16777216');
    expect(h2d.modelledSec).toBeCloseTo(H2D_MODELLED_SEC, 12);
    expect(h2d.modelledSec).toBeCloseTo(1.052776e-3, 9);
    expect(h2d.bound).toBe('interconnect');
  });

  it('median |error| over the rows', () => {
    // |errors|: triad 10.2%, gemm 26.1%, h2d 47.4%, softmax ~100% -> median = (26.1 + 47.4) / 2
    const gemmError = Math.abs((GEMM_MODELLED_SEC - 20e-6) / 20e-6) * 100;
    const h2dError = Math.abs((H2D_MODELLED_SEC - 2e-3) / 2e-3) * 100;
    expect(check.medianAbsErrorPercent).toBeCloseTo((gemmError + h2dError) / 2, 6);
  });

  it('a GPU without a PCIe figure skips the transfers, with the reason', () => {
    const noPcie: GpuSpec = {
      ...h200,
      pcieBandwidthBytesPerSec: { value: null, source: 'test', verified: false },
    };
    const without = catalogSelfCheck(h200Results(), noPcie);
    expect(without.rows.map((r) => r.kernel)).not.toContain('h2d');
    expect(without.skipped).toEqual([
      { id: 'h2d/n16777216', reason: 'h200-sxm has no PCIe bandwidth in the catalog' },
    ]);
  });

  it('gpu.js kernels on webgpu say so', () => {
    const results = h200Results();
    const onWebgpu = {
      ...results,
      measurements: results.measurements.map((m) =>
        m.state === 'completed' && m.ranOn === 'wgsl' ? { ...m, ranOn: 'webgpu' as const } : m,
      ),
    };
    const notes = catalogSelfCheck(onWebgpu, h200).rows.map((r) => r.note);
    for (const note of notes) expect(note).toContain('gpu.js kernel (naive body)');
  });

  it('a big miss with no known cause says so', () => {
    const results = h200Results();
    const slow = {
      ...results,
      measurements: results.measurements.map((m) =>
        m.state === 'completed' && m.id === 'stream-triad/n1048576'
          ? {
              ...m,
              timing: { method: 'device-resident' as const, callsPerSample: 64 },
              statistics: { ...m.statistics, medianSec: 1e-3 },
            }
          : m,
      ),
    };
    expect(catalogSelfCheck(slow, h200).rows.find((r) => r.kernel === 'stream-triad')?.note).toBe(
      'miss not explained',
    );
  });

  it('renders measured, modelled, error and notes, and the median', () => {
    expect(renderCatalogCheck(check, 'NVIDIA H200')).toMatchInlineSnapshot(`
      "Catalog self-check: NVIDIA H200 measured against the model's estimate for h200-sxm (nothing fitted to this run)
      case                     backend  measured  modelled (h200-sxm)  error  bound         note
      -----------------------  -------  --------  -------------------  -----  ------------  ----------------------------------------------------------------------------------------------------------------------------------------------
      gemm/m128-n128-k128      wgsl      20.0 µs              14.8 µs   -26%  compute       gemm on wgsl uses fp32 FMA, not tensor cores (the curve was fitted on tensor-core GEMMs); timed per call: each sample pays a submit and a wait
      stream-triad/n1048576    wgsl       8.0 µs               7.2 µs   -10%  memory        small case: launch latency dominates; timed per call: each sample pays a submit and a wait
      softmax/rows256-cols256  wgsl     39.00 ms               4.3 µs  -100%  memory        timed per call: each sample pays a submit and a wait
      h2d/n16777216            wgsl      2.00 ms              1.05 ms   -47%  interconnect  WebGPU stages the copy through host memory
      median |error| 37% over 4 kernels"
    `);
  });
});

describe('local profile with a GPU', () => {
  it('records and shows the identified GPU', () => {
    const profile = localProfileFromResults(h200Results());
    expect(profile.gpu).toEqual({ name: 'NVIDIA H200', catalogId: 'h200-sxm', source: 'nvidia-smi' });
    expect(renderLocalProfile(profile).split('\n').slice(0, 2)).toEqual([
      'Local profile of AMD EPYC (2 cores)',
      'GPU: NVIDIA H200 (catalog h200-sxm, from nvidia-smi)',
    ]);
  });

  it('a profile without a GPU has none', () => {
    const raw = JSON.parse(
      readFileSync(new URL('../fixtures/results/quick-sample.json', import.meta.url), 'utf8'),
    ) as BenchResults;
    const profile = localProfileFromResults(benchResultsSchema.parse(raw));
    expect('gpu' in profile).toBe(false);
    expect(renderLocalProfile(profile)).not.toContain('GPU:');
  });
});
