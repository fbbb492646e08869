/**
 * The local-profile document (`tppbench profile <results.json> --json`), version 1:
 *
 * `{ schemaVersion: 1, kind: 'tppbench-local-profile', profile, rows, skipped, medianAbsErrorPercent,
 * catalogCheck?, cpuRooflineCheck? }`: the profile fitted from a results file, the model self-check of each
 * kernel against it, when the run's GPU is in the catalog the check of the catalog record against the same
 * kernels, and when kernels ran on a CPU backend the CPU roofline check (added within version 1).
 * @module
 */
import { z } from 'zod';
import type { CpuRooflineCheck } from '../bench/cpu-roofline.ts';
import type { CatalogCheck, SelfCheck } from '../bench/self-check.ts';
import { BACKENDS } from '../pool/protocol.ts';
import { localGpuSchema } from './bench-results.ts';
import { boundSchema, type DeepReadonly, finite } from './common.ts';

/** Current version of the document. */
export const LOCAL_PROFILE_SCHEMA_VERSION = 1;

const backend = z.enum(BACKENDS);
const opBound = boundSchema.exclude(['capacity']);

/** What each backend of the machine offers. */
export const localProfileSchema = z.strictObject({
  machine: z.string(),
  createdAt: z.string(),
  backends: z.array(
    z.strictObject({
      backend,
      renderer: z.string().optional(),
      peakFlopsPerSec: finite.positive().nullable(),
      peakSource: z.string().nullable(),
      bandwidthBytesPerSec: finite.positive().nullable(),
      bandwidthSource: z.string().nullable(),
    }),
  ),
  gpu: localGpuSchema.optional(),
});

/** The check of the catalog record of the run's GPU against the kernels that ran on WebGPU. */
export const catalogCheckSchema = z.strictObject({
  gpuId: z.string(),
  rows: z.array(
    z.strictObject({
      id: z.string(),
      kernel: z.string(),
      backend,
      measuredSec: finite.nonnegative(),
      modelledSec: finite.nonnegative(),
      errorPercent: finite,
      bound: opBound,
      note: z.string(),
    }),
  ),
  skipped: z.array(z.strictObject({ id: z.string(), reason: z.string() })),
  medianAbsErrorPercent: finite.nullable(),
  /** Why nothing was checked (a software adapter: no catalog GPU ran); absent when the check ran. */
  notChecked: z.string().optional(),
});

/** Each CPU kernel against the roofline of the CPU's peak and the run's triad bandwidth, or why not. */
export const cpuRooflineCheckSchema = z.union([
  z.strictObject({
    peakFlopsPerSec: finite.positive(),
    machinePeakFlopsPerSec: finite.positive(),
    peakSource: z.string(),
    bandwidthBytesPerSec: finite.positive(),
    bandwidthSource: z.string(),
    rows: z.array(
      z.strictObject({
        id: z.string(),
        backend,
        measuredSec: finite.nonnegative(),
        rooflineSec: finite.nonnegative(),
        attainment: finite.nonnegative(),
        bound: z.enum(['compute', 'memory']),
      }),
    ),
  }),
  z.strictObject({ notChecked: z.string() }),
]);

/** The whole document. */
export const localProfileDocumentSchema = z.strictObject({
  schemaVersion: z.literal(LOCAL_PROFILE_SCHEMA_VERSION),
  kind: z.literal('tppbench-local-profile'),
  profile: localProfileSchema,
  rows: z.array(
    z.strictObject({
      id: z.string(),
      backend,
      measuredSec: finite.nonnegative(),
      predictedSec: finite.nonnegative(),
      errorPercent: finite,
      bound: opBound,
      role: z.enum(['calibration', 'check']),
    }),
  ),
  skipped: z.array(z.strictObject({ id: z.string(), backend, reason: z.string() })),
  medianAbsErrorPercent: finite.nullable(),
  catalogCheck: catalogCheckSchema.optional(),
  cpuRooflineCheck: cpuRooflineCheckSchema.optional(),
});

/** The document type. */
export type LocalProfileDocument = DeepReadonly<z.output<typeof localProfileDocumentSchema>>;

/** Build the document from a self-check, and the catalog check when the run's GPU is in the catalog. */
export function localProfileDocument(
  check: SelfCheck,
  catalogCheck?: CatalogCheck,
  cpuRooflineCheck?: CpuRooflineCheck | { readonly notChecked: string },
): LocalProfileDocument {
  return {
    schemaVersion: LOCAL_PROFILE_SCHEMA_VERSION,
    kind: 'tppbench-local-profile',
    ...check,
    ...(catalogCheck === undefined ? {} : { catalogCheck }),
    ...(cpuRooflineCheck === undefined ? {} : { cpuRooflineCheck }),
  };
}
