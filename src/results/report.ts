/**
 * The report document (`tppbench report --format json`, and `--format json` on `compare`, `inversions`,
 * `sweep`), version 1:
 *
 * `{ schemaVersion: 1, kind: 'tppbench-report', tool: { name, version }, report }`, where `report` is the
 * {@link ReportData} every renderer draws from, member for member (`report/report-data.ts`): numbers a
 * source lacks are `null`, never NaN. Saved, it renders again in any format (`tppbench report r.json`).
 * @module
 */
import { z } from 'zod';
import type { ReportData } from '../report/report-data.ts';
import { boundSchema, type DeepReadonly, finite, toolSchema, toolStamp } from './common.ts';

/** Current version of the document. */
export const REPORT_SCHEMA_VERSION = 1;

const num = finite.nullable();

const sourceLink = z.strictObject({ label: z.string(), url: z.string().nullable() });

const summaryLine = z.strictObject({
  text: z.string(),
  sectionId: z.string(),
  gpu: z.string(),
  over: z.string(),
  ratio: num,
  binding: boundSchema.nullable(),
});

const reportGpu = z.strictObject({
  id: z.string(),
  name: z.string(),
  tpp: num,
  pd: num,
  verdicts: z.record(z.string(), z.string()),
  bf16Tflops: num,
  fp8Tflops: num,
  memoryGB: num,
  memoryTBps: num,
  linkGBps: num,
  unverified: z.array(z.string()),
  sources: z.array(sourceLink),
});

const workloadRow = z.strictObject({
  gpu: z.string(),
  name: z.string(),
  tpp: num,
  throughput: num,
  normalized: num,
  bound: boundSchema,
  fits: z.boolean(),
  inverts: z.array(z.string()),
});

const workloadComparison = z.strictObject({
  id: z.string(),
  title: z.string(),
  workload: z.string(),
  command: z.string(),
  throughputMetric: z.string(),
  throughputUnit: z.string(),
  rows: z.array(workloadRow),
  rationale: z.string().nullable(),
});

const rooflinePoint = z.strictObject({
  sectionId: z.string(),
  label: z.string(),
  intensity: finite,
  flopsPerSec: finite,
  bound: boundSchema,
});

const roofline = z.strictObject({
  gpu: z.string(),
  name: z.string(),
  peakFlopsPerSec: finite,
  memoryBytesPerSec: finite,
  points: z.array(rooflinePoint),
});

const sweepAxis = z.strictObject({
  key: z.string(),
  flag: z.string(),
  log: z.boolean(),
  labels: z.array(z.string()).nullable(),
});

const sweepSeries = z.strictObject({
  gpu: z.string(),
  name: z.string(),
  points: z.array(z.strictObject({ x: finite, throughput: num })),
});

const winnerCell = z.strictObject({
  xi: z.number().int().nonnegative(),
  yi: z.number().int().nonnegative(),
  winner: z.string().nullable(),
  margin: num,
});

const sweepBoundary = z.strictObject({
  gpus: z.tuple([z.string(), z.string()]),
  axis: z.string(),
  below: z.string(),
  above: z.string(),
  atMin: finite,
  atMax: finite,
  count: z.number().int().nonnegative(),
  text: z.string(),
});

const sweepView = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('line'), axis: sweepAxis, series: z.array(sweepSeries) }),
  z.strictObject({
    kind: z.literal('winner-map'),
    x: sweepAxis,
    y: sweepAxis,
    xValues: z.array(finite),
    yValues: z.array(finite),
    binned: z.boolean(),
    cells: z.array(winnerCell),
  }),
  z.strictObject({ kind: z.literal('none'), reason: z.string() }),
]);

const sweepSection = z.strictObject({
  id: z.string(),
  title: z.string(),
  workload: z.string(),
  throughputMetric: z.string(),
  throughputUnit: z.string(),
  gpus: z.array(z.strictObject({ id: z.string(), name: z.string(), tpp: num })),
  estimates: z.number().int().nonnegative(),
  fixed: z.record(z.string(), z.union([finite, z.string(), z.boolean()])),
  view: sweepView,
  boundaries: z.array(sweepBoundary),
});

const tppPoint = z.strictObject({
  sectionId: z.string(),
  workload: z.string(),
  gpu: z.string(),
  name: z.string(),
  tpp: finite,
  normalized: finite,
});

const selfCheckRow = z.strictObject({
  case: z.string(),
  measured: finite,
  modelled: finite,
  unit: z.string(),
  error: finite,
});

const localSection = z.strictObject({
  machine: z.string(),
  suite: z.string(),
  backends: z.array(z.string()),
  device: z.string(),
  software: z.boolean(),
  profile: z.array(z.strictObject({ backend: z.string(), peakGflops: num, bandwidthGBps: num })),
  kernels: z.array(
    z.strictObject({
      case: z.string(),
      backend: z.string(),
      state: z.string(),
      unit: z.string(),
      median: num,
      ciLow: num,
      ciHigh: num,
      samples: z.number().int().nonnegative(),
      note: z.string().nullable(),
    }),
  ),
  selfCheck: z.array(selfCheckRow),
  catalogGpu: z.string().nullable(),
  catalogCheck: z.array(selfCheckRow),
  /** Added within version 1: absent in older reports and in runs without a CPU backend. */
  cpuRoofline: z
    .strictObject({
      basis: z.string(),
      rows: z.array(
        z.strictObject({
          case: z.string(),
          measured: finite,
          roofline: finite,
          unit: z.string(),
          attainment: finite,
        }),
      ),
    })
    .optional(),
});

const modelSection = z.strictObject({
  assumptions: z.array(z.string()),
  fit: z.array(z.string()),
  validation: z.array(
    z.strictObject({
      group: z.string(),
      id: z.string(),
      measured: finite,
      modelled: finite,
      unit: z.string(),
      error: finite,
      source: sourceLink,
    }),
  ),
});

/** A report's data ({@link ReportData}). */
export const reportDataSchema = z.strictObject({
  title: z.string(),
  generatedAt: z.iso.datetime(),
  toolVersion: z.string(),
  inputs: z.array(z.strictObject({ file: z.string(), kind: z.string() })),
  summary: z.array(summaryLine),
  gpus: z.array(reportGpu),
  workloads: z.array(workloadComparison),
  rooflines: z.array(roofline),
  sweeps: z.array(sweepSection),
  tppPoints: z.array(tppPoint),
  local: localSection.nullable(),
  model: modelSection,
});

/** The whole document. */
export const reportDocumentSchema = z.strictObject({
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  kind: z.literal('tppbench-report'),
  tool: toolSchema,
  report: reportDataSchema,
});

/** The document type. */
export type ReportDocument = DeepReadonly<z.output<typeof reportDocumentSchema>>;

/** Build the document of a report; the tool stamp is the version the report was built with. */
export function reportDocument(data: ReportData): ReportDocument {
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    kind: 'tppbench-report',
    tool: toolStamp(data.toolVersion),
    report: data,
  };
}
