/**
 * The sweep documents (`tppbench sweep --json`, `--out file.json|file.csv`), JSON version 1:
 *
 * `{ schemaVersion: 1, kind: 'tppbench-sweep', tool, workload, throughputMetric, throughputUnit, gpus, axes,
 * fixed, points, warnings, results: [ { params, gpu, throughput, timeMs, bound, fits } ], crossovers,
 * crossoversOmitted, crossoverWarnings, crossoversError }`, one result per grid point and GPU in grid order
 * (null numbers where the workload does not fit); the CSV has the same rows, one line each.
 *
 * Both come in pieces (a head, the rows of each chunk, a tail) so a sweep of any size streams:
 * `renderSweepJson` and `renderSweepCsv` join the same pieces for a sweep held in memory. The rows are
 * written as text directly (the hot path of a sweep); the document tests hold them to the schema.
 * @module
 */
import { z } from 'zod';
import type { SweepChunkData } from '../analysis/sweep-protocol.ts';
import type { SweepHeader, SweepOutcome, SweepResult } from '../analysis/sweep-types.ts';
import { describeCrossover } from '../report/crossover-text.ts';
import { boundSchema, type DeepReadonly, finite, paramValueSchema, toolSchema, toolStamp } from './common.ts';
import { type CellKind, eachSweepCsvRow, eachSweepJsonRow, type SweepRowLayout } from './sweep-rows.ts';

/** The schema version of the sweep JSON document. */
export const SWEEP_SCHEMA_VERSION = 1;

const params = z.record(z.string(), paramValueSchema);

/** One swept parameter and its values. */
export const sweepAxisSchema = z.strictObject({
  key: z.string(),
  flag: z.string(),
  kind: z.enum(['integer', 'integer-or-max', 'number', 'bytes', 'choice', 'flag', 'string']),
  spacing: z.enum(['list', 'log', 'linear', 'single']),
  values: z.array(paramValueSchema),
});

/** One estimate of the grid. */
export const sweepResultRowSchema = z.strictObject({
  params,
  gpu: z.string(),
  throughput: finite.nonnegative().nullable(),
  timeMs: finite.nonnegative().nullable(),
  bound: boundSchema,
  fits: z.boolean(),
});

const crossoverSide = z.strictObject({ winner: z.string(), bound: boundSchema, ratio: finite.nullable() });

/** A flip of the winner between two GPUs along an axis, with its sentence. */
export const sweepCrossoverSchema = z.strictObject({
  gpus: z.tuple([z.string(), z.string()]),
  axis: z.string(),
  flag: z.string(),
  at: params,
  lastBelow: finite,
  firstAbove: finite,
  below: crossoverSide,
  above: crossoverSide,
  evaluations: z.number().int().nonnegative(),
  summary: z.string(),
});

const headShape = {
  schemaVersion: z.literal(SWEEP_SCHEMA_VERSION),
  kind: z.literal('tppbench-sweep'),
  tool: toolSchema,
  workload: z.string(),
  throughputMetric: z.string(),
  throughputUnit: z.string(),
  gpus: z.array(z.strictObject({ id: z.string(), name: z.string(), tpp: finite.nullable() })),
  axes: z.array(sweepAxisSchema),
  fixed: params,
  points: z.number().int().nonnegative(),
  warnings: z.array(z.string()),
};

const tailShape = {
  crossovers: z.array(sweepCrossoverSchema),
  crossoversOmitted: z.number().int().nonnegative(),
  crossoverWarnings: z.array(z.string()),
  crossoversError: z.string().nullable(),
};

/** The whole JSON document. */
export const sweepDocumentSchema = z.strictObject({
  ...headShape,
  results: z.array(sweepResultRowSchema),
  ...tailShape,
});

/** The JSON document type. */
export type SweepDocument = DeepReadonly<z.output<typeof sweepDocumentSchema>>;
/** The members before `results`. */
export type SweepDocumentHead = DeepReadonly<z.output<z.ZodObject<typeof headShape>>>;
/** The members after `results`. */
export type SweepDocumentTail = DeepReadonly<z.output<z.ZodObject<typeof tailShape>>>;

/** The members of the JSON document before `results`. */
export function sweepDocumentHead(header: SweepHeader, version: string): SweepDocumentHead {
  return {
    schemaVersion: SWEEP_SCHEMA_VERSION,
    kind: 'tppbench-sweep',
    tool: toolStamp(version),
    workload: header.workload,
    throughputMetric: header.throughputMetric,
    throughputUnit: header.throughputUnit,
    gpus: header.gpus,
    axes: header.grid.axes,
    fixed: header.fixed,
    points: header.grid.points,
    warnings: header.warnings,
  };
}

/** The members of the JSON document after `results`: the crossovers. */
export function sweepDocumentTail(outcome: SweepOutcome): SweepDocumentTail {
  const { crossovers, omitted, warnings, error } = outcome.crossovers;
  return {
    crossovers: crossovers.map((c) => ({ ...c, summary: describeCrossover(outcome, c) })),
    crossoversOmitted: omitted,
    crossoverWarnings: warnings,
    crossoversError: error,
  };
}

/** The CSV header line. */
export function sweepCsvHeader(header: SweepHeader): string {
  const keys = header.grid.axes.map((a) => a.key);
  return `${[...keys, 'gpu', header.throughputMetric, 'timeMs', 'bound', 'fits'].join(',')}\n`;
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
  const members = Object.entries(sweepDocumentHead(header, version));
  return `{\n${members.map(([k, v]) => `${member(k, v)},\n`).join('')}  "results": [\n`;
}

/** The rest of the JSON document after the last result: the crossovers. Ends in a newline. */
export function sweepJsonTail(outcome: SweepOutcome): string {
  const tail = sweepDocumentTail(outcome);
  const entries = tail.crossovers.map((c) => `    ${JSON.stringify(c)}`);
  return (
    `\n  ],\n  "crossovers": [${entries.length ? `\n${entries.join(',\n')}\n  ` : ''}],\n` +
    `${member('crossoversOmitted', tail.crossoversOmitted)},\n${member('crossoverWarnings', tail.crossoverWarnings)},\n${member('crossoversError', tail.crossoversError)}\n}\n`
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
