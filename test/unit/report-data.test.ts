import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildReportData, type ReportSource, readReportInputs } from '../../src/api/report.ts';
import { isUserError } from '../../src/errors.ts';
import type { ReportData } from '../../src/report/report-data.ts';
import type { EstimatesDocument } from '../../src/results/estimates.ts';
import { FIXTURE_DATE, fixtureSources } from '../fixtures/report.ts';

let sources: ReportSource[];
let report: ReportData;
beforeAll(async () => {
  sources = await fixtureSources();
  report = buildReportData(sources, { toolVersion: 't', generatedAt: FIXTURE_DATE });
}, 60_000);

/** Every number in a value, with its path. */
function* numbers(value: unknown, path = ''): Generator<[string, number]> {
  if (typeof value === 'number') yield [path, value];
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* numbers(v, `${path}[${i}]`);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) yield* numbers(v, `${path}.${k}`);
  }
}

describe('buildReportData', () => {
  it('fills every section from the fixture documents, in input order', () => {
    expect(report.inputs.map((i) => i.kind)).toEqual([
      'tppbench-inversions',
      'tppbench-estimates',
      'tppbench-sweep',
      'tppbench-sweep',
      'tppbench-results',
    ]);
    expect(report.summary.length).toBeGreaterThan(0);
    expect(report.gpus.slice(0, 3).map((g) => g.id)).toEqual(['h100-sxm', 'h800-sxm', 'h20']);
    expect(report.workloads.length).toBeGreaterThan(5);
    expect(report.rooflines.length).toBeGreaterThan(0);
    expect(report.sweeps.map((s) => s.view.kind)).toEqual(['line', 'winner-map']);
    expect(report.tppPoints.length).toBeGreaterThan(0);
    expect(report.local?.suite).toBe('quick');
    expect(report.model.validation.length).toBeGreaterThan(10);
    expect(report.generatedAt).toBe(FIXTURE_DATE);
  });

  it('states the headline inversion with both TPPs and the ratio', () => {
    const decode = report.summary.find((s) => s.sectionId === 'decode-small-batch-70b');
    expect(decode?.text).toMatch(
      /^H20 96GB \(TPP 2,368\) delivers 1\.\d\dx H100 SXM5 80GB \(TPP 15,832\) on .*: memory-bound$/,
    );
    expect(decode?.ratio).toBeGreaterThan(1);
  });

  it('carries no NaN or Infinity anywhere', () => {
    for (const [path, n] of numbers(report)) expect(Number.isFinite(n), path).toBe(true);
  });

  it('normalizes each workload to its first GPU', () => {
    for (const w of report.workloads) {
      const base = w.rows[0]?.throughput ?? null;
      for (const r of w.rows) {
        if (r.throughput === null || base === null) expect(r.normalized).toBeNull();
        else expect(r.normalized).toBeCloseTo(r.throughput / base, 12);
      }
    }
  });

  it('puts a compare estimate under its roofline at total flops over total bytes', () => {
    const compare = sources[1]!.document as EstimatesDocument;
    const h20 = compare.results.find((e) => e.gpu === 'h20')!;
    const flops = h20.breakdown.reduce((a, r) => a + r.flops, 0);
    const bytes = h20.breakdown.reduce((a, r) => a + r.bytes, 0);
    const ms = h20.breakdown.reduce((a, r) => a + r.timeMs, 0);
    const section = report.workloads.find((w) => w.workload === 'llm-decode' && w.rationale === null)!;
    const point = report.rooflines
      .find((r) => r.gpu === 'h20')!
      .points.find((p) => p.sectionId === section.id)!;
    expect(point.intensity).toBeCloseTo(flops / bytes, 9);
    expect(point.flopsPerSec).toBeCloseTo(flops / (ms / 1e3), 0);
    // Decode reads every weight once per step: a few flops per byte, far under the ridge.
    expect(point.intensity).toBeLessThan(50);
  });

  it('marks the catalog sources of each GPU', () => {
    const h20 = report.gpus.find((g) => g.id === 'h20')!;
    expect(h20.tpp).toBe(2368);
    expect(h20.memoryTBps).toBe(4);
    expect(h20.sources.some((s) => s.label.startsWith('LMSYS-H20'))).toBe(true);
  });

  it('refuses no input', () => {
    expect(() => buildReportData([], { toolVersion: 't' })).toThrow(/no input documents/);
  });
});

describe('readReportInputs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tppbench-report-'));
  const bad: [string, string, RegExp][] = [
    ['empty.json', '', /empty\.json/],
    ['truncated.json', '{"schemaVersion": 1, "kind": "tppbench-inv', /truncated\.json: not valid JSON/],
    ['foreign.json', '{"a": 1}', /foreign\.json: kind must be one of/],
    ['unknown.json', '{"kind": "tppbench-nope"}', /unknown\.json: kind must be one of/],
    [
      'invalid.json',
      '{"schemaVersion": 1, "kind": "tppbench-inversions", "outcomes": [{}]}',
      /invalid\.json: outcomes\[0\]/,
    ],
  ];
  for (const [name, text, message] of bad) {
    it(`names ${name} in a UserError`, () => {
      const path = join(dir, name);
      writeFileSync(path, text);
      let error: unknown;
      try {
        readReportInputs([path]);
      } catch (e) {
        error = e;
      }
      expect(isUserError(error)).toBe(true);
      expect((error as Error).message).toMatch(message);
    });
  }
  it('names a missing file', () => {
    expect(() => readReportInputs([join(dir, 'missing.json')])).toThrow(/missing\.json/);
  });
});
