/**
 * Sweep renderers (pure: data -> string): the crossover sentences, the terminal summary, the JSON document
 * and the CSV table.
 * @module
 */
import type { Crossover } from '../analysis/crossovers.ts';
import type { SweepResult } from '../analysis/sweep.ts';
import { assignPoint } from '../analysis/sweep-grid.ts';
import { BOUND_CODES } from '../analysis/sweep-protocol.ts';
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

const nameOf = (result: SweepResult, id: string) => result.gpus.find((g) => g.id === id)?.name ?? id;

/** What was swept, e.g. `llama-3-70b llm-decode`. */
export function workloadLabel(result: SweepResult): string {
  const model = result.fixed.model;
  return typeof model === 'string' && model !== '' ? `${model} ${result.workload}` : result.workload;
}

/**
 * One crossover as a sentence, e.g. "H20 96GB beats H100 SXM5 80GB on llama-3-70b llm-decode for
 * batch <= 40 at context 4k; binding resource: memory bandwidth. From batch 41 H100 SXM5 80GB wins
 * (compute)."
 */
export function describeCrossover(result: SweepResult, c: Crossover): string {
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
export function renderSweep(result: SweepResult): string {
  const g = result.gpus.length;
  const estimates = result.throughput.length;
  const lines = [
    `sweep ${workloadLabel(result)}: ${result.grid.points} points x ${g} GPUs = ${estimates} estimates in ${(result.elapsedMs / 1000).toFixed(2)} s (${result.threads === 0 ? 'inline' : `${result.threads} workers`})`,
    ...result.grid.axes.map(
      (a) =>
        `  ${a.flag}: ${a.values.length} values (${a.spacing}) ${a.values.slice(0, 8).map(formatAxisValue).join(', ')}${a.values.length > 8 ? ', ...' : ''}`,
    ),
    '',
  ];
  const rows = result.gpus.map((gpu, gi) => {
    let best = Number.NEGATIVE_INFINITY;
    let bestAt = -1;
    let wins = 0;
    let fits = 0;
    for (let p = 0; p < result.grid.points; p++) {
      const t = result.throughput[p * g + gi]!;
      if (Number.isNaN(t)) continue;
      fits++;
      if (t > best) {
        best = t;
        bestAt = p;
      }
      let top = true;
      for (let o = 0; o < g; o++) {
        const other = result.throughput[p * g + o]!;
        if (o !== gi && !Number.isNaN(other) && !(t > other)) top = false;
      }
      if (top) wins++;
    }
    const at: Record<string, ParamValue> = {};
    if (bestAt >= 0) assignPoint(result.grid, bestAt, at);
    return [
      gpu.id,
      gpu.tpp === null ? 'n/a' : String(Math.round(gpu.tpp)),
      `${fits}/${result.grid.points}`,
      g > 1 ? String(wins) : '',
      bestAt >= 0 ? formatSignificant(best) : 'n/a',
      bestAt >= 0
        ? Object.entries(at)
            .map(([k, v]) => `${k}=${formatAxisValue(v)}`)
            .join(' ')
        : '',
      bestAt >= 0 ? BOUND_CODES[result.bound[bestAt * g + gi]!]! : '',
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
    const { crossovers, omitted } = result.crossovers;
    lines.push(
      '',
      crossovers.length
        ? 'crossovers (found by bisection on the model):'
        : 'no crossovers: the winner never flips on this grid',
    );
    for (const c of crossovers) lines.push(`  ${describeCrossover(result, c)}`);
    if (omitted > 0) lines.push(`  ... and ${omitted} more flips not refined (narrow the grid)`);
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

/** The sweep as a JSON document (a string, ending in a newline). */
export function renderSweepJson(result: SweepResult, version: string): string {
  const doc = {
    schemaVersion: SWEEP_SCHEMA_VERSION,
    kind: 'tppbench-sweep',
    tool: { name: 'tppbench', version },
    workload: result.workload,
    throughputMetric: result.throughputMetric,
    throughputUnit: result.throughputUnit,
    gpus: result.gpus,
    axes: result.grid.axes,
    fixed: result.fixed,
    points: result.grid.points,
    results: sweepRows(result),
    crossovers: result.crossovers.crossovers.map((c) => ({ ...c, summary: describeCrossover(result, c) })),
    crossoversOmitted: result.crossovers.omitted,
  };
  // Large sweeps stay compact: an indented million-row document would approach V8's string limit.
  return `${JSON.stringify(doc, null, result.throughput.length > 100_000 ? undefined : 2)}\n`;
}

const csvCell = (v: ParamValue | null): string => {
  if (v === null) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The sweep as CSV: one header line, one line per estimate; empty cells where it does not fit. */
export function renderSweepCsv(result: SweepResult): string {
  const keys = result.grid.axes.map((a) => a.key);
  const lines = [[...keys, 'gpu', result.throughputMetric, 'timeMs', 'bound', 'fits'].join(',')];
  for (const r of sweepRows(result)) {
    lines.push(
      [
        ...keys.map((k) => csvCell(r.params[k] ?? null)),
        r.gpu,
        csvCell(r.throughput),
        csvCell(r.timeMs),
        r.bound,
        String(r.fits),
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
