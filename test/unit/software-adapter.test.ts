/**
 * A run whose WebGPU backends used a software adapter (SwiftShader, llvmpipe): the results file names it,
 * the run report says once that those figures are a CPU's (correctness only), and the catalog self-check
 * does not compare them with a catalog GPU, also when `--local-gpu` names one. Also the one-line notice for
 * `--browser`/`--swiftshader` on a run without WebGPU cases.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { softwareAdapterName, softwareAdapterOf } from '../../src/bench/environment.ts';
import { catalogSelfCheck, modelSelfCheck } from '../../src/bench/self-check.ts';
import { renderCatalogCheckOf, unusedWebGpuFlagNotice } from '../../src/cli/local-run.ts';
import { loadCatalog } from '../../src/hardware/catalog.ts';
import { renderRunResults } from '../../src/report/run.ts';
import {
  type BenchEnvironment,
  type BenchResults,
  benchResultsSchema,
  type Measurement,
} from '../../src/results/bench-results.ts';
import { localProfileDocument, localProfileDocumentSchema } from '../../src/results/local-profile.ts';

/** What dawn.node reports for Chromium's SwiftShader (seen on Debian 12 with webgpu 0.6.2). */
const SWIFTSHADER = {
  vendor: 'google',
  architecture: 'swiftshader',
  device: 'swiftshader-device-subzero-',
  description: 'SwiftShader driver 5.0.0',
  features: [],
};
/** Mesa's lavapipe (Vulkan on llvmpipe) as dawn.node would report it. */
const LLVMPIPE = {
  vendor: 'mesa',
  architecture: '',
  device: 'llvmpipe (LLVM 15.0.6, 256 bits)',
  description: 'Mesa 22.3.6',
  features: [],
};
const H200 = {
  vendor: 'nvidia',
  architecture: 'hopper',
  device: 'NVIDIA H200',
  description: '',
  features: [],
};

const sample = JSON.parse(
  readFileSync(new URL('../fixtures/results/quick-sample.json', import.meta.url), 'utf8'),
) as BenchResults;

/** quick-sample.json as a wgsl run on `adapter`, with the GPU `--local-gpu h100-sxm` would record. */
function wgslRun(adapter: typeof SWIFTSHADER, softwareAdapter?: string): BenchResults {
  const measurements = sample.measurements.map(
    (m): Measurement =>
      m.state === 'completed'
        ? { ...m, backend: 'wgsl', ranOn: 'wgsl', renderer: `${adapter.vendor} ${adapter.device}` }
        : m,
  );
  return benchResultsSchema.parse({
    ...sample,
    environment: {
      ...sample.environment,
      backends: [{ backend: 'wgsl', available: true, renderer: 'r', adapter }],
      gpu: { name: 'H100 SXM5 80GB', catalogId: 'h100-sxm', source: 'flag' },
      ...(softwareAdapter === undefined ? {} : { softwareAdapter }),
    },
    selection: { ...sample.selection, requested: 'wgsl', used: ['wgsl'], notes: ['wgsl: requested'] },
    measurements,
  });
}

const statuses = (adapter: typeof SWIFTSHADER): BenchEnvironment['backends'] => [
  { backend: 'cpu', available: true },
  { backend: 'wgsl', available: true, adapter },
];

describe('softwareAdapterName', () => {
  it('names SwiftShader, names a Mesa adapter by its own name, and finds none on a GPU or without WebGPU', () => {
    expect(softwareAdapterName(statuses(SWIFTSHADER))).toBe('SwiftShader');
    expect(softwareAdapterName(statuses(LLVMPIPE))).toBe('mesa llvmpipe (LLVM 15.0.6, 256 bits)');
    expect(softwareAdapterName(statuses(H200))).toBeUndefined();
    expect(softwareAdapterName([{ backend: 'cpu', available: true }])).toBeUndefined();
  });

  it('a file without the field (written before it) is still recognized from its adapters', () => {
    expect(softwareAdapterOf(wgslRun(SWIFTSHADER).environment)).toBe('SwiftShader');
    expect(softwareAdapterOf(wgslRun(H200).environment)).toBeUndefined();
  });
});

