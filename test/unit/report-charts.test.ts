/**
 * The HTML report's chart specs (pure, from report data) and their rendering to SVG by Vega in Node:
 * one value per bar and per winner-map cell, log scales where the axis is logarithmic, cell geometry
 * checked by hand, and the renderer's guarantees: marks drawn, nothing fetched, ids made unique, any Vega
 * warning an error.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  cellEdges,
  sweepSpec,
  winnerBoundarySegments,
  winnerMapValues,
} from '../../src/report/chart-sweeps.ts';
import {
  type ChartSpec,
  chartIds,
  chartSpecs,
  rooflineSpec,
  workloadBars,
  workloadSpec,
} from '../../src/report/charts.ts';
import type { ReportData, SweepSection } from '../../src/report/report-data.ts';
import { ChartRenderError, compactSvg, prefixSvgIds, renderChartSvgs } from '../../src/report/svg.ts';
import { fixtureReport } from '../fixtures/report.ts';
import { EMPTY_REPORT, SMALL_REPORT } from '../fixtures/report-small.ts';

// biome-ignore lint/suspicious/noExplicitAny: specs are walked as plain JSON
type Json = any;
const json = (spec: ChartSpec['spec'] | null): Json => JSON.parse(JSON.stringify(spec));

let report: ReportData;
beforeAll(async () => {
  report = await fixtureReport();
}, 60_000);

/** A 2 x 2 winner map: `a` wins the left column and the bottom right, `b` the top right. */
function tinyMap(
  overrides: Partial<Extract<SweepSection['view'], { kind: 'winner-map' }>> = {},
): SweepSection {
  return {
    id: 'sweep-x',
    title: 't',
    workload: 'llm-serving',
    throughputMetric: 'tokensPerSec',
    throughputUnit: 'tokens/s',
    gpus: [
      { id: 'a', name: 'A', tpp: 1 },
      { id: 'b', name: 'B', tpp: 2 },
    ],
    estimates: 8,
    fixed: {},
    view: {
      kind: 'winner-map',
      x: { key: 'batch', flag: '--batch', log: true, labels: null },
      y: { key: 'inputLen', flag: '--input-len', log: false, labels: null },
      xValues: [1, 4],
      yValues: [10, 20],
      binned: false,
      cells: [
        { xi: 0, yi: 0, winner: 'a', margin: 0.1 },
        { xi: 0, yi: 1, winner: 'a', margin: null },
        { xi: 1, yi: 0, winner: 'a', margin: 0.9 },
        { xi: 1, yi: 1, winner: 'b', margin: 0.2 },
      ],
      ...overrides,
    },
    boundaries: [],
  };
}

