/**
 * scripts/device-figures.mjs as the GPU check runs it: a real child process over results files built with the
 * project's own document builder. The figures are checked against hand-computed values: measured rates from
 * flops or bytes over the median, references from the H200 catalog record and the model's STREAM formula
 * written out, and the catalog self-check against the library's own `catalogSelfCheck`.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogSelfCheck } from '../../src/bench/self-check.ts';
import { loadCatalog } from '../../src/hardware/catalog.ts';
import type { BackendName } from '../../src/pool/protocol.ts';
import {
  type BenchResults,
  benchResultsDocument,
  benchResultsSchema,
  type Measurement,
} from '../../src/results/bench-results.ts';
import { ROOT, tempDir } from '../helpers/cli.ts';

const SCRIPT = join(ROOT, 'scripts', 'device-figures.mjs');

// H200 SXM in the catalog and the model's fitted memory line (src/hardware, src/model/data/fitted.ts).
const H200_FP32_FLOPS_PER_SEC = 67e12;
const H200_BANDWIDTH_BYTES_PER_SEC = 4.8e12;
const MEMORY_INTERCEPT = 0.7841;
const MEMORY_SLOPE = 0.1411;
const LAUNCH_LATENCY_SEC = 4.2e-6;

const N_STREAM = 1 << 26;
const COPY_BYTES = 8 * N_STREAM;
const TRIAD_BYTES = 12 * N_STREAM;
/** The model's STREAM estimate: bytes over (bandwidth x efficiency at the read fraction) plus one launch. */
const streamModelBytesPerSec = (bytes: number, readFraction: number) =>
  bytes /
  (bytes / (H200_BANDWIDTH_BYTES_PER_SEC * (MEMORY_INTERCEPT + MEMORY_SLOPE * readFraction)) +
    LAUNCH_LATENCY_SEC);
const COPY_MODEL = streamModelBytesPerSec(COPY_BYTES, 0.5); // 3,974.76 GB/s
const TRIAD_MODEL = streamModelBytesPerSec(TRIAD_BYTES, 2 / 3); // 4,124.53 GB/s

const COPY_SEC = 0.15e-3; // 3,579.14 GB/s: 90.0% of the model, PASS
const TRIAD_SEC = 0.3e-3; // 2,684.35 GB/s: 65.1%, MISS
const GEMM4096_FLOPS = 2 * 4096 ** 3;
const GEMM4096_SEC = 5e-3; // 27.49 TFLOP/s: 41.0% of 67 TFLOP/s, PASS

const H200_ADAPTER = {
  vendor: 'nvidia',
  architecture: 'hopper',
  device: 'NVIDIA H200',
  description: 'NVIDIA: 580.159.04 580.159.4.0',
  features: ['subgroups', 'timestamp-query'],
};
const SWIFTSHADER_ADAPTER = {
  vendor: 'google',
  architecture: 'swiftshader',
  device: '',
  description: '',
  features: [],
};

type Timing = 'device-resident' | 'per-call';

function completed(
  kernel: string,
  size: Record<string, number>,
  backend: BackendName,
  cost: { flops: number; bytes: number },
  medianSec: number,
  timing: Timing,
): Measurement {
  const id = `${kernel}/${Object.entries(size)
    .map(([d, v]) => `${d}${v}`)
    .join('-')}`;
  return {
    id,
    kernel,
    size,
    backend,
    ...cost,
    state: 'completed',
    ranOn: backend,
    verification: { passed: true, maxRelError: 1e-7, toleranceRel: 1e-5 },
    samplesSec: [medianSec],
    timing: timing === 'per-call' ? { method: 'per-call' } : { method: 'device-resident', callsPerSample: 4 },
    statistics: {
      sampleCount: 1,
      minSec: medianSec,
      maxSec: medianSec,
      medianSec,
      madSec: 0,
      meanSec: medianSec,
      stdDevSec: 0,
      rmePercent: 0,
      ciLowSec: medianSec,
      ciHighSec: medianSec,
      ciLevel: 0.95,
    },
    flopsPerSec: cost.flops / medianSec,
    bytesPerSec: cost.bytes / medianSec,
  };
}

const square = (n: number, backend: BackendName, sec: number, timing: Timing) =>
  completed('gemm', { m: n, n, k: n }, backend, { flops: 2 * n ** 3, bytes: 12 * n * n }, sec, timing);

function results(
  backend: BackendName,
  measurements: Measurement[],
  adapter: typeof H200_ADAPTER,
  named: boolean,
): BenchResults {
  return benchResultsSchema.parse(
    benchResultsDocument({
      suite: 'standard',
      createdAt: '2026-11-30T00:00:00.000Z',
      wallTimeMs: 1000,
      environment: {
        cpuModel: 'test CPU',
        cores: 16,
        memoryBytes: 128e9,
        os: { platform: 'linux', release: '6.8', arch: 'x64' },
        nodeVersion: 'v20.20.2',
        packageVersion: '0.1.0',
        gitCommit: null,
        threads: 16,
        backends: [{ backend, available: true, renderer: `${adapter.vendor} ${adapter.device}`, adapter }],
        ...(named ? { gpu: { name: 'NVIDIA H200', catalogId: 'h200-sxm', source: 'adapter' as const } } : {}),
        webgpuHost: { kind: 'dawn.node', detail: 'dawn.node' },
      },
      selection: { requested: backend, used: [backend], notes: [] },
      settings: {
        timing: { warmupRuns: 2, minSamples: 8, minTimeMs: 50, maxTimeMs: 1000 },
        kernelTimeoutMs: 120_000,
        filter: null,
      },
      measurements,
    }),
  );
}

