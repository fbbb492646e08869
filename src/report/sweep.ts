/**
 * Sweep renderers (pure: data -> string): the crossover sentences, the terminal summary, the JSON document
 * and the CSV table. The JSON and CSV come in pieces (a head, the rows of each chunk, a tail) so a sweep of
 * any size streams; `renderSweepJson` and `renderSweepCsv` join the same pieces for a sweep held in memory.
 * @module
 */
import type { Crossover } from '../analysis/crossovers.ts';
import type { SweepHeader, SweepOutcome, SweepResult } from '../analysis/sweep.ts';
import { assignPoint, pointCoordinates, type SweepGrid } from '../analysis/sweep-grid.ts';
import { BOUND_CODES, type SweepChunkData } from '../analysis/sweep-protocol.ts';
import type { Bound } from '../model/types.ts';
import { isIntegerKind, type ParamValue } from '../workloads/params.ts';
import { formatSignificant } from './estimate.ts';
import { renderTable } from './table.ts';

/** The schema version of the sweep JSON document. */
export const SWEEP_SCHEMA_VERSION = 1;

/** What each binding resource means in a sentence. */
export const RESOURCE_WORDS: Readonly<Record<Bound, string>> = {
  compute: 'compute',
  memory: 'memory bandwidth',
  interconnect: 'interconnect bandwidth',
  capacity: 'memory capacity',
};

/** `4096` -> `4k`, `131072` -> `128k`; other values as they are. */
export function formatAxisValue(value: ParamValue): string {
  if (typeof value !== 'number') return String(value);
  if (Number.isInteger(value) && value >= 1024 && value % 1024 === 0) {
    return value % 1024 ** 2 === 0 ? `${value / 1024 ** 2}m` : `${value / 1024}k`;
  }
  return Number.isInteger(value) ? String(value) : formatSignificant(value);
}

const nameOf = (result: Pick<SweepHeader, 'gpus'>, id: string) =>
  result.gpus.find((g) => g.id === id)?.name ?? id;

/** What was swept, e.g. `llama-3-70b llm-decode`. */
export function workloadLabel(result: Pick<SweepHeader, 'workload' | 'fixed'>): string {
  const model = result.fixed.model;
  return typeof model === 'string' && model !== '' ? `${model} ${result.workload}` : result.workload;
}

/**
 * One crossover as a sentence, e.g. "H20 96GB beats H100 SXM5 80GB on llama-3-70b llm-decode for
 * batch <= 40 at context 4k; binding resource: memory bandwidth. From batch 41 H100 SXM5 80GB wins
 * (compute)."
 */
export function describeCrossover(
  result: Pick<SweepHeader, 'gpus' | 'grid' | 'workload' | 'fixed'>,
  c: Crossover,
): string {
  const kind = result.grid.axes.find((a) => a.key === c.axis)?.kind;
  const integer = kind !== undefined && isIntegerKind(kind);
  const fmt = (v: number) => (integer ? String(v) : formatSignificant(v));
  const at = Object.entries(c.at).map(([k, v]) => `${k} ${formatAxisValue(v)}`);
  const loser = c.below.winner === c.gpus[0] ? c.gpus[1] : c.gpus[0];
  const margin = (r: number | null) => (r === null ? 'the other does not fit' : `by ${r.toFixed(2)}x`);
  return (
    `${nameOf(result, c.below.winner)} beats ${nameOf(result, loser)} on ${workloadLabel(result)} for ${c.axis} <= ${fmt(c.lastBelow)}` +
    `${at.length ? ` at ${at.join(', ')}` : ''}; binding resource: ${RESOURCE_WORDS[c.below.bound]} (${margin(c.below.ratio)} at ${c.axis} ${fmt(c.lastBelow)}). ` +
    `From ${c.axis} ${fmt(c.firstAbove)} ${nameOf(result, c.above.winner)} wins; binding resource: ${RESOURCE_WORDS[c.above.bound]} (${margin(c.above.ratio)}).`
  );
}