describe('chart specs', () => {
  it('gives one chart per workload, roofline and drawable sweep, then the TPP, local and model charts', () => {
    const ids = chartSpecs(report).map((c) => c.id);
    const drawable = report.sweeps.filter((s) => s.view.kind !== 'none').length;
    expect(ids).toEqual([
      ...report.workloads.map((_, i) => chartIds.workload(i)),
      ...report.rooflines.map((_, i) => chartIds.roofline(i)),
      ...report.sweeps.flatMap((s, i) => (s.view.kind === 'none' ? [] : [chartIds.sweep(i)])),
      chartIds.tpp,
      chartIds.localKernels,
      chartIds.localSelfCheck,
      chartIds.validation,
    ]);
    expect(drawable).toBe(2);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9-]+$/);
  });

  it('gives no chart for an empty report', () => {
    expect(chartSpecs(EMPTY_REPORT)).toEqual([]);
  });

  it('inlines every data set as values, never a URL', () => {
    const urls: string[] = [];
    const walk = (node: Json) => {
      if (node === null || typeof node !== 'object') return;
      if ('url' in node) urls.push(String(node.url));
      for (const v of Object.values(node)) walk(v);
    };
    for (const c of chartSpecs(report)) walk(json(c.spec));
    expect(urls).toEqual([]);
  });

  it('draws one bar value per GPU row, normalized to the first GPU, inversions in their own colour', () => {
    const w = report.workloads[0]!;
    const spec = json(workloadSpec(w));
    expect(spec.data.values).toHaveLength(w.rows.length);
    expect(spec.data.values.map((v: Json) => v.value)).toEqual(w.rows.map((r) => r.normalized));
    const statuses = spec.data.values.map((v: Json) => v.status);
    expect(statuses[0]).toBe('baseline');
    w.rows.forEach((r, i) => {
      if (r.inverts.length > 0) expect(statuses[i]).toBe('beats a higher-TPP GPU');
    });
    expect(spec.hconcat[1].layer[0].encoding.x.field).toBe('tpp');
  });

  it('shows throughput itself when the first GPU does not fit (nothing to normalize to)', () => {
    const w = report.workloads.find((x) => !x.rows[0]!.fits && x.rows.some((r) => r.fits));
    expect(w).toBeDefined();
    const bars = workloadBars(w!);
    expect(bars.relative).toBe(false);
    expect(bars.values).toEqual(w!.rows.map((r) => (r.fits ? r.throughput : null)));
    expect(bars.statuses[0]).toBe('does not fit');
  });

  it('draws a roofline on log-log axes spanning every point and the ridge', () => {
    const r = report.rooflines[0]!;
    const spec = json(rooflineSpec(r));
    const [roof, points] = spec.layer;
    expect(roof.encoding.x.scale.type).toBe('log');
    expect(roof.encoding.y.scale.type).toBe('log');
    expect(points.data.values).toHaveLength(r.points.length);
    const [lo, hi] = roof.encoding.x.scale.domain;
    const ridge = r.peakFlopsPerSec / r.memoryBytesPerSec;
    for (const x of [ridge, ...r.points.map((p) => p.intensity)]) {
      expect(x).toBeGreaterThan(lo);
      expect(x).toBeLessThan(hi);
    }
    expect(roof.data.values[1]).toEqual({ x: ridge, y: r.peakFlopsPerSec });
  });

  it('draws a 1-D sweep as a line per GPU with a rule at each crossover, log where the axis is', () => {
    const i = report.sweeps.findIndex((s) => s.view.kind === 'line');
    const s = report.sweeps[i]!;
    if (s.view.kind !== 'line') throw new Error('expected a line sweep');
    const spec = json(sweepSpec(s));
    const fitting = s.view.series.flatMap((l) => l.points.filter((p) => p.throughput !== null));
    expect(spec.layer[0].data.values).toHaveLength(fitting.length);
    expect(spec.layer[0].encoding.x.scale.type).toBe(s.view.axis.log ? 'log' : 'linear');
    expect(s.boundaries.length).toBeGreaterThan(0);
    expect(spec.layer[1].data.values.map((v: Json) => v.at)).toEqual(s.boundaries.map((b) => b.atMin));
  });

  it('draws a winner map as one rect per cell, shaded by margin, with the boundary between winners', () => {
    const s = report.sweeps.find((x) => x.view.kind === 'winner-map')!;
    if (s.view.kind !== 'winner-map') throw new Error('expected a winner map');
    const spec = json(sweepSpec(s));
    expect(spec.layer[0].data.values).toHaveLength(s.view.cells.length);
    expect(spec.layer[0].encoding.x.scale.type).toBe(s.view.x.log ? 'log' : 'linear');
    expect(spec.layer[0].encoding.y.scale.type).toBe(s.view.y.log ? 'log' : 'linear');
    expect(spec.layer[0].encoding.opacity.field).toBe('shade');
    expect(spec.layer[1].data.values.length).toBeGreaterThan(0);
  });

  it('places cells by hand-checked edges: midpoints (geometric on log), bins to the next start', () => {
    expect(cellEdges([1, 4, 16], true, false)).toEqual([0.5, 2, 8, 32]);
    expect(cellEdges([10, 20, 30], false, false)).toEqual([5, 15, 25, 35]);
    expect(cellEdges([1, 10, 100], true, true)).toEqual([1, 10, 100, 1000]);
    expect(cellEdges([0, 2], false, true)).toEqual([0, 2, 4]);
    expect(cellEdges([], true, false)).toEqual([]);
  });

  it('shades each cell by its margin, capped, full where only the winner fits', () => {
    const s = tinyMap();
    if (s.view.kind !== 'winner-map') throw new Error('unreachable');
    expect(winnerMapValues(s, s.view)).toEqual([
      { x0: 0.5, x1: 2, y0: 5, y1: 15, gpu: 'A', shade: 0.1 },
      { x0: 0.5, x1: 2, y0: 15, y1: 25, gpu: 'A', shade: 0.5 },
      { x0: 2, x1: 8, y0: 5, y1: 15, gpu: 'A', shade: 0.5 },
      { x0: 2, x1: 8, y0: 15, y1: 25, gpu: 'B', shade: 0.2 },
    ]);
  });

  it('draws the boundary on each edge between different winners, not where no GPU fits', () => {
    const s = tinyMap();
    if (s.view.kind !== 'winner-map') throw new Error('unreachable');
    // B (top right) against A on its left and below it: two segments.
    expect(winnerBoundarySegments(s.view)).toEqual([
      { x0: 2, x1: 2, y0: 15, y1: 25 },
      { x0: 2, x1: 8, y0: 15, y1: 15 },
    ]);
    const none = tinyMap({
      cells: [
        { xi: 0, yi: 0, winner: 'a', margin: 0.1 },
        { xi: 1, yi: 0, winner: null, margin: null },
      ],
    });
    if (none.view.kind !== 'winner-map') throw new Error('unreachable');
    expect(winnerBoundarySegments(none.view)).toEqual([]);
  });

  it('labels a non-numeric sweep axis by index, on a linear scale', () => {
    const s = tinyMap({
      x: { key: 'dtype', flag: '--dtype', log: true, labels: ['bf16', 'fp8'] },
      xValues: [0, 1],
    });
    const spec = json(sweepSpec(s));
    const x = spec.layer[0].encoding.x;
    expect(x.scale.type).toBe('linear');
    expect(x.axis.values).toEqual([0, 1]);
    expect(x.axis.labelExpr).toBe('["bf16","fp8"][datum.value]');
  });

  it('draws the TPP scatter from every TPP point, the local medians with their intervals, and the validation errors', () => {
    const specs = new Map(chartSpecs(report).map((c) => [c.id, json(c.spec)]));
    expect(specs.get(chartIds.tpp).data.values).toHaveLength(report.tppPoints.length);
    const completed = report.local!.kernels.filter((k) => k.median !== null);
    expect(specs.get(chartIds.localKernels).data.values).toHaveLength(completed.length);
    expect(specs.get(chartIds.localKernels).layer[0].encoding.x2.field).toBe('hi');
    expect(specs.get(chartIds.validation).data.values).toHaveLength(report.model.validation.length);
  });
});

