/**
 * The regression check's metrics, taken from documents the project's own code makes: the committed quick
 * run, a compare of llm-decode turned into its estimates document, and a small sweep rendered to JSON, each
 * read back through the document schemas as `tppbench check` reads files.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInversionsCatalogue } from '../../src/analysis/inversions-catalogue.ts';
import { runSweep } from '../../src/analysis/sweep.ts';
import { compareWorkload } from '../../src/api/compare.ts';
import { isUserError } from '../../src/errors.ts';
import { failedCases, metricsOf, sweepMetricId } from '../../src/regress/metrics.ts';
import type { BenchResults, Measurement } from '../../src/results/bench-results.ts';
import { parseDocument, type TppbenchDocument } from '../../src/results/documents.ts';
import { estimatesDocument } from '../../src/results/estimates.ts';
import { gpusDocument } from '../../src/results/gpus.ts';
import { inversionsDocument } from '../../src/results/inversions.ts';
import { renderSweepJson } from '../../src/results/sweep.ts';

const VERSION = '0.0.0-test';
const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'results');

/** Round-trip through JSON text and the schema, as a file would be read. */
const read = (document: unknown, label: string): TppbenchDocument =>
  parseDocument(JSON.parse(JSON.stringify(document)), label);

/** The fields every measurement has, whatever its state. */
const caseFields = ({ id, kernel, size, backend, flops, bytes }: Measurement) => ({
  id,
  kernel,
  size,
  backend,
  flops,
  bytes,
});

const quickRun = (): BenchResults =>
  JSON.parse(readFileSync(join(FIXTURES, 'quick-sample.json'), 'utf8')) as BenchResults;

/** llm-decode of llama-3-70b: at tp 2 on H100 and H20 (fits), at tp 1 on H100 (80 GB: does not fit). */
function estimates(): TppbenchDocument {
  const params = { model: 'llama-3-70b', batch: 8, context: 4096 };
  const fits = compareWorkload({
    workload: 'llm-decode',
    gpus: ['h100-sxm', 'h20'],
    params: { ...params, tp: 2 },
  });
  const tooBig = compareWorkload({
    workload: 'llm-decode',
    gpus: ['h100-sxm'],
    params: { ...params, tp: 1 },
  });
  return read(estimatesDocument([...fits.estimates, ...tooBig.estimates], VERSION), 'compare.json');
}

/** llm-decode of llama-3-70b over tp 1, 8 and two batches on H100 and H20: tp 1 fits on neither. */
async function sweep(): Promise<TppbenchDocument> {
  const result = await runSweep({
    workload: 'llm-decode',
    gpus: ['h100-sxm', 'h20'],
    params: { model: 'llama-3-70b', tp: '1,8', batch: '1,64', context: 4096 },
    threads: 0,
    crossovers: false,
  });
  return read(JSON.parse(renderSweepJson(result, VERSION)), 'sweep.json');
}

