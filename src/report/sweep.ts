import { assignPoint } from '../analysis/sweep-grid.ts';
import { BOUND_CODES } from '../analysis/sweep-protocol.ts';
import type { SweepOutcome, SweepResult } from '../analysis/sweep-types.ts';
import type { Bound } from '../model/types.ts';
import type { ParamValue } from '../workloads/params.ts';
import { describeCrossover, formatAxisValue, workloadLabel } from './crossover-text.ts';
import { formatSignificant } from './estimate.ts';
import { renderTable } from './table.ts';

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
