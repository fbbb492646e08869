/**
 * The calibration contract (`tppbench calibrate probe.json --gpu <id> --out cal.json`), version 1:
 * `{ schemaVersion: 1, kind: 'tppbench-calibration', tool, gpu, probe: { createdAt, device, software },
 * fit: { compute: { 'tensor-16bit'?: { etaMax, kHalf }, 'tensor-8bit'? }, launchLatencySec, memoryLine:
 * { intercept, slope }, bands: { compute, memory } }, gemm: [...], memory: [...], checks: [...] }`.
 * `fit` is what `--calibration` applies to the GPU `gpu`; `gemm` and `memory` are the points it was fitted
 * on with their residuals; `checks` are measurements that were not fitted (attention, the decode step),
 * each beside the calibrated model's time: validation, never calibration.
 * @module
 */
import { z } from 'zod';
import type { GpuCalibration } from '../hardware/types.ts';
import { finite, toolSchema } from '../results/common.ts';
import { INPUT_LIMITS } from '../util/read-input.ts';
import { readJsonFileWith } from '../util/schema.ts';

/** Current version of the calibration document. */
export const CALIBRATION_SCHEMA_VERSION = 1;

const curveSchema = z.strictObject({ etaMax: finite.positive().max(1), kHalf: finite.nonnegative() });

/** The fitted constants, as {@link GpuCalibration} holds them (less the file). */
export const calibrationFitSchema = z.strictObject({
  compute: z.strictObject({ 'tensor-16bit': curveSchema.optional(), 'tensor-8bit': curveSchema.optional() }),
  launchLatencySec: finite.nonnegative(),
  memoryLine: z.strictObject({ intercept: finite, slope: finite }),
  bands: z.strictObject({ compute: finite.nonnegative().max(1), memory: finite.nonnegative().max(1) }),
});

/** The schema of a calibration document. */
export const calibrationDocumentSchema = z.strictObject({
  schemaVersion: z.literal(CALIBRATION_SCHEMA_VERSION, {
    error: `must be ${CALIBRATION_SCHEMA_VERSION} (rerun \`tppbench calibrate\` with this version)`,
  }),
  kind: z.literal('tppbench-calibration'),
  tool: toolSchema,
  /** Catalog id of the calibrated GPU. */
  gpu: z.string().min(1),
  probe: z.strictObject({
    createdAt: z.string(),
    device: z.string(),
    torch: z.string(),
    cuda: z.string(),
  }),
  fit: calibrationFitSchema,
  gemm: z.array(
    z.strictObject({
      label: z.string(),
      precision: z.string(),
      m: finite,
      n: finite,
      k: finite,
      measuredTflops: finite,
      fittedTflops: finite,
      relativeError: finite,
    }),
  ),
  memory: z.array(
    z.strictObject({
      kernel: z.string(),
      readFraction: finite,
      measuredEfficiency: finite,
      fittedEfficiency: finite,
      relativeError: finite,
    }),
  ),
  checks: z.array(
    z.strictObject({
      what: z.string(),
      measuredMs: finite,
      modelMs: finite.nullable(),
      /** measured / model. */
      ratio: finite.nullable(),
      /** Achieved fraction of the catalog peak (compute-bound) or bandwidth (memory-bound). */
      efficiency: finite.nullable(),
      basis: z.enum(['peak', 'bandwidth']),
    }),
  ),
});

/** A calibration document. */
export type CalibrationDocument = z.output<typeof calibrationDocumentSchema>;

/** Read and validate a calibration file; errors name the file and the field. */
export function readCalibrationFile(path: string): CalibrationDocument {
  return readJsonFileWith(calibrationDocumentSchema, path, {
    what: 'calibration file',
    maxBytes: INPUT_LIMITS.gpuFile,
  });
}

/** The constants a GPU carries from a calibration document read from `file`. */
export function gpuCalibrationOf(document: CalibrationDocument, file: string): GpuCalibration {
  const compute: Record<string, { etaMax: number; kHalf: number }> = {};
  for (const cls of ['tensor-16bit', 'tensor-8bit'] as const) {
    const curve = document.fit.compute[cls];
    if (curve) compute[cls] = { etaMax: curve.etaMax, kHalf: curve.kHalf };
  }
  return {
    file,
    deviceName: document.probe.device,
    compute,
    launchLatencySec: document.fit.launchLatencySec,
    memoryLine: { ...document.fit.memoryLine },
    bands: { ...document.fit.bands },
  };
}
