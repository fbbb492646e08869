/**
 * The estimates JSON contract (`tppbench estimate --json`, `tppbench compare --json`), version 1:
 *
 * `{ schemaVersion: 1, kind: 'tppbench-estimates', tool: { name, version }, results: [ { gpu, workload,
 * params, metrics, throughputMetric, bound, fits, memory, range: { low, high }, confidence, breakdown,
 * assumptions, warnings, inputs? } ], comparison? }`.
 *
 * Metric names are fixed per workload: gemm, hpc-fp64 `timeMs`, `tflops`; attention also `bandwidthGBps`;
 * stream `timeMs`, `bandwidthGBps`; collectives `timeMs`, `busBandwidthGBps`, `algBandwidthGBps`; the LLM
 * and training workloads as listed in the README ("Estimates: `estimate` and `compare`"). `range` is the total time in ms at the
 * optimistic (`low`) and pessimistic (`high`) ends. A workload that does not fit has `fits: false`,
 * `bound: 'capacity'`, null metrics and range, and `memory.neededBytes`; one that fits has a finite number
 * for every metric (`timeMs` always) and both ends of the range. `warnings` are the input warnings the CLI
 * prints on stderr; a document written before they had their own field reads back with `warnings: []`.
 * @module
 */
import { z } from 'zod';
import type { Catalog } from '../hardware/catalog.ts';
import type { Estimate } from '../model/estimate.ts';
import { parseWith } from '../util/schema.ts';
import { boundSchema as bound, finite, toolSchema, toolStamp } from './common.ts';
import { estimateInputs } from './estimate-inputs.ts';

/** Current version of the contract. */
export const ESTIMATES_SCHEMA_VERSION = 1;

/** One estimate. */
export const estimateSchema = z
  .object({
    gpu: z.string().min(1),
    workload: z.string().min(1),
    params: z.record(z.string(), z.union([finite, z.string(), z.boolean()])),
    metrics: z.record(z.string(), finite.nonnegative().nullable()),
    throughputMetric: z.string().min(1),
    bound,
    fits: z.boolean(),
    memory: z
      .object({ neededBytes: finite.nonnegative(), capacityBytes: finite.positive().nullable() })
      .strict(),
    range: z.object({ low: finite.nonnegative().nullable(), high: finite.nonnegative().nullable() }).strict(),
    confidence: z.enum(['calibrated', 'borrowed', 'calibrated (user)']),
    breakdown: z.array(
      z
        .object({
          op: z.string(),
          flops: finite.nonnegative(),
          bytes: finite.nonnegative(),
          timeMs: finite.nonnegative(),
          bound: bound.exclude(['capacity']),
          /** Communication hidden behind compute (overlap), not in `timeMs`; absent when none is. */
          hiddenMs: finite.nonnegative().optional(),
        })
        .strict(),
    ),
    assumptions: z.array(z.string()),
    /** Input warnings; absent in documents written before estimates carried them, read as none. */
    warnings: z.array(z.string()).default([]),
    /**
     * What the estimate was computed from (`estimate-inputs.ts`): catalog figures, model fit and config
     * digests; `check` names the ones that changed. Absent in older documents and when not recorded.
     */
    inputs: z.record(z.string(), z.string()).optional(),
  })
  .strict()
  .superRefine((e, ctx) => {
    // A fitting estimate has every number: null means "does not fit", never "overflowed".
    if (!e.fits) return;
    for (const [name, value] of Object.entries(e.metrics)) {
      if (value === null) {
        ctx.addIssue({
          code: 'custom',
          path: ['metrics', name],
          message: 'must be a number when fits is true',
        });
      }
    }
    if (!Object.hasOwn(e.metrics, 'timeMs')) {
      ctx.addIssue({ code: 'custom', path: ['metrics', 'timeMs'], message: 'is required' });
    }
    for (const end of ['low', 'high'] as const) {
      if (e.range[end] === null) {
        ctx.addIssue({ code: 'custom', path: ['range', end], message: 'must be a number when fits is true' });
      }
    }
  });

/** One row of a comparison. */
export const comparisonRowSchema = z
  .object({
    gpu: z.string(),
    name: z.string(),
    tpp: finite.nullable(),
    pd: finite.nullable(),
    verdict: z.object({ status: z.string(), clause: z.string().nullable(), summary: z.string() }).strict(),
    throughput: finite.nullable(),
    timeMs: finite.nullable(),
    bound,
    ratioToFirst: finite.nullable(),
    inverts: z.array(z.string()),
  })
  .strict();

/** "This machine" (`compare --with-local`): the first GPU's ops re-timed on the measured local profile. */
export const localRowSchema = z
  .object({
    machine: z.string(),
    backend: z.string(),
    resultsFile: z.string(),
    measuredTpp: finite,
    peakGflops: finite,
    bandwidthGBps: finite,
    throughput: finite.nullable(),
    timeMs: finite,
    bound: z.enum(['compute', 'memory']),
    ratioToFirst: finite.nullable(),
    note: z.string(),
  })
  .strict();

/** A lower-TPP GPU that delivers more throughput than a higher-TPP one. */
export const inversionSchema = z
  .object({
    gpu: z.string(),
    over: z.string(),
    tpp: finite,
    overTpp: finite,
    throughputRatio: finite,
  })
  .strict();

/** `compare`'s extra section. */
export const comparisonSchema = z
  .object({
    workload: z.string(),
    throughputMetric: z.string(),
    throughputUnit: z.string(),
    rule: z.string(),
    rows: z.array(comparisonRowSchema),
    inversions: z.array(inversionSchema),
    local: localRowSchema.optional(),
  })
  .strict();

/** The whole document. */
export const estimatesDocumentSchema = z
  .object({
    schemaVersion: z.literal(ESTIMATES_SCHEMA_VERSION),
    kind: z.literal('tppbench-estimates'),
    tool: toolSchema,
    results: z.array(estimateSchema),
    comparison: comparisonSchema.optional(),
  })
  .strict();

/** The document type. */
export type EstimatesDocument = z.output<typeof estimatesDocumentSchema>;
/** A comparison section. */
export type ComparisonSection = z.output<typeof comparisonSchema>;

/** Options of {@link estimatesDocument}. */
export interface EstimatesDocumentOptions {
  /** The catalog the estimates used: each result records its inputs (`results[].inputs`) when given. */
  readonly catalog?: Catalog;
}

/**
 * Build a document from estimates (and a comparison for `compare`); with `options.catalog`, each result
 * records the inputs it was computed from.
 */
export function estimatesDocument(
  results: readonly Estimate[],
  toolVersion: string,
  comparison?: ComparisonSection,
  options: EstimatesDocumentOptions = {},
): EstimatesDocument {
  const { catalog } = options;
  return {
    schemaVersion: ESTIMATES_SCHEMA_VERSION,
    kind: 'tppbench-estimates',
    tool: toolStamp(toolVersion),
    results: results.map((r) => ({
      ...r,
      params: { ...r.params },
      metrics: { ...r.metrics },
      breakdown: [...r.breakdown],
      assumptions: [...r.assumptions],
      warnings: [...r.warnings],
      ...(catalog ? { inputs: estimateInputs(r, catalog.find(r.gpu)) } : {}),
    })),
    ...(comparison ? { comparison } : {}),
  };
}

/** Validate a document read from a file or another process; errors name `label` and the field. */
export function parseEstimatesDocument(data: unknown, label: string): EstimatesDocument {
  return parseWith(estimatesDocumentSchema, data, label);
}
