/**
 * Vega-Lite specs of the HTML report's charts, built from {@link ReportData} alone: pure, data inlined as
 * `values` (never a `url`), no rendering. `report/svg.ts` renders them to SVG; `report/html.ts` places each
 * SVG by its id ({@link chartIds}) and prints the numbers behind it as a table.
 * @module
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Bound } from '../model/types.ts';
import { localKernelsSpec, selfCheckSpec, validationSpec } from './chart-local.ts';
import {
  BASELINE_COLOR,
  BOUND_COLORS,
  CONFIG,
  type GpuColors,
  gpuColors,
  INVERSION_COLOR,
  NONE_COLOR,
  OTHER_COLOR,
  SCHEMA,
  SI,
  TPP_COLOR,
} from './chart-style.ts';
import { sweepSpec } from './chart-sweeps.ts';
import type { ReportData, Roofline, WorkloadComparison } from './report-data.ts';

/** The report sections that hold charts. */
export type ChartSection = 'workloads' | 'rooflines' | 'sweeps' | 'tpp' | 'local' | 'model';

/** One chart: a Vega-Lite spec, where it goes, and its title. */
export interface ChartSpec {
  /** Unique in the report; safe as an HTML id and an SVG id prefix (`[a-z0-9-]`). */
  readonly id: string;
  readonly section: ChartSection;
  readonly title: string;
  readonly spec: TopLevelSpec;
}

/** The id of each chart, by what it draws; `report/html.ts` looks SVGs up by these. */
export const chartIds = {
  /** The bar chart of `data.workloads[index]`. */
  workload: (index: number) => `workload-${index}`,
  /** The roofline of `data.rooflines[index]`. */
  roofline: (index: number) => `roofline-${index}`,
  /** The line chart or winner map of `data.sweeps[index]`. */
  sweep: (index: number) => `sweep-${index}`,
  tpp: 'tpp-scatter',
  localKernels: 'local-kernels',
  localSelfCheck: 'local-self-check',
  validation: 'model-validation',
} as const;

/** Every chart of a report, in section order; sections without data give none. */
export function chartSpecs(data: ReportData): ChartSpec[] {
  const colors = gpuColors(data);
  const out: ChartSpec[] = [];
  data.workloads.forEach((w, i) => {
    out.push({ id: chartIds.workload(i), section: 'workloads', title: w.title, spec: workloadSpec(w) });
  });
  data.rooflines.forEach((r, i) => {
    if (r.points.length > 0) {
      out.push({
        id: chartIds.roofline(i),
        section: 'rooflines',
        title: `${r.name} roofline`,
        spec: rooflineSpec(r),
      });
    }
  });
  data.sweeps.forEach((s, i) => {
    const spec = sweepSpec(s, colors);
    if (spec) out.push({ id: chartIds.sweep(i), section: 'sweeps', title: s.title, spec });
  });
  const tpp = tppSpec(data, colors);
  if (tpp)
    out.push({ id: chartIds.tpp, section: 'tpp', title: 'TPP against delivered throughput', spec: tpp });
  const kernels = localKernelsSpec(data);
  if (kernels)
    out.push({ id: chartIds.localKernels, section: 'local', title: 'Measured time per case', spec: kernels });
  const check = selfCheckSpec(data);
  if (check) {
    out.push({
      id: chartIds.localSelfCheck,
      section: 'local',
      title: 'Self-check: measured against modelled',
      spec: check,
    });
  }
  const validation = validationSpec(data);
  if (validation) {
    out.push({
      id: chartIds.validation,
      section: 'model',
      title: 'Model validation error',
      spec: validation,
    });
  }
  return out;
}

/** Display names for rows, made unique (a name shared by two ids gets the id appended). */
function uniqueNames(rows: readonly { readonly gpu: string; readonly name: string }[]): string[] {
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.name, (counts.get(r.name) ?? 0) + 1);
  return rows.map((r) => ((counts.get(r.name) ?? 0) > 1 ? `${r.name} (${r.gpu})` : r.name));
}

/** What a workload bar stands for, as its colour says. */
export type BarStatus = 'baseline' | 'beats a higher-TPP GPU' | 'other' | 'does not fit' | 'no figure';

const STATUS_COLORS: Readonly<Record<BarStatus, string>> = {
  baseline: BASELINE_COLOR,
  'beats a higher-TPP GPU': INVERSION_COLOR,
  other: OTHER_COLOR,
  'does not fit': NONE_COLOR,
  'no figure': NONE_COLOR,
};