/** The terminal summary: the grid, each GPU's best and worst points, and the crossovers. */
export function renderSweep(result: SweepOutcome): string {
  const g = result.gpus.length;
  const lines = [
    `sweep ${workloadLabel(result)}: ${result.grid.points} points x ${g} GPUs = ${result.estimates} estimates in ${(result.elapsedMs / 1000).toFixed(2)} s (${result.threads === 0 ? 'inline' : `${result.threads} workers`})`,
    ...result.grid.axes.map(
      (a) =>
        `  ${a.flag}: ${a.values.length} values (${a.spacing}) ${a.values.slice(0, 8).map(formatAxisValue).join(', ')}${a.values.length > 8 ? ', ...' : ''}`,
    ),
    '',
  ];
  const rows = result.gpus.map((gpu, gi) => {
    const s = result.summary[gi]!;
    const at: Record<string, ParamValue> = {};
    if (s.bestPoint >= 0) assignPoint(result.grid, s.bestPoint, at);
    return [
      gpu.id,
      gpu.tpp === null ? 'n/a' : String(Math.round(gpu.tpp)),
      `${s.fits}/${result.grid.points}`,
      g > 1 ? String(s.wins) : '',
      s.best === null ? 'n/a' : formatSignificant(s.best),
      Object.entries(at)
        .map(([k, v]) => `${k}=${formatAxisValue(v)}`)
        .join(' '),
      s.bestBound ?? '',
    ];
  });
  lines.push(
    renderTable(
      [
        { header: 'gpu' },
        { header: 'TPP', align: 'right' },
        { header: 'fits', align: 'right' },
        { header: 'wins', align: 'right' },
        { header: `best ${result.throughputUnit}`, align: 'right' },
        { header: 'at' },
        { header: 'bound' },
      ],
      rows,
    ),
  );
  if (g > 1) {
    const { crossovers, omitted, warnings, error } = result.crossovers;
    lines.push(
      '',
      crossovers.length
        ? 'crossovers (found by bisection on the model):'
        : error === null
          ? 'no crossovers: the winner never flips on this grid'
          : 'no crossovers refined',
    );
    for (const c of crossovers) lines.push(`  ${describeCrossover(result, c)}`);
    if (omitted > 0) lines.push(`  ... and ${omitted} more flips not refined (narrow the grid)`);
    for (const w of warnings) lines.push(`  ${w}`);
    if (error !== null) lines.push(`  the crossover analysis stopped: ${error}`);
  }
  return `${lines.join('\n')}\n`;
}

/** One row per estimate: the point's axis values, the GPU and its numbers. */
export interface SweepRow {
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly gpu: string;
  readonly throughput: number | null;
  readonly timeMs: number | null;
  readonly bound: Bound;
  readonly fits: boolean;
}

/** Every estimate of a sweep as rows (in grid order). */
export function sweepRows(result: SweepResult): SweepRow[] {
  const g = result.gpus.length;
  const out: SweepRow[] = [];
  for (let p = 0; p < result.grid.points; p++) {
    const params: Record<string, ParamValue> = {};
    assignPoint(result.grid, p, params);
    for (let gi = 0; gi < g; gi++) {
      const i = p * g + gi;
      const t = result.throughput[i]!;
      out.push({
        params,
        gpu: result.gpus[gi]!.id,
        throughput: Number.isNaN(t) ? null : t,
        timeMs: Number.isNaN(result.timeMs[i]!) ? null : result.timeMs[i]!,
        bound: BOUND_CODES[result.bound[i]!]!,
        fits: !Number.isNaN(t),
      });
    }
  }
  return out;
}

