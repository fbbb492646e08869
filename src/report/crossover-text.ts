/**
 * Sentences about a sweep (pure: data -> string): a crossover, an axis value, what was swept. The terminal
 * summary (`report/sweep.ts`) and the sweep JSON's crossover summaries (`results/sweep.ts`) share them.
 * @module
 */
import type { Crossover } from '../analysis/crossovers.ts';
import type { SweepHeader } from '../analysis/sweep-types.ts';
import type { Bound } from '../model/types.ts';
import { isIntegerKind, type ParamValue } from '../workloads/params.ts';
import { formatSignificant } from './estimate.ts';

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
