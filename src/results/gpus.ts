/**
 * The GPU catalog document (`tppbench gpus --json`), version 1:
 *
 * `{ schemaVersion: 1, kind: 'tppbench-gpus', gpus: [ { id, name, regulation, keySpecs, unverified, spec } ] }`,
 * where `spec` is the full catalog record with a source beside every number and `regulation` the TPP, PD
 * and verdict per rule.
 * @module
 */
import { z } from 'zod';
import type { GpuSummary } from '../api/gpus.ts';
import { ARCHITECTURES, PRECISIONS, SCALE_UP_FABRICS } from '../hardware/types.ts';
import { type DeepReadonly, finite, knownSchema, regulatoryProfileSchema, sourcedSchema } from './common.ts';

/** Current version of the document. */
export const GPUS_SCHEMA_VERSION = 1;

const quantity = sourcedSchema(finite.nonnegative());

/** A catalog record (`GpuSpec`) with every source. */
export const gpuSpecSchema = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  aliases: z.array(z.string()),
  /** Absent in documents written before the catalog carried it. */
  architecture: knownSchema(z.enum(ARCHITECTURES)).optional(),
  peakDenseOpsPerSec: z.record(z.enum(PRECISIONS), quantity),
  memoryCapacityBytes: quantity,
  memoryBandwidthBytesPerSec: quantity,
  scaleUpBandwidthBytesPerSec: quantity,
  /** Absent in documents written before the catalog carried it. */
  scaleUpFabric: knownSchema(z.enum(SCALE_UP_FABRICS)).optional(),
  scaleOutBandwidthBytesPerSec: quantity,
  pcieBandwidthBytesPerSec: quantity,
  tdpWatts: quantity,
  dieAreaMm2: quantity,
  smCount: quantity,
  l2CacheBytes: quantity,
  datacenter: sourcedSchema(z.boolean()),
  launchDate: sourcedSchema(z.string()),
  origin: z.enum(['built-in', 'user-file']),
});

const keySpecs = z.strictObject({
  bf16Tflops: finite.nullable(),
  fp8Tflops: finite.nullable(),
  memoryGB: finite.nullable(),
  memoryTBps: finite.nullable(),
  linkGBps: finite.nullable(),
});

/** One row of the GPU table. */
export const gpuSummarySchema = z.strictObject({
  id: z.string().min(1),
  name: z.string(),
  regulation: regulatoryProfileSchema,
  keySpecs,
  unverified: z.array(keySpecs.keyof()),
  spec: gpuSpecSchema,
});

/** The whole document. */
export const gpusDocumentSchema = z.strictObject({
  schemaVersion: z.literal(GPUS_SCHEMA_VERSION),
  kind: z.literal('tppbench-gpus'),
  gpus: z.array(gpuSummarySchema),
});

/** The document type. */
export type GpusDocument = DeepReadonly<z.output<typeof gpusDocumentSchema>>;

/** Build the document from the rows of `listGpus`. */
export function gpusDocument(gpus: readonly GpuSummary[]): GpusDocument {
  return { schemaVersion: GPUS_SCHEMA_VERSION, kind: 'tppbench-gpus', gpus };
}