const csvCell = (v: ParamValue | null): string => {
  if (v === null) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const csvNumber = (v: number): string => (Number.isNaN(v) ? '' : String(v));
/** As `JSON.stringify` writes a number. */
const jsonNumber = (v: number): string => (Number.isFinite(v) ? String(v) : 'null');

/** What row text needs of a sweep: the grid's axes and the GPU ids, in estimate order. */
export interface SweepRowLayout {
  readonly grid: SweepGrid;
  readonly gpuIds: readonly string[];
}

type CellKind = 'csv' | 'json';

/**
 * Per grid and kind, each axis value's text (a CSV cell or a JSON `"key":value` member), filled on first
 * use: a worker sees a fresh grid per chunk and touches few values of the slower axes.
 */
const cellCache = new WeakMap<SweepGrid, Record<CellKind, (string | undefined)[][]>>();
function cellOf(grid: SweepGrid, kind: CellKind): (axis: number, index: number) => string {
  let cached = cellCache.get(grid);
  if (!cached) {
    cached = { csv: grid.axes.map(() => []), json: grid.axes.map(() => []) };
    cellCache.set(grid, cached);
  }
  const cells = cached[kind];
  return (a, k) => {
    let text = cells[a]![k];
    if (text === undefined) {
      const axis = grid.axes[a]!;
      const value = axis.values[k]!;
      text = kind === 'csv' ? csvCell(value) : `${JSON.stringify(axis.key)}:${JSON.stringify(value)}`;
      cells[a]![k] = text;
    }
    return text;
  };
}

/**
 * Call `row(prefix, gpu, i)` for every estimate `i` of `data` (whole points from estimate `start`), where
 * `prefix` is the point's axis cells joined by `,`. An odometer over the axis indices: no division per point.
 */
function eachEstimate(
  layout: SweepRowLayout,
  start: number,
  data: SweepChunkData,
  kind: CellKind,
  row: (prefix: string, gi: number, i: number) => void,
): void {
  const g = layout.gpuIds.length;
  const axes = layout.grid.axes;
  const cell = cellOf(layout.grid, kind);
  const lastAxis = axes.length - 1;
  const lastLength = axes[lastAxis]!.values.length;
  const coordinates = pointCoordinates(layout.grid, start / g);
  // The slower axes' cells change only when the last axis wraps.
  const slowerCells = () =>
    coordinates
      .slice(0, lastAxis)
      .map((k, a) => `${cell(a, k)},`)
      .join('');
  let slower = slowerCells();
  for (let i = 0; i < data.throughput.length; i += g) {
    const prefix = slower + cell(lastAxis, coordinates[lastAxis]!);
    for (let gi = 0; gi < g; gi++) row(prefix, gi, i + gi);
    if (++coordinates[lastAxis]! < lastLength) continue;
    coordinates[lastAxis] = 0;
    for (let a = lastAxis - 1; a >= 0; a--) {
      if (++coordinates[a]! < axes[a]!.values.length) break;
      coordinates[a] = 0;
    }
    slower = slowerCells();
  }
}

/** The CSV header line. */
export function sweepCsvHeader(header: SweepHeader): string {
  const keys = header.grid.axes.map((a) => a.key);
  return `${[...keys, 'gpu', header.throughputMetric, 'timeMs', 'bound', 'fits'].join(',')}\n`;
}

/** Emit the CSV line (ending in a newline) of each estimate of `data`, whole points from estimate `start`. */
export function eachSweepCsvRow(
  layout: SweepRowLayout,
  start: number,
  data: SweepChunkData,
  emit: (line: string) => void,
): void {
  const gpuCells = layout.gpuIds.map((id) => csvCell(id));
  eachEstimate(layout, start, data, 'csv', (prefix, gi, i) => {
    const t = data.throughput[i]!;
    emit(
      `${prefix},${gpuCells[gi]},${csvNumber(t)},${csvNumber(data.timeMs[i]!)},${BOUND_CODES[data.bound[i]!]},${!Number.isNaN(t)}\n`,
    );
  });
}

/**
 * Emit the JSON `results` entry of each estimate of `data`, whole points from estimate `start`: one per
 * line, each after a `,` and newline except the grid's first, so chunks join without knowing the last.
 */
export function eachSweepJsonRow(
  layout: SweepRowLayout,
  start: number,
  data: SweepChunkData,
  emit: (entry: string) => void,
): void {
  const gpuIds = layout.gpuIds.map((id) => JSON.stringify(id));
  eachEstimate(layout, start, data, 'json', (prefix, gi, i) => {
    const t = data.throughput[i]!;
    emit(
      `${start + i === 0 ? '' : ',\n'}    {"params":{${prefix}},"gpu":${gpuIds[gi]},"throughput":${jsonNumber(t)},"timeMs":${jsonNumber(data.timeMs[i]!)},"bound":"${BOUND_CODES[data.bound[i]!]}","fits":${!Number.isNaN(t)}}`,
    );
  });
}

/** The rows of `data` (whole points from estimate `start`) in `format`, as one string. */
export function sweepRowsText(
  format: CellKind,
  layout: SweepRowLayout,
  start: number,
  data: SweepChunkData,
): string {
  const parts: string[] = [];
  const emit = (text: string) => {
    parts.push(text);
  };
  if (format === 'csv') eachSweepCsvRow(layout, start, data, emit);
  else eachSweepJsonRow(layout, start, data, emit);
  return parts.join('');
}

/** A header's row layout. */
export const rowLayout = (header: SweepHeader): SweepRowLayout => ({
  grid: header.grid,
  gpuIds: header.gpus.map((g) => g.id),
});

/** The CSV of a sweep held in memory: one header line, one line per estimate; empty cells where it does not fit. */
export function renderSweepCsv(result: SweepResult): string {
  return sweepCsvHeader(result) + sweepRowsText('csv', rowLayout(result), 0, result);
}

/** A top-level JSON member on its own line, its value compact. */
const member = (key: string, value: unknown) => `  ${JSON.stringify(key)}: ${JSON.stringify(value)}`;

/** The JSON document up to and including the opening of `results` (one member per line). */
export function sweepJsonHead(header: SweepHeader, version: string): string {
  const members: [string, unknown][] = [
    ['schemaVersion', SWEEP_SCHEMA_VERSION],
    ['kind', 'tppbench-sweep'],
    ['tool', { name: 'tppbench', version }],
    ['workload', header.workload],
    ['throughputMetric', header.throughputMetric],
    ['throughputUnit', header.throughputUnit],
    ['gpus', header.gpus],
    ['axes', header.grid.axes],
    ['fixed', header.fixed],
    ['points', header.grid.points],
    ['warnings', header.warnings],
  ];
  return `{\n${members.map(([k, v]) => `${member(k, v)},\n`).join('')}  "results": [\n`;
}

/** The rest of the JSON document after the last result: the crossovers. Ends in a newline. */
export function sweepJsonTail(outcome: SweepOutcome): string {
  const { crossovers, omitted, warnings, error } = outcome.crossovers;
  const entries = crossovers.map(
    (c) => `    ${JSON.stringify({ ...c, summary: describeCrossover(outcome, c) })}`,
  );
  return (
    `\n  ],\n  "crossovers": [${entries.length ? `\n${entries.join(',\n')}\n  ` : ''}],\n` +
    `${member('crossoversOmitted', omitted)},\n${member('crossoverWarnings', warnings)},\n${member('crossoversError', error)}\n}\n`
  );
}

/** The JSON document of a sweep held in memory (ending in a newline). */
export function renderSweepJson(result: SweepResult, version: string): string {
  return (
    sweepJsonHead(result, version) +
    sweepRowsText('json', rowLayout(result), 0, result) +
    sweepJsonTail(result)
  );
}