/** wgsl, gpu.js device-resident and gpu.js per-call results as the GPU check writes them. */
function writeRun(adapter: typeof H200_ADAPTER, named: boolean) {
  const dir = tempDir('device-figures-');
  const wgsl = results(
    'wgsl',
    [
      completed(
        'stream-copy',
        { n: N_STREAM },
        'wgsl',
        { flops: 0, bytes: COPY_BYTES },
        COPY_SEC,
        'device-resident',
      ),
      completed(
        'stream-triad',
        { n: N_STREAM },
        'wgsl',
        { flops: 2 * N_STREAM, bytes: TRIAD_BYTES },
        TRIAD_SEC,
        'device-resident',
      ),
      square(1024, 'wgsl', 0.2e-3, 'device-resident'),
      square(4096, 'wgsl', GEMM4096_SEC, 'device-resident'),
    ],
    adapter,
    named,
  );
  const webgpu = results(
    'webgpu',
    [square(1024, 'webgpu', 1e-3, 'device-resident'), square(2048, 'webgpu', 4e-3, 'device-resident')],
    adapter,
    named,
  );
  const perCall = results(
    'webgpu',
    [square(1024, 'webgpu', 12e-3, 'per-call'), square(2048, 'webgpu', 30e-3, 'per-call')],
    adapter,
    named,
  );
  const docs = { 'wgsl.json': wgsl, 'webgpu.json': webgpu, 'webgpu-per-call.json': perCall };
  for (const [name, doc] of Object.entries(docs)) writeFileSync(join(dir, name), JSON.stringify(doc));
  return { dir, docs };
}