describe('metricsOf: run results', () => {
  const doc = read(quickRun(), 'quick-sample.json');
  const set = metricsOf(doc, 'quick-sample.json');

  it('gives one lower-is-better metric in seconds per completed case, the median of its samples', () => {
    expect(set.kind).toBe('tppbench-results');
    expect(set.subject).toBe('quick');
    expect(set.metrics.map((m) => m.id)).toEqual([
      'run:gemm/m128-n128-k128@webasm',
      'run:stream-triad/n1048576@webasm',
      'run:softmax/rows256-cols256@webasm',
    ]);
    const gemm = set.metrics[0]!;
    expect(gemm).toMatchObject({ kernel: 'gemm', unit: 's', direction: 'lower-is-better' });
    expect(gemm.samples).toHaveLength(9);
    // Hand-checked: the 5th of the 9 sorted samples (0.00822226 ... 0.01663724675).
    expect(gemm.value).toBe(0.01247901975);
    // Every value is the median the run itself recorded.
    if (doc.kind !== 'tppbench-results') throw new Error('not a run');
    for (const [i, m] of set.metrics.entries()) {
      const measured = doc.measurements[i]!;
      if (measured.state !== 'completed') throw new Error('not completed');
      expect(m.value).toBe(measured.statistics.medianSec);
      expect(m.samples).toEqual(measured.samplesSec);
    }
  });

  it('fingerprints the backends, device, cores, threads and timing, not the tool version', () => {
    expect(set.fingerprint).toEqual({
      backends: 'webasm',
      device: 'AMD EPYC',
      cores: '2',
      threads: '2',
      timing: 'per-call',
    });
  });

  it('names the GPU and the software adapter when the run has them', () => {
    const run = quickRun();
    const withGpu = {
      ...run,
      environment: {
        ...run.environment,
        gpu: { name: 'NVIDIA H200', catalogId: 'h200', source: 'nvidia-smi' as const },
        softwareAdapter: 'SwiftShader',
      },
    };
    expect(metricsOf(read(withGpu, 'gpu.json'), 'gpu.json').fingerprint).toMatchObject({
      device: 'NVIDIA H200',
      softwareAdapter: 'SwiftShader',
    });
  });

  it('skips failed cases and lists them, with the state, by the id their metric would have had', () => {
    const run = quickRun();
    const [gemm, stream, softmax] = run.measurements;
    if (gemm === undefined || stream === undefined || softmax === undefined) throw new Error('fixture');
    const errored = {
      ...caseFields(gemm),
      state: 'errored' as const,
      phase: 'run' as const,
      error: { name: 'Error', message: 'lost the device' },
    };
    const timedOutCase = { ...caseFields(stream), state: 'timed-out' as const, timeoutMs: 5000 };
    const unsupported = {
      ...caseFields(gemm),
      backend: 'cpu' as const,
      state: 'unsupported' as const,
      reason: 'no cpu body',
    };
    const failedRun = read(
      { ...run, measurements: [errored, timedOutCase, softmax, unsupported] },
      'failed.json',
    );
    const set = metricsOf(failedRun, 'failed.json');
    expect(set.metrics.map((m) => m.id)).toEqual(['run:softmax/rows256-cols256@webasm']);
    expect(failedCases(failedRun)).toEqual([
      { id: 'run:gemm/m128-n128-k128@webasm', state: 'errored', reason: 'run: Error: lost the device' },
      { id: 'run:stream-triad/n1048576@webasm', state: 'timed-out', reason: 'timed out after 5000 ms' },
    ]);
    expect(failedCases(doc)).toEqual([]);
  });

  it('refuses two metrics with one id, naming the file and the id', () => {
    const run = quickRun();
    const twice = read({ ...run, measurements: [run.measurements[0], run.measurements[0]] }, 'twice.json');
    expect(() => metricsOf(twice, 'twice.json')).toThrow(
      'twice.json: metric run:gemm/m128-n128-k128@webasm appears twice',
    );
  });
});

describe('metricsOf: estimates', () => {
  const doc = estimates();
  const set = metricsOf(doc, 'compare.json');
  if (doc.kind !== 'tppbench-estimates') throw new Error('not estimates');

  it('gives one higher-is-better metric per fitting estimate, its throughput, with the inputs', () => {
    expect(set.kind).toBe('tppbench-estimates');
    expect(set.subject).toBe('llm-decode');
    expect(set.fingerprint).toEqual({ tool: 'estimates' });
    // The params that differ from the workload's defaults, sorted by key (the rest are in the inputs).
    const params = 'batch=8,model=llama-3-70b,tp=2';
    expect(set.metrics.map((m) => m.id)).toEqual([
      `estimate:llm-decode:h100-sxm:${params}`,
      `estimate:llm-decode:h20:${params}`,
    ]);
    for (const [i, m] of set.metrics.entries()) {
      const r = doc.results[i]!;
      expect(r.fits).toBe(true);
      expect(m).toMatchObject({ kernel: 'llm-decode', direction: 'higher-is-better', samples: [] });
      expect(m.unit).toBe(r.throughputMetric);
      expect(m.value).toBe(r.metrics[r.throughputMetric]);
      expect(m.value).toBeGreaterThan(0);
      expect(m.inputs).toMatchObject({
        'tool version': VERSION,
        'params.tp': '2',
        'params.model': 'llama-3-70b',
      });
    }
  });

  it('skips the estimate that does not fit and lists it', () => {
    const tooBig = doc.results[2]!;
    expect(tooBig.fits).toBe(false);
    expect(set.metrics).toHaveLength(2);
    const failed = failedCases(doc);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ state: 'does-not-fit' });
    // tp 1 is the default: the id leaves it out.
    expect(failed[0]!.id).toBe('estimate:llm-decode:h100-sxm:batch=8,model=llama-3-70b');
    expect(set.metrics.some((m) => m.id === failed[0]!.id)).toBe(false);
  });

  it('keeps an id when a later version adds a parameter at its default (older baselines still match)', () => {
    // A document from before llm-decode had mtp, twoBatchOverlap, ep...: the same ids.
    const older = structuredClone(doc);
    for (const r of older.results) {
      const { mtp: _m, mtpAcceptance: _a, twoBatchOverlap: _t, ep: _e, dp: _d, ...rest } = r.params;
      (r as { params: unknown }).params = rest;
    }
    expect(metricsOf(older, 'older.json').metrics.map((m) => m.id)).toEqual(set.metrics.map((m) => m.id));
    // A parameter away from its default is in the id.
    const other = structuredClone(doc);
    (other.results[0]!.params as Record<string, unknown>).mtpAcceptance = 0.9;
    expect(metricsOf(other, 'other.json').metrics[0]!.id).toContain('mtpAcceptance=0.9');
  });

  it('gives the same ids for the same input built twice', () => {
    expect(metricsOf(estimates(), 'again.json').metrics.map((m) => m.id)).toEqual(
      set.metrics.map((m) => m.id),
    );
  });
});

