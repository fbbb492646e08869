/**
 * Vega-Lite specs of a sweep: a 1-D sweep as a line per GPU with its crossovers marked; a 2-D sweep as a
 * winner map (a rect per cell, coloured by the winner, shaded by its margin) with the crossover boundary
 * drawn along the cell edges where the winner changes. Pure; the cells arrive aggregated (`SweepSection`),
 * so a map has one mark per cell however large the sweep was.
 * @module
 */
import type { TopLevelSpec } from 'vega-lite';
import { CONFIG, type GpuColors, type Layer, NONE_COLOR, OTHER_COLOR, SCHEMA } from './chart-style.ts';
import type { SweepAxis, SweepSection, WinnerCell } from './report-data.ts';

/** Margins at or above this shade fully in a winner map. */
export const MARGIN_CAP = 0.5;

/** Whether a sweep axis is drawn on a log scale: a numeric axis marked log (a labelled axis is by index). */
const isLog = (axis: SweepAxis) => axis.log && axis.labels === null;

const axisScale = (axis: SweepAxis) =>
  isLog(axis) ? ({ type: 'log' } as const) : ({ type: 'linear', zero: false } as const);

/**
 * Axis options of a sweep axis: on a labelled (non-numeric) axis positions are indices, so ticks go at
 * each index and show its label.
 */
function sweepAxis(axis: SweepAxis, grid = true) {
  if (axis.labels === null) return { grid };
  return {
    grid,
    values: axis.labels.map((_, i) => i),
    labelExpr: `${JSON.stringify(axis.labels)}[datum.value]`,
  };
}

/** Name of a sweep GPU by id. */
function sweepName(s: SweepSection, id: string): string {
  return s.gpus.find((g) => g.id === id)?.name ?? id;
}

/** A sweep's chart: a line per GPU with the crossovers marked, or a winner map; null when it has no view. */
export function sweepSpec(
  s: SweepSection,
  colors: GpuColors = { domain: [], range: [] },
): TopLevelSpec | null {
  const view = s.view;
  if (view.kind === 'none') return null;
  const color = {
    field: 'gpu',
    type: 'nominal',
    title: 'GPU',
    ...(colors.domain.length > 0 ? { scale: { domain: colors.domain, range: colors.range } } : {}),
  } as const;
  if (view.kind === 'line') {
    const { axis } = view;
    const values = view.series.flatMap((series) =>
      series.points
        .filter((p) => p.throughput !== null && (!isLog(axis) || p.x > 0))
        .map((p) => ({ gpu: series.name, x: p.x, throughput: p.throughput })),
    );
    const crossings = s.boundaries
      .filter((b) => b.axis === axis.key && (!isLog(axis) || b.atMin > 0))
      .map((b) => ({ at: b.atMin, label: `${sweepName(s, b.below)} | ${sweepName(s, b.above)}` }));
    const x = {
      field: 'x',
      type: 'quantitative',
      scale: axisScale(axis),
      title: axis.key,
      axis: sweepAxis(axis),
    } as const;
    return {
      $schema: SCHEMA,
      title: { text: s.title, subtitle: `${s.throughputMetric} (${s.throughputUnit}) against ${axis.key}` },
      config: CONFIG,
      width: 520,
      height: 300,
      layer: [
        {
          data: { values },
          mark: { type: 'line', point: { size: 20 } },
          encoding: {
            x,
            y: {
              field: 'throughput',
              type: 'quantitative',
              title: `${s.throughputMetric} (${s.throughputUnit})`,
            },
            color,
          },
        },
        ...(crossings.length === 0
          ? []
          : ([
              {
                data: { values: crossings },
                layer: [
                  {
                    mark: { type: 'rule', strokeDash: [4, 3], color: '#333' },
                    encoding: { x: { field: 'at', type: 'quantitative', scale: axisScale(axis) } },
                  },
                  {
                    mark: {
                      type: 'text',
                      angle: 270,
                      align: 'right',
                      baseline: 'bottom',
                      dx: -4,
                      dy: -2,
                      fontSize: 10,
                    },
                    encoding: {
                      x: { field: 'at', type: 'quantitative' },
                      y: { value: 0 },
                      text: { field: 'label', type: 'nominal' },
                    },
                  },
                ],
              },
            ] satisfies Layer[])),
      ],
    };
  }
  const cells = winnerMapValues(s, view);
  const segments = winnerBoundarySegments(view);
  const winners = colors.domain.length > 0 ? colors : { domain: s.gpus.map((g) => g.name), range: [] };
  const domain = [...winners.domain.filter((n) => cells.some((c) => c.gpu === n))];
  const range = domain.map((n) => winners.range[winners.domain.indexOf(n)] ?? OTHER_COLOR);
  if (cells.some((c) => c.gpu === NO_WINNER)) {
    domain.push(NO_WINNER);
    range.push(NONE_COLOR);
  }
  // Cells fill the plot exactly: no rounding of the domain out to nice values, no grid over the colours.
  const xEnc = {
    field: 'x0',
    type: 'quantitative',
    scale: { ...axisScale(view.x), nice: false },
    title: view.x.key,
    axis: sweepAxis(view.x, false),
  } as const;
  const yEnc = {
    field: 'y0',
    type: 'quantitative',
    scale: { ...axisScale(view.y), nice: false },
    title: view.y.key,
    axis: sweepAxis(view.y, false),
  } as const;
  return {
    $schema: SCHEMA,
    title: {
      text: s.title,
      subtitle: `winner by ${s.throughputMetric}; shade = margin over the runner-up (full at ${MARGIN_CAP * 100}% or more); black lines = crossover boundary`,
    },
    config: CONFIG,
    width: 520,
    height: 360,
    layer: [
      {
        data: { values: cells },
        mark: { type: 'rect' },
        encoding: {
          x: xEnc,
          x2: { field: 'x1' },
          y: yEnc,
          y2: { field: 'y1' },
          color: { field: 'gpu', type: 'nominal', title: 'winner', scale: { domain, range } },
          opacity: {
            field: 'shade',
            type: 'quantitative',
            title: 'margin',
            scale: { domain: [0, MARGIN_CAP], range: [0.2, 1], clamp: true },
            legend: { format: '.0%' },
          },
        },
      },
      ...(segments.length === 0
        ? []
        : ([
            {
              data: { values: segments },
              mark: { type: 'rule', color: '#111', strokeWidth: 1.5 },
              encoding: {
                x: { field: 'x0', type: 'quantitative' },
                x2: { field: 'x1' },
                y: { field: 'y0', type: 'quantitative' },
                y2: { field: 'y1' },
              },
            },
          ] satisfies Layer[])),
    ],
  };
}