function figures(args: string[]) {
  const out = tempDir('device-figures-out-');
  const run = spawnSync(process.execPath, [SCRIPT, '--out-dir', out, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  const read = (name: string) => readFileSync(join(out, name), 'utf8');
  return { code: run.status, stdout: run.stdout, stderr: run.stderr, read };
}

interface Target {
  target: string;
  case: string;
  measured: number | null;
  reference: number | null;
  ratio: number | null;
  verdict: string;
  note: string;
}

describe('device-figures.mjs on results of an H200', () => {
  const { dir, docs } = writeRun(H200_ADAPTER, true);
  const run = figures([dir]);
  const json = () => JSON.parse(run.read('figures.json'));
  const targetOf = (prefix: string): Target => {
    const found = (json().targets as Target[]).find((t) => t.target.startsWith(prefix));
    if (!found) throw new Error(`no target ${prefix}`);
    return found;
  };

  it('exits 0, names the GPU from the results, and does not call them software figures', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(json()).toMatchObject({ gpuFigures: true, notice: null, gpu: { id: 'h200-sxm', fp32: 67e12 } });
    expect(run.stdout).toContain('h200-sxm (H200 SXM 141GB), from the results (adapter: NVIDIA H200)');
    expect(run.stdout).not.toContain('NOT GPU FIGURES');
  });

  it('golden: stream copy at 90.0% and triad at 65.1% of the model STREAM estimate', () => {
    expect(COPY_MODEL / 1e9).toBeCloseTo(3974.76, 2);
    expect(TRIAD_MODEL / 1e9).toBeCloseTo(4124.53, 2);
    const copy = targetOf('stream copy');
    expect(copy.case).toBe('stream-copy/n67108864');
    expect(copy.measured).toBeCloseTo(COPY_BYTES / COPY_SEC, 0);
    expect(copy.reference! / COPY_MODEL).toBeCloseTo(1, 9);
    expect(copy.ratio).toBeCloseTo(0.9005, 4);
    expect(copy.verdict).toBe('PASS');
    const triad = targetOf('stream triad');
    expect(triad.reference! / TRIAD_MODEL).toBeCloseTo(1, 9);
    expect(triad.ratio).toBeCloseTo(0.6508, 4);
    expect(triad.verdict).toBe('MISS');
    expect(run.stdout).toMatch(
      /stream copy .*3,579 GB\/s +3,975 GB\/s \(model\) +90\.0% +>= 85\.0% \(3,379 GB\/s\) +PASS/,
    );
  });

  it('golden: GEMM 4096 at 27.49 TFLOP/s is 41.0% of the 67 TFLOP/s fp32 peak', () => {
    const gemm = targetOf('fp32 GEMM');
    expect(gemm.case).toBe('gemm/m4096-n4096-k4096');
    expect(gemm.measured).toBeCloseTo(GEMM4096_FLOPS / GEMM4096_SEC, -3);
    expect(gemm.reference).toBe(H200_FP32_FLOPS_PER_SEC);
    expect(gemm.ratio).toBeCloseTo(0.41026, 4);
    expect(gemm.verdict).toBe('PASS');
    expect(run.stdout).toMatch(
      /27\.49 TFLOP\/s +67\.00 TFLOP\/s \(catalog\) +41\.0% +>= 30\.0% \(20\.10 TFLOP\/s\) +PASS/,
    );
  });

  it('gpu.js resident / per-call: 12x at 1024 (PASS), 7.5x at 2048, the largest, decides (MISS)', () => {
    const rows = json().gpujs as { case: string; ratio: number; verdict: string }[];
    expect(rows.map((r) => [r.case, r.verdict])).toEqual([
      ['gemm/m1024-n1024-k1024', 'PASS'],
      ['gemm/m2048-n2048-k2048', 'MISS'],
    ]);
    expect(rows[0]!.ratio).toBeCloseTo(12, 9);
    expect(rows[1]!.ratio).toBeCloseTo(7.5, 9);
    const target = targetOf('gpu.js');
    expect(target).toMatchObject({ case: 'gemm/m2048-n2048-k2048', verdict: 'MISS' });
    expect(target.ratio).toBeCloseTo(7.5, 9);
    expect(run.stdout).toMatch(/gemm\/m1024-n1024-k1024 .* 12\.0x +>= 10x +PASS/);
  });

  it('self-check: the median and rows of catalogSelfCheck, the unexplained triad miss fails wgsl.json', () => {
    const expected = catalogSelfCheck(docs['wgsl.json'], loadCatalog().get('h200-sxm'));
    const check = (
      json().selfChecks as { file: string; medianAbsErrorPercent: number; rows: unknown[] }[]
    ).find((c) => c.file === 'wgsl.json');
    expect(check?.medianAbsErrorPercent).toBeCloseTo(expected.medianAbsErrorPercent!, 9);
    expect(check?.rows).toEqual(expected.rows);
    // stream copy: modelled 135.07 µs against 150 µs measured.
    const copyRow = expected.rows.find((r) => r.id === 'stream-copy/n67108864');
    expect(copyRow?.errorPercent).toBeCloseTo(((COPY_BYTES / COPY_MODEL - COPY_SEC) / COPY_SEC) * 100, 6);
    const target = targetOf('catalog self-check median |error| (wgsl.json)');
    expect(target.measured).toBeCloseTo(expected.medianAbsErrorPercent!, 9);
    expect(target).toMatchObject({ verdict: 'MISS', note: '1 miss(es) not explained' });
    expect(run.stdout).toMatch(/stream-triad\/n67108864 +wgsl .* memory +miss not explained/);
  });

  it('figures.md is a Markdown table of the same targets', () => {
    const md = run.read('figures.md');
    expect(md).toContain('| target | case | backend | measured | reference | ratio | needs | verdict |');
    expect(md).toContain(
      '| stream copy (vs model STREAM estimate) | stream-copy/n67108864 | wgsl | 3,579 GB/s | 3,975 GB/s (model) | 90.0% | >= 85.0% (3,379 GB/s) | PASS |',
    );
    expect(md).not.toContain('NOT GPU FIGURES');
  });
});

describe('device-figures.mjs on software or unnamed results', () => {
  it('SwiftShader results: says loudly they are not GPU figures, in the text, the JSON and the Markdown', () => {
    const { dir } = writeRun(SWIFTSHADER_ADAPTER, false);
    const run = figures(['--local-gpu', 'h200', dir]);
    expect(run.code).toBe(0);
    expect(run.stdout.match(/!!! NOT GPU FIGURES !!!/g)).toHaveLength(2);
    expect(run.stdout).toContain('software WebGPU adapter');
    expect(JSON.parse(run.read('figures.json'))).toMatchObject({
      gpuFigures: false,
      gpu: { id: 'h200-sxm' },
    });
    expect(run.read('figures.md')).toContain('> **NOT GPU FIGURES.**');
  });

  it('results that name no GPU: --local-gpu is the fallback and says so', () => {
    const { dir } = writeRun(H200_ADAPTER, false);
    const run = figures(['--local-gpu', 'h200', dir]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'h200-sxm (H200 SXM 141GB), from --local-gpu (the results name no catalog GPU)',
    );
    expect(JSON.parse(run.read('figures.json')).targets[0].ratio).toBeCloseTo(0.9005, 4);
  });

  it('without a GPU or --local-gpu: figures without references, and the way to get them', () => {
    const { dir } = writeRun(H200_ADAPTER, false);
    const run = figures([dir]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('n/a (no catalog GPU: pass --local-gpu)');
  });

  it('bad input exits 2 with the reason', () => {
    expect(figures([])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('no results file or folder'),
    });
    const empty = figures([tempDir()]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('no tppbench results file');
    expect(figures(['--bogus', tempDir()]).stderr).toContain('unknown option --bogus');
  });
});
