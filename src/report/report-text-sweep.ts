/**
 * The sweep section's text for the Markdown and terminal reports: the sweep's facts, a winner summary
 * (share of the winner map per GPU, or the leader at each end of a line) and the boundaries table.
 * @module
 */
import { formatAxisValue } from './crossover-text.ts';
import { formatSignificant } from './estimate.ts';
import type { ReportData, SweepAxis, SweepSection } from './report-data.ts';
import { gpuName, ratioText, type TableModel } from './report-text.ts';
import { formatNumber } from './table.ts';

/**
 * A position on a sweep axis as text: the value on a numeric axis (`4k`); on a labelled axis the label at
 * that index, or `after <label>` for a position between two (a flip's midpoint).
 */
export function axisText(axis: SweepAxis | undefined, position: number): string {
  const labels = axis?.labels;
  if (!labels) return formatAxisValue(position);
  const at = labels[position];
  if (Number.isInteger(position) && at !== undefined) return at;
  const before = labels[Math.floor(position)];
  return before === undefined ? formatSignificant(position) : `after ${before}`;
}

/** The axes a sweep's view shows. */
const axesOf = (s: SweepSection): SweepAxis[] =>
  s.view.kind === 'line' ? [s.view.axis] : s.view.kind === 'winner-map' ? [s.view.x, s.view.y] : [];

/** A sweep's workload, size and held parameters. */
export function sweepFacts(s: SweepSection): string {
  const fixed = Object.entries(s.fixed)
    .filter(([, v]) => v !== '' && v !== false)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return `${s.workload}, ${s.throughputUnit} (${s.throughputMetric}); ${formatNumber(s.estimates)} ${s.estimates === 1 ? 'estimate' : 'estimates'}${fixed ? `; fixed: ${fixed}` : ''}`;
}

/** The sweep in a sentence or two: each GPU's share of the winner map, or the leader at each end of a line. */
export function sweepOutline(data: ReportData, s: SweepSection): string[] {
  const v = s.view;
  if (v.kind === 'none') return [`No chart: ${v.reason}`];
  if (v.kind === 'winner-map') {
    const total = v.cells.length;
    const wins = new Map<string | null, number>();
    for (const c of v.cells) wins.set(c.winner, (wins.get(c.winner) ?? 0) + 1);
    const shares = [...wins.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(
        ([id, n]) =>
          `${id === null ? 'no GPU fits' : gpuName(data, id)} ${formatNumber((100 * n) / total, 0)}%`,
      );
    const grid = `${v.x.flag} ${range(v.x, v.xValues)} x ${v.y.flag} ${range(v.y, v.yValues)}`;
    return [
      `Winner map over ${grid} (${formatNumber(total)} ${v.binned ? 'bins' : 'cells'}): ${shares.join(', ') || 'empty'}.`,
    ];
  }
  const first = v.series[0]?.points ?? [];
  if (first.length === 0) return ['No points.'];
  const ends = [first[0]!.x, first[first.length - 1]!.x];
  return ends.map((x) => `At ${v.axis.flag} ${axisText(v.axis, x)}: ${leader(data, s, x)}.`);
}

const range = (axis: SweepAxis, values: readonly number[]) =>
  values.length === 0
    ? 'n/a'
    : `${axisText(axis, values[0]!)}..${axisText(axis, values[values.length - 1]!)}`;

/** Who leads a line sweep at `x`, by how much over the next GPU. */
function leader(data: ReportData, s: SweepSection, x: number): string {
  if (s.view.kind !== 'line') return 'n/a';
  const at = s.view.series
    .map((line) => ({ gpu: line.gpu, t: line.points.find((p) => p.x === x)?.throughput ?? null }))
    .filter((e): e is { gpu: string; t: number } => e.t !== null && Number.isFinite(e.t))
    .sort((a, b) => b.t - a.t);
  const [best, next] = at;
  if (!best) return 'no GPU fits';
  const lead =
    next && next.t > 0 ? ` (${ratioText(best.t / next.t)} ${gpuName(data, next.gpu)})` : ' (only it fits)';
  return `${gpuName(data, best.gpu)} leads with ${formatSignificant(best.t)} ${s.throughputUnit}${lead}`;
}

/** A sweep's boundaries: where the winner between two GPUs flips, one row per pair and axis. */
export function boundaryTable(data: ReportData, s: SweepSection): TableModel {
  const axis = (key: string) => axesOf(s).find((a) => a.key === key);
  return {
    columns: [
      { header: 'below wins' },
      { header: 'above wins' },
      { header: 'axis' },
      { header: 'flip at', align: 'right' },
      { header: 'lines', align: 'right' },
    ],
    rows: s.boundaries.map((b) => [
      gpuName(data, b.below),
      gpuName(data, b.above),
      b.axis,
      b.atMin === b.atMax
        ? axisText(axis(b.axis), b.atMin)
        : `${axisText(axis(b.axis), b.atMin)}..${axisText(axis(b.axis), b.atMax)}`,
      formatNumber(b.count),
    ]),
  };
}