/**
 * What a workload chart's bars show: throughput over the first GPU's when any row has that ratio; else
 * (the first GPU does not fit) the throughput itself, in the workload's unit.
 */
export function workloadBars(w: WorkloadComparison): {
  readonly relative: boolean;
  readonly values: readonly (number | null)[];
  readonly statuses: readonly BarStatus[];
} {
  const relative = w.rows.some((r) => r.normalized !== null);
  const values = w.rows.map((r) => (relative ? r.normalized : r.fits ? r.throughput : null));
  const statuses = w.rows.map((r, i): BarStatus => {
    if (!r.fits) return 'does not fit';
    if (values[i] === null) return 'no figure';
    if (r.inverts.length > 0) return 'beats a higher-TPP GPU';
    return i === 0 && relative ? 'baseline' : 'other';
  });
  return { relative, values, statuses };
}

const fmtRatio = (v: number) => (v >= 10 ? v.toFixed(1) : v.toFixed(2));
const fmtInt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const fmt3 = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 3 });

/** A zero-based domain with room for the labels after the longest bar. */
const barDomain = (values: readonly (number | null)[], atLeast: number): [number, number] => {
  const max = Math.max(atLeast, ...values.filter((v): v is number => v !== null && Number.isFinite(v)));
  return [0, max > 0 ? max * 1.25 : 1];
};

/**
 * A workload's bars: throughput over the first GPU's (inversions in red), TPP beside it on the same rows.
 * One value per GPU row.
 */
export function workloadSpec(w: WorkloadComparison): TopLevelSpec {
  const names = uniqueNames(w.rows);
  const bars = workloadBars(w);
  const values = w.rows.map((r, i) => {
    const value = bars.values[i] ?? null;
    const status = bars.statuses[i]!;
    const text = value === null ? '' : bars.relative ? `${fmtRatio(value)}x` : fmt3.format(value);
    return {
      gpu: names[i]!,
      value,
      tpp: r.tpp,
      status,
      labelX: value ?? 0,
      label: status === 'does not fit' || status === 'no figure' ? status : text,
      tppLabel: r.tpp === null ? 'n/a' : fmtInt.format(r.tpp),
      tppX: r.tpp ?? 0,
    };
  });
  const statuses = (Object.keys(STATUS_COLORS) as BarStatus[]).filter((s) => bars.statuses.includes(s));
  const first = names[0] ?? 'the first GPU';
  const xTitle = bars.relative ? `throughput / ${first}` : `${w.throughputMetric} (${w.throughputUnit})`;
  const subtitle = bars.relative
    ? `${w.throughputMetric} (${w.throughputUnit}) over ${first}; TPP beside it`
    : `${w.throughputMetric} (${w.throughputUnit}); ${first} does not fit, so not normalized; TPP beside it`;
  const y = { field: 'gpu', type: 'nominal', sort: names, title: null } as const;
  const label = { type: 'text', align: 'left', dx: 3, fontSize: 11 } as const;
  return {
    $schema: SCHEMA,
    title: { text: w.title, subtitle },
    config: CONFIG,
    data: { values },
    spacing: 12,
    hconcat: [
      {
        width: 320,
        height: { step: 20 },
        layer: [
          {
            mark: { type: 'bar' },
            encoding: {
              y,
              x: {
                field: 'value',
                type: 'quantitative',
                title: xTitle,
                scale: { domain: barDomain(bars.values, bars.relative ? 1 : 0) },
              },
              color: {
                field: 'status',
                type: 'nominal',
                title: null,
                scale: { domain: statuses, range: statuses.map((s) => STATUS_COLORS[s]) },
                legend: { orient: 'bottom', direction: 'horizontal' },
              },
            },
          },
          {
            mark: label,
            encoding: {
              y,
              x: { field: 'labelX', type: 'quantitative' },
              text: { field: 'label', type: 'nominal' },
            },
          },
        ],
      },
      {
        width: 180,
        height: { step: 20 },
        layer: [
          {
            mark: { type: 'bar', color: TPP_COLOR },
            encoding: {
              y: { ...y, axis: null },
              x: {
                field: 'tpp',
                type: 'quantitative',
                title: 'TPP',
                axis: { format: SI },
                scale: {
                  domain: barDomain(
                    w.rows.map((r) => r.tpp),
                    0,
                  ),
                },
              },
            },
          },
          {
            mark: label,
            encoding: {
              y: { ...y, axis: null },
              x: { field: 'tppX', type: 'quantitative' },
              text: { field: 'tppLabel', type: 'nominal' },
            },
          },
        ],
      },
    ],
  };
}