describe('metricsOf: sweeps', async () => {
  const doc = await sweep();
  const set = metricsOf(doc, 'sweep.json');
  if (doc.kind !== 'tppbench-sweep') throw new Error('not a sweep');

  it('gives one metric per fitting row, ids over the swept and the fixed params', () => {
    expect(set).toMatchObject({
      kind: 'tppbench-sweep',
      subject: 'llm-decode',
      fingerprint: { tool: 'sweep' },
    });
    const fitting = doc.results.filter((r) => r.throughput !== null);
    expect(fitting.length).toBeGreaterThan(0);
    expect(fitting.length).toBeLessThan(doc.results.length);
    expect(set.metrics).toHaveLength(fitting.length);
    for (const [i, m] of set.metrics.entries()) {
      const row = fitting[i]!;
      expect(m.id).toBe(sweepMetricId('llm-decode', row.gpu, row.params, doc.fixed));
      expect(m).toMatchObject({
        kernel: 'llm-decode',
        unit: doc.throughputMetric,
        direction: 'higher-is-better',
      });
      expect(m.value).toBe(row.throughput);
      expect(m.inputs).toMatchObject({ 'tool version': VERSION, 'params.model': 'llama-3-70b' });
    }
    expect(set.metrics[0]!.id).toBe('sweep:llm-decode:h100-sxm:batch=1,model=llama-3-70b,tp=8');
  });

  it('lists the rows that do not fit (tp 1: 140 GB of weights on one 80 or 96 GB GPU), in grid order', () => {
    const failed = failedCases(doc);
    const id = (gpu: string, batch: number) =>
      `sweep:llm-decode:${gpu}:batch=${batch},model=llama-3-70b,tp=1`;
    expect(failed.map((f) => f.id)).toEqual([
      id('h100-sxm', 1),
      id('h20', 1),
      id('h100-sxm', 64),
      id('h20', 64),
    ]);
    expect(failed.every((f) => f.state === 'does-not-fit')).toBe(true);
  });

  it('gives the same ids for the same sweep run twice', async () => {
    expect(metricsOf(await sweep(), 'again.json').metrics.map((m) => m.id)).toEqual(
      set.metrics.map((m) => m.id),
    );
  });
});

describe('metricsOf: other kinds', () => {
  it('refuses a document with no metrics, naming the file and the kind', () => {
    const gpus = read(gpusDocument([]), 'gpus.json');
    let error: unknown;
    try {
      metricsOf(gpus, 'gpus.json');
    } catch (e) {
      error = e;
    }
    expect(isUserError(error)).toBe(true);
    expect((error as Error).message).toBe(
      'gpus.json: a tppbench-gpus document has no metrics to check; give run results, estimates ' +
        '(estimate/compare --json), a sweep or inversions document',
    );
  });

  it('takes the inversion catalogue: a throughput per scenario and GPU that fits', () => {
    const doc = inversionsDocument(runInversionsCatalogue());
    const set = metricsOf(doc, 'inversions.json');
    const decode = doc.outcomes.find((o) => o.scenario.id === 'decode-small-batch-70b');
    if (decode?.state !== 'evaluated') throw new Error('scenario missing');
    const h20 = decode.gpus.find((g) => g.gpu === 'h20')!;
    const metric = set.metrics.find((m) => m.id === 'inversions:decode-small-batch-70b:h20')!;
    expect(metric).toMatchObject({ value: h20.throughput, direction: 'higher-is-better', samples: [] });
    expect(metric.inputs?.['flags.--model']).toBe('llama-3-70b');
    // The 32k-context scenario's flagship does not fit: no metric for it.
    expect(set.metrics.some((m) => m.id === 'inversions:decode-long-context-96gb:h100-sxm')).toBe(false);
  });
});
