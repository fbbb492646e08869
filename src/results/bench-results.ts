/**
 * The results file of `tppbench run`: versioned JSON with the environment fingerprint, the backend choice,
 * and per kernel case the raw samples, statistics, verification and the backend it actually ran on.
 * Written atomically (temp file + rename); read back through the schema, so a truncated or edited file is a
 * UserError naming the file and the field.
 * @module
 */
import { z } from 'zod';
import { BACKENDS, type BackendName } from '../pool/protocol.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';
import { INPUT_LIMITS } from '../util/read-input.ts';
import { readJsonFileWith } from '../util/schema.ts';

/** Version of the results format; bump on incompatible change. */
export const BENCH_RESULTS_SCHEMA_VERSION = 1;

const backend = z.enum(BACKENDS);
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
  /**
   * `run --repeat N`: how many of the N rounds completed the case (its samples are those rounds' pooled).
   * Absent in a run of one round and in files written before this field (added within schema version 1).
   */
  rounds: z.number().int().nonnegative().optional(),
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
    /** How the samples were taken; absent in files older than the device-resident tier (= per-call). */
    timing: z
      .discriminatedUnion('method', [
        z.strictObject({ method: z.literal('per-call') }),
        z.strictObject({ method: z.literal('device-resident'), callsPerSample: z.number().int().positive() }),
      ])
      .optional(),
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
  z.strictObject({ ...caseFields, state: z.literal('unsupported'), reason: z.string() }),
]);

const adapterInfo = z.strictObject({
  vendor: z.string(),
  architecture: z.string(),
  device: z.string(),
  description: z.string(),
  features: z.array(z.string()),
});

const backendStatus = z.strictObject({
  backend,
  available: z.boolean(),
  renderer: z.string().optional(),
  reason: z.string().optional(),
  /** WebGPU backends: the adapter. */
  adapter: adapterInfo.optional(),
});

/** Schema of the local GPU: what it is, how it was identified, and its catalog id when it has one. */
export const localGpuSchema = z.strictObject({
  /** Product name, e.g. `NVIDIA H200`. */
  name: z.string(),
  /** Catalog id (`h200`), or null when the GPU is not in the catalog. */
  catalogId: z.string().nullable(),
  /** `flag`: `--local-gpu`; `nvidia-smi`: its name query; `adapter`: the WebGPU adapter's info. */
  source: z.enum(['flag', 'nvidia-smi', 'adapter']),
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
  /** The GPU the WebGPU backends ran on, when one was identified. */
  gpu: localGpuSchema.optional(),
  /** Where the WebGPU backends ran: the device host (dawn.node) or a browser. */
  webgpuHost: z.strictObject({ kind: z.enum(['dawn.node', 'browser']), detail: z.string() }).optional(),
  /**
   * The software adapter the WebGPU backends ran on (`SwiftShader`, or a Mesa llvmpipe/lavapipe name): a CPU,
   * so their figures check correctness only and are not GPU figures. Absent when they ran on a GPU, when no
   * WebGPU backend ran, and in files written before this field (added within schema version 1).
   */
  softwareAdapter: z.string().min(1).optional(),
  /**
   * The CPU's fp32 peak, `cores x clock x lanes x 2 x FMA units`, with how each factor was read (added within
   * schema version 1; absent in older files). `wasmFlopsPerSec`: the same at 128-bit SIMD, WebAssembly's width.
   */
  cpuPeak: z
    .strictObject({
      flopsPerSec: positive,
      wasmFlopsPerSec: positive,
      cores: z.number().int().positive(),
      clockHz: positive,
      lanes: z.number().int().positive(),
      fmaUnits: z.number().int().positive(),
      source: z.string(),
    })
    .optional(),
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
    requested: z.enum(['auto', ...BACKENDS, 'suite']),
    used: z.array(backend),
    notes: z.array(z.string()),
    /** Where several backends ran each case (auto): the fastest verified backend of each case id. */
    fastest: z.array(z.strictObject({ id: z.string(), backend })).optional(),
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
  /**
   * `run --shard i/n`: which part of a split suite this file holds, and every case id the shard was assigned
   * (measured or not), so `merge` can tell overlapping and missing shards apart. Absent in a whole run, in a
   * merged file, and in files written before this field (added within schema version 1).
   */
  shard: z
    .strictObject({
      index: z.number().int().positive(),
      count: z.number().int().positive(),
      caseIds: z.array(z.string().min(1)),
    })
    .refine((s) => s.index <= s.count, { message: 'index must be at most count' })
    .optional(),
  /**
   * `run --repeat N`: the suite ran N times in rounds (every case once per round) and each case's rounds were
   * pooled. Absent in a run of one round and in files written before this field (added within schema version 1).
   */
  repeat: z.strictObject({ rounds: z.number().int().positive() }).optional(),
  measurements: z.array(measurementSchema).superRefine((measurements, context) => {
    // A completed case whose samples are all zero has no time and no rate: the file is not a measurement.
    measurements.forEach((m, i) => {
      if (m.state === 'completed' && !m.samplesSec.some((s) => s > 0)) {
        context.addIssue({
          code: 'custom',
          path: [i, 'samplesSec'],
          message: 'are all zero: a completed case needs a positive time',
        });
      }
    });
  }),
});

/** One measured kernel case. */
export type Measurement = z.infer<typeof measurementSchema>;
/** The local GPU of a results file. */
export type LocalGpu = z.infer<typeof localGpuSchema>;
/** The environment fingerprint. */
export type BenchEnvironment = z.infer<typeof environmentSchema>;
/** A whole results file. */
export type BenchResults = z.infer<typeof benchResultsSchema>;

/**
 * Whether a case failed: it errored, timed out, or gave a wrong result. A kernel that has no
 * implementation for the backend (`unsupported`) is not a failure.
 */
export function isFailedMeasurement(m: Measurement): boolean {
  return m.state === 'errored' || m.state === 'invalid' || m.state === 'timed-out';
}

/**
 * The fastest verified backend of each case id that completed on any backend, in the order cases first
 * appear; a case that completed nowhere has no entry.
 */
export function fastestPerCase(measurements: readonly Measurement[]): { id: string; backend: BackendName }[] {
  const best = new Map<string, { backend: BackendName; medianSec: number }>();
  for (const m of measurements) {
    if (m.state !== 'completed') continue;
    const top = best.get(m.id);
    if (!top || m.statistics.medianSec < top.medianSec) {
      best.set(m.id, { backend: m.ranOn, medianSec: m.statistics.medianSec });
    }
  }
  return [...best].map(([id, { backend }]) => ({ id, backend }));
}

/** Build a results document from its contents: the version and kind are stamped here. */
export function benchResultsDocument(contents: Omit<BenchResults, 'schemaVersion' | 'kind'>): BenchResults {
  return { schemaVersion: BENCH_RESULTS_SCHEMA_VERSION, kind: 'tppbench-results', ...contents };
}

/** Write `results` to `path` atomically, as pretty JSON. */
export function writeBenchResults(path: string, results: BenchResults): void {
  writeFileAtomic(path, `${JSON.stringify(results, null, 2)}\n`);
}

/** Read and validate a results file; any problem is a UserError naming `path` (and the field). */
export function readBenchResults(path: string): BenchResults {
  return readJsonFileWith(benchResultsSchema, path, {
    what: 'results file',
    maxBytes: INPUT_LIMITS.resultsFile,
  });
}
