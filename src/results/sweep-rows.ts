/**
 * The rows of a sweep's CSV and JSON outputs as text, written by the sweep workers for their chunks. Kept
 * apart from the document schemas (`sweep.ts`) so that a worker loads no zod: the members of a JSON row are
 * those of `sweepResultRowSchema` there, and the CSV columns those of `sweepCsvHeader`.
 * @module
 */
import { pointCoordinates, type SweepGrid } from '../analysis/sweep-grid.ts';
import { BOUND_CODES, type SweepChunkData } from '../analysis/sweep-protocol.ts';
import type { ParamValue } from '../workloads/params.ts';

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

/** The output a row is written for. */
export type CellKind = 'csv' | 'json';

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
 * The members are those of `sweepResultRowSchema` (`sweep.ts`).
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
