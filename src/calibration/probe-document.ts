/**
 * The probe output contract (`python3 probe.py out.json`, the script `tppbench probe --script` prints),
 * version 1: `{ schemaVersion: 1, kind: 'tppbench-probe', tool: { name: 'tppbench-probe', version },
 * createdAt, device: { name, computeCapability, smCount, memoryBytes }, software: { torch, cuda, python },
 * measurements: [...], skipped: [{ what, reason }] }`. Each measurement is one median time in seconds of a
 * CUDA-event-timed op: `gemm` (precision, m, n, k), `memory` (kernel copy|triad|read, bytes moved),
 * `attention` (prefill|decode and its shape), `decode-step` (a Llama-style layer stack under a CUDA graph).
 * @module
 */
import { z } from 'zod';
import { finite } from '../results/common.ts';
import { INPUT_LIMITS } from '../util/read-input.ts';
import { readJsonFileWith } from '../util/schema.ts';

/** Current version of the probe output; probe.py writes the same number. */
export const PROBE_SCHEMA_VERSION = 1;

const positiveInt = z.number().int().positive();
const seconds = finite.positive();
const repetitions = positiveInt;

const gemmSchema = z.strictObject({
  kind: z.literal('gemm'),
  label: z.string(),
  precision: z.enum(['bf16', 'fp8']),
  m: positiveInt,
  n: positiveInt,
  k: positiveInt,
  seconds,
  repetitions,
});

const memorySchema = z.strictObject({
  kind: z.literal('memory'),
  kernel: z.enum(['copy', 'triad', 'read']),
  arrayBytes: positiveInt,
  bytes: positiveInt,
  seconds,
  repetitions,
});

const attentionSchema = z.strictObject({
  kind: z.literal('attention'),
  phase: z.enum(['prefill', 'decode']),
  precision: z.literal('bf16'),
  batch: positiveInt,
  heads: positiveInt,
  kvHeads: positiveInt,
  headDim: positiveInt,
  qLen: positiveInt,
  kvLen: positiveInt,
  causal: z.boolean(),
  seconds,
  repetitions,
});

const decodeStepSchema = z.strictObject({
  kind: z.literal('decode-step'),
  precision: z.literal('bf16'),
  cudaGraph: z.boolean(),
  hidden: positiveInt,
  heads: positiveInt,
  kvHeads: positiveInt,
  headDim: positiveInt,
  intermediate: positiveInt,
  layers: positiveInt,
  batch: positiveInt,
  kvLen: positiveInt,
  seconds,
  repetitions,
});

/** The schema of a probe output file. */
export const probeDocumentSchema = z.strictObject({
  schemaVersion: z.literal(PROBE_SCHEMA_VERSION, {
    error: `must be ${PROBE_SCHEMA_VERSION} (this tppbench reads probe files of version ${PROBE_SCHEMA_VERSION}; print the matching probe with \`tppbench probe --script\`)`,
  }),
  kind: z.literal('tppbench-probe'),
  tool: z.strictObject({ name: z.literal('tppbench-probe'), version: z.string() }),
  createdAt: z.string(),
  device: z.strictObject({
    name: z.string().min(1),
    computeCapability: z.string(),
    smCount: positiveInt,
    memoryBytes: positiveInt,
  }),
  software: z.strictObject({ torch: z.string(), cuda: z.string(), python: z.string() }),
  measurements: z.array(
    z.discriminatedUnion('kind', [gemmSchema, memorySchema, attentionSchema, decodeStepSchema]),
  ),
  skipped: z.array(z.strictObject({ what: z.string(), reason: z.string() })),
});

/** A probe output file as read. */
export type ProbeDocument = z.output<typeof probeDocumentSchema>;
/** One measurement of a probe. */
export type ProbeMeasurement = ProbeDocument['measurements'][number];

/** Read and validate a probe output file; errors name the file and the field. */
export function readProbeFile(path: string): ProbeDocument {
  return readJsonFileWith(probeDocumentSchema, path, { what: 'probe file', maxBytes: INPUT_LIMITS.gpuFile });
}