describe('results file', () => {
  it('carries softwareAdapter, keeps schema version 1, and refuses an empty name', () => {
    const results = wgslRun(SWIFTSHADER, 'SwiftShader');
    const reread = benchResultsSchema.parse(JSON.parse(JSON.stringify(results)));
    expect(reread.schemaVersion).toBe(1);
    expect(reread.environment.softwareAdapter).toBe('SwiftShader');
    expect(() => wgslRun(SWIFTSHADER, '')).toThrow(/softwareAdapter/);
  });
});

describe('run report', () => {
  const line = /not GPU figures \(correctness only\)/g;

  it("says once that the WebGPU figures are a software adapter's, next to the backend notes", () => {
    const text = renderRunResults(wgslRun(SWIFTSHADER, 'SwiftShader'));
    expect(text.match(line)).toHaveLength(1);
    expect(text.split('\n').slice(0, 4)).toEqual([
      'suite quick on AMD EPYC, 2 cores, 2 thread(s), Node v20.20.2',
      '  backend wgsl: requested',
      '  renderer wgsl: r',
      '  software adapter: wgsl ran on SwiftShader, a CPU renderer: their figures are not GPU figures (correctness only)',
    ]);
  });

  it('says nothing of the kind for a GPU or a CPU-only run', () => {
    expect(renderRunResults(wgslRun(H200))).not.toMatch(line);
    expect(renderRunResults(sample)).not.toMatch(line);
  });
});

describe('catalog self-check on a software adapter', () => {
  const h100 = loadCatalog().get('h100-sxm');

  it('compares nothing, even with --local-gpu, and says why in one line', () => {
    const results = wgslRun(SWIFTSHADER, 'SwiftShader');
    const check = catalogSelfCheck(results, h100);
    expect(check).toEqual({
      gpuId: 'h100-sxm',
      rows: [],
      skipped: [],
      medianAbsErrorPercent: null,
      notChecked: 'the adapter is SwiftShader, a CPU renderer: no catalog GPU to check against',
    });
    expect(renderCatalogCheckOf(results)).toBe(
      'Catalog self-check of H100 SXM5 80GB (h100-sxm) skipped: the adapter is SwiftShader, a CPU renderer: no catalog GPU to check against',
    );
    const document = localProfileDocument(modelSelfCheck(results), check);
    expect(localProfileDocumentSchema.parse(document).catalogCheck?.notChecked).toMatch(/SwiftShader/);
  });

  it('a GPU adapter is still checked against the catalog', () => {
    const check = catalogSelfCheck(wgslRun(H200), h100);
    expect(check.notChecked).toBeUndefined();
    expect(check.rows.length).toBeGreaterThan(0);
    expect(renderCatalogCheckOf(wgslRun(H200))).toMatch(/^Catalog self-check: H100 SXM5 80GB measured/);
  });
});

describe('unusedWebGpuFlagNotice', () => {
  const notice = (options: Parameters<typeof unusedWebGpuFlagNotice>[0], results: BenchResults) =>
    unusedWebGpuFlagNotice(options, results);

  it('names the flag, the suite and where nothing ran', () => {
    expect(notice({ browser: {} }, sample)).toBe(
      '--browser: no case of suite quick ran on WebGPU (webgpu, wgsl); nothing ran in the browser',
    );
    expect(notice({ swiftshader: true }, sample)).toBe(
      '--swiftshader: no case of suite quick ran on WebGPU (webgpu, wgsl); nothing ran on SwiftShader',
    );
  });

  it('is silent without the flags and when a WebGPU case ran', () => {
    expect(notice({}, sample)).toBeUndefined();
    expect(notice({ browser: {} }, wgslRun(SWIFTSHADER))).toBeUndefined();
    expect(notice({ swiftshader: true }, wgslRun(SWIFTSHADER))).toBeUndefined();
  });
});