describe('SVG rendering', () => {
  it('renders every chart of the fixture report to an SVG with marks and no URL but the namespaces', async () => {
    const specs = chartSpecs(report);
    const svgs = await renderChartSvgs(specs);
    expect([...svgs.keys()]).toEqual(specs.map((s) => s.id));
    for (const [id, svg] of svgs) {
      expect(svg.startsWith('<svg'), id).toBe(true);
      const marks = svg.match(/class="mark-[a-z]+ role-mark[^"]*"><(path|line|text)/g) ?? [];
      expect(marks.length, id).toBeGreaterThan(0);
      const withoutNamespaces = svg.replace(/xmlns(:xlink)?="http:\/\/www\.w3\.org\/[^"]*"/g, '');
      expect(withoutNamespaces, id).not.toMatch(/https?:/);
      for (const [, ref] of svg.matchAll(/ id="([^"]+)"/g)) expect(ref!.startsWith(`${id}-`), id).toBe(true);
    }
  }, 60_000);

  it('renders the hand-made report with its awkward cases (nulls, a GPU that does not fit, a chartless sweep)', async () => {
    const specs = chartSpecs(SMALL_REPORT);
    expect(specs.length).toBeGreaterThan(0);
    const svgs = await renderChartSvgs(specs);
    expect(svgs.size).toBe(specs.length);
  }, 30_000);

  it('escapes data text in the SVG', async () => {
    const w = report.workloads[0]!;
    const evil = {
      ...w,
      rows: w.rows.map((r, i) => (i === 0 ? { ...r, name: '<script>x</script> & "q"' } : r)),
    };
    const svgs = await renderChartSvgs([
      { id: 'evil', section: 'workloads', title: 't', spec: workloadSpec(evil) },
    ]);
    const svg = svgs.get('evil')!;
    expect(svg).toContain('&lt;script&gt;x&lt;/script&gt; &amp;');
    expect(svg).not.toContain('<script');
  }, 30_000);

  it('refuses a spec that asks for a URL, naming the chart', async () => {
    const spec: ChartSpec = {
      id: 'remote',
      section: 'tpp',
      title: 'remote',
      spec: {
        data: { url: 'https://example.com/data.json' },
        mark: 'point',
        encoding: { x: { field: 'a', type: 'quantitative' } },
      },
    };
    const rendered = renderChartSvgs([spec]);
    await expect(rendered).rejects.toBeInstanceOf(ChartRenderError);
    await expect(rendered).rejects.toThrow(/chart remote did not render: .*refused/);
  });

  it('turns a Vega warning into an error instead of an empty chart', async () => {
    const spec: ChartSpec = {
      id: 'warns',
      section: 'tpp',
      title: 'warns',
      spec: {
        data: { values: [{ a: null }] },
        mark: 'bar',
        encoding: { x: { field: 'a', type: 'quantitative' } },
      },
    };
    await expect(renderChartSvgs([spec])).rejects.toThrow(/chart warns did not render: .*Infinite extent/);
  });

  it('prefixes ids and every reference to them', () => {
    const svg =
      '<svg><clipPath id="clip1"><rect/></clipPath><g clip-path="url(#clip1)"><use href="#clip1" xlink:href="#clip1"/></g></svg>';
    expect(prefixSvgIds(svg, 'c')).toBe(
      '<svg><clipPath id="c-clip1"><rect/></clipPath><g clip-path="url(#c-clip1)"><use href="#c-clip1" xlink:href="#c-clip1"/></g></svg>',
    );
  });

  it('compacts tags (roles dropped, numbers to 2 decimals) and leaves text alone', () => {
    const svg =
      '<g class="mark-text role-mark" role="graphics-object" aria-roledescription="text mark container"><text transform="translate(49.23076923076923,15)" pointer-events="none">0.123456</text></g>';
    expect(compactSvg(svg)).toBe(
      '<g class="mark-text role-mark"><text transform="translate(49.23,15)">0.123456</text></g>',
    );
  });
});
