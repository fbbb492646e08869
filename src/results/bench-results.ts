/**
 * The results file of `tppbench run`: versioned JSON with the environment fingerprint, the backend choice,
 * and per kernel case the raw samples, statistics, verification and the backend it actually ran on.
 * Written atomically (temp file + rename); read back through the schema, so a truncated or edited file is a
 * UserError naming the file and the field.
 * @module
 */
import { z } from 'zod';
import { writeFileAtomic } from '../util/atomic-write.ts';
import { readJsonFileWith } from '../util/schema.ts';

/** Version of the results format; bump on incompatible change. */
export const BENCH_RESULTS_SCHEMA_VERSION = 1;

const backend = z.enum(['headlessgl', 'webgpu', 'webasm', 'cpu']);
const positive = z.number().positive();
const nonNegative = z.number().nonnegative();

const statistics = z.strictObject({
  sampleCount: z.number().int().positive(),
  minSec: nonNegative,
  maxSec: nonNegative,
  medianSec: nonNegative,
  madSec: nonNegative,
  meanSec: nonNegative,
  stdDevSec: nonNegative,
  rmePercent: nonNegative,
  ciLowSec: nonNegative,
  ciHighSec: nonNegative,
  ciLevel: z.number().min(0).max(1),
});

const verification = z.strictObject({
  passed: z.boolean(),
  maxRelError: z.number().nullable(),
  toleranceRel: nonNegative,
  detail: z.string().optional(),
});

const caseFields = {
  id: z.string().min(1),
  kernel: z.string().min(1),
  size: z.record(z.string(), z.number().int().positive()),
  /** The backend the case was scheduled on. */
  backend,
  flops: nonNegative,
  bytes: nonNegative,
};

/** Schema of one measured kernel case. */
export const measurementSchema = z.discriminatedUnion('state', [
  z.strictObject({
    ...caseFields,
    state: z.literal('completed'),
    ranOn: backend,
    renderer: z.string().optional(),
    verification,
    samplesSec: z.array(nonNegative).min(1),
    statistics,
    flopsPerSec: nonNegative,
    bytesPerSec: nonNegative,
  }),
  z.strictObject({ ...caseFields, state: z.literal('invalid'), ranOn: backend, verification }),
  z.strictObject({
    ...caseFields,
    state: z.literal('errored'),
    phase: z.enum(['load', 'build', 'run', 'time', 'crash']),
    error: z.strictObject({ name: z.string(), message: z.string() }),
  }),
  z.strictObject({ ...caseFields, state: z.literal('timed-out'), timeoutMs: positive }),
]);

const backendStatus = z.strictObject({
  backend,
  available: z.boolean(),
  renderer: z.string().optional(),
  reason: z.string().optional(),
});

/** Schema of the environment fingerprint. */
export const environmentSchema = z.strictObject({
  cpuModel: z.string(),
  cores: z.number().int().positive(),
  memoryBytes: positive,
  os: z.strictObject({ platform: z.string(), release: z.string(), arch: z.string() }),
  nodeVersion: z.string(),
  packageVersion: z.string(),
  gitCommit: z.string().nullable(),
  threads: z.number().int().positive(),
  backends: z.array(backendStatus),
});

/** Schema of a whole results file. */
export const benchResultsSchema = z.strictObject({
  schemaVersion: z.literal(BENCH_RESULTS_SCHEMA_VERSION),
  kind: z.literal('tppbench-results'),
  suite: z.string(),
  createdAt: z.iso.datetime(),
  wallTimeMs: nonNegative,
  environment: environmentSchema,
  selection: z.strictObject({
    requested: z.enum(['auto', 'headlessgl', 'webgpu', 'webasm', 'cpu', 'suite']),
    used: z.array(backend),
    notes: z.array(z.string()),
  }),
  settings: z.strictObject({
    timing: z.strictObject({
      warmupRuns: z.number().int().nonnegative(),
      minSamples: z.number().int().positive(),
      minTimeMs: nonNegative,
      maxTimeMs: nonNegative,
    }),
    kernelTimeoutMs: positive,
    filter: z.string().nullable(),
  }),
  measurements: z.array(measurementSchema),
});

/** One measured kernel case. */
export type Measurement = z.infer<typeof measurementSchema>;
/** The environment fingerprint. */
export type BenchEnvironment = z.infer<typeof environmentSchema>;
/** A whole results file. */
export type BenchResults = z.infer<typeof benchResultsSchema>;

/** Write `results` to `path` atomically, as pretty JSON. */
export function writeBenchResults(path: string, results: BenchResults): void {
  writeFileAtomic(path, `${JSON.stringify(results, null, 2)}\n`);
}

/** Read and validate a results file; any problem is a UserError naming `path` (and the field). */
export function readBenchResults(path: string): BenchResults {
  return readJsonFileWith(benchResultsSchema, path);
}