/** Intensity range a roofline spans: every point and the ridge, with a margin of 4x each side. */
export function rooflineRange(r: Roofline): { lo: number; ridge: number; hi: number } {
  const ridge = r.peakFlopsPerSec / r.memoryBytesPerSec;
  const xs = r.points.map((p) => p.intensity).filter((x) => x > 0);
  return { lo: Math.min(ridge, ...xs) / 4, ridge, hi: Math.max(ridge, ...xs) * 4 };
}

/** A GPU's roofline (log-log): the roof, then the workloads as points coloured by what binds them. */
export function rooflineSpec(r: Roofline): TopLevelSpec {
  const { lo, ridge, hi } = rooflineRange(r);
  const roof = [lo, ridge, hi].map((x) => ({ x, y: Math.min(r.peakFlopsPerSec, r.memoryBytesPerSec * x) }));
  const points = r.points
    .filter((p) => p.intensity > 0 && p.flopsPerSec > 0)
    .map((p) => ({ x: p.intensity, y: p.flopsPerSec, bound: p.bound, label: p.label }));
  const bounds = (Object.keys(BOUND_COLORS) as Bound[]).filter((b) => points.some((p) => p.bound === b));
  const x = {
    field: 'x',
    type: 'quantitative' as const,
    scale: { type: 'log' as const, domain: [lo, hi], nice: false },
    title: 'arithmetic intensity (FLOP/byte)',
    axis: { format: SI },
  };
  const yLo = Math.min(roof[0]!.y, ...points.map((p) => p.y)) / 2;
  const y = {
    field: 'y',
    type: 'quantitative' as const,
    scale: { type: 'log' as const, domain: [yLo, r.peakFlopsPerSec * 2], nice: false },
    title: 'attainable FLOP/s',
    axis: { format: SI },
  };
  return {
    $schema: SCHEMA,
    title: {
      text: `${r.name}`,
      subtitle: `bf16 dense peak and HBM bandwidth; ridge at ${fmtRatio(ridge)} FLOP/byte`,
    },
    config: CONFIG,
    width: 420,
    height: 280,
    layer: [
      { data: { values: roof }, mark: { type: 'line', color: '#333', strokeWidth: 2 }, encoding: { x, y } },
      {
        data: { values: points },
        mark: { type: 'point', filled: true, size: 60, opacity: 0.85 },
        encoding: {
          x,
          y,
          color: {
            field: 'bound',
            type: 'nominal',
            title: 'bound',
            scale: { domain: bounds, range: bounds.map((b) => BOUND_COLORS[b]) },
          },
        },
      },
    ],
  };
}

/** TPP against throughput over each workload's first GPU: a grey line per workload, a point per GPU. */
function tppSpec(data: ReportData, colors: GpuColors): TopLevelSpec | null {
  const values = data.tppPoints
    .filter((p) => p.tpp > 0 && p.normalized > 0)
    .map((p) => ({ gpu: p.name, workload: p.sectionId, tpp: p.tpp, normalized: p.normalized }))
    .sort((a, b) => a.tpp - b.tpp);
  if (values.length === 0) return null;
  const x = {
    field: 'tpp',
    type: 'quantitative',
    title: 'TPP (the rule’s metric)',
    scale: { zero: false },
  } as const;
  const y = {
    field: 'normalized',
    type: 'quantitative',
    scale: { type: 'log' },
    title: 'delivered throughput / first GPU (log)',
  } as const;
  return {
    $schema: SCHEMA,
    title: {
      text: 'TPP against delivered throughput',
      subtitle:
        'one grey line per workload, GPUs in TPP order: a falling segment is a lower-TPP GPU delivering more',
    },
    config: CONFIG,
    width: 520,
    height: 340,
    data: { values },
    layer: [
      {
        mark: { type: 'line', color: '#bbb', strokeWidth: 1 },
        encoding: {
          x,
          y,
          detail: { field: 'workload', type: 'nominal' },
          order: { field: 'tpp', type: 'quantitative' },
        },
      },
      {
        mark: { type: 'point', filled: true, size: 50, opacity: 0.9 },
        encoding: {
          x,
          y,
          color: {
            field: 'gpu',
            type: 'nominal',
            title: 'GPU',
            scale: { domain: colors.domain, range: colors.range },
          },
        },
      },
    ],
  };
}