type WinnerMapView = Extract<SweepSection['view'], { kind: 'winner-map' }>;

/** The label of a cell where no GPU fits. */
export const NO_WINNER = 'no GPU fits';

/**
 * Cell edges along an axis: each value's cell spans to the next value when cells are bins (values are bin
 * starts); otherwise cells are centred on the values (edges at midpoints, geometric on a log axis). The
 * last cell gets the width of the one before it. Returns n + 1 edges.
 */
export function cellEdges(values: readonly number[], log: boolean, binned: boolean): number[] {
  const n = values.length;
  if (n === 0) return [];
  const mid = (a: number, b: number) => (log ? Math.sqrt(a * b) : (a + b) / 2);
  const step = (a: number, b: number) => (log ? b * (b / a) : b + (b - a));
  if (n === 1) {
    const v = values[0]!;
    return log ? [v / Math.SQRT2, v * Math.SQRT2] : [v - 0.5, v + 0.5];
  }
  if (binned) return [...values, step(values[n - 2]!, values[n - 1]!)];
  const edges = [
    log ? values[0]! / Math.sqrt(values[1]! / values[0]!) : values[0]! - (values[1]! - values[0]!) / 2,
  ];
  for (let i = 0; i + 1 < n; i++) edges.push(mid(values[i]!, values[i + 1]!));
  edges.push(
    log
      ? values[n - 1]! * Math.sqrt(values[n - 1]! / values[n - 2]!)
      : values[n - 1]! + (values[n - 1]! - values[n - 2]!) / 2,
  );
  return edges;
}

/** One rect per winner-map cell: its edges, the winner's name and the shade (margin; capped when alone). */
export function winnerMapValues(s: SweepSection, view: WinnerMapView) {
  const xe = cellEdges(view.xValues, isLog(view.x), view.binned);
  const ye = cellEdges(view.yValues, isLog(view.y), view.binned);
  return view.cells
    .filter((c) => xe[c.xi + 1] !== undefined && ye[c.yi + 1] !== undefined)
    .map((c) => ({
      x0: xe[c.xi]!,
      x1: xe[c.xi + 1]!,
      y0: ye[c.yi]!,
      y1: ye[c.yi + 1]!,
      gpu: c.winner === null ? NO_WINNER : sweepName(s, c.winner),
      shade: c.winner === null ? MARGIN_CAP : Math.min(c.margin ?? MARGIN_CAP, MARGIN_CAP),
    }));
}

/**
 * The crossover boundary of a winner map: a segment on every cell edge whose two cells have different
 * winners (both fitting). At most two per cell; a smooth boundary gives about one per row or column.
 */
export function winnerBoundarySegments(
  view: WinnerMapView,
): { x0: number; x1: number; y0: number; y1: number }[] {
  const xe = cellEdges(view.xValues, isLog(view.x), view.binned);
  const ye = cellEdges(view.yValues, isLog(view.y), view.binned);
  const at = new Map<number, WinnerCell>();
  const key = (xi: number, yi: number) => xi * (view.yValues.length + 1) + yi;
  for (const c of view.cells) at.set(key(c.xi, c.yi), c);
  const differ = (a: WinnerCell | undefined, b: WinnerCell | undefined) =>
    a !== undefined && b !== undefined && a.winner !== null && b.winner !== null && a.winner !== b.winner;
  const out: { x0: number; x1: number; y0: number; y1: number }[] = [];
  for (const c of view.cells) {
    const x1 = xe[c.xi + 1];
    const y1 = ye[c.yi + 1];
    if (x1 === undefined || y1 === undefined) continue;
    if (differ(c, at.get(key(c.xi + 1, c.yi)))) out.push({ x0: x1, x1, y0: ye[c.yi]!, y1 });
    if (differ(c, at.get(key(c.xi, c.yi + 1)))) out.push({ x0: xe[c.xi]!, x1, y0: y1, y1 });
  }
  return out;
}
