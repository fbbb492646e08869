/**
 * The inputs an estimate was computed from, recorded in the estimates document (`results[].inputs`) so that
 * `tppbench check` names the one that changed: the catalog figures of the GPU the model reads
 * (`catalog.<field>`, `catalog.peakDenseOpsPerSec.<precision>`), the fitted efficiency curves
 * (`model fit`: a digest of the fitted constants) and the model config file (`model config`: a digest of
 * its bytes, when `modelConfig` names one). Values are strings, compared as they are.
 * @module
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { GpuSpec } from '../hardware/types.ts';
import { PRECISIONS } from '../hardware/types.ts';
import {
  ATTENTION_KERNEL_FITS,
  DECODE_BLOCK_BYTES_PER_SEC,
  MIN_KEYS_PER_SPLIT,
} from '../model/data/attention-points.ts';
import { COLLECTIVE_FIT, COMPUTE_FIT, FIT_BANDS, MEMORY_FIT } from '../model/data/fitted.ts';
import { DEEPEP_FIT } from '../model/deepep.ts';

/** The GPU figures the model reads, beside the peaks, in this order. */
const CATALOG_FIELDS = [
  'memoryBandwidthBytesPerSec',
  'memoryCapacityBytes',
  'scaleUpBandwidthBytesPerSec',
  'scaleOutBandwidthBytesPerSec',
  'pcieBandwidthBytesPerSec',
  'smCount',
  'architecture',
  'scaleUpFabric',
] as const;

/** The first 12 hex digits of the SHA-256 of `data`: short, and stable across runs and machines. */
const digest = (data: string | Uint8Array): string =>
  createHash('sha256').update(data).digest('hex').slice(0, 12);

let fitDigest: string | undefined;

/** The digest of the fitted efficiency curves and their bands, DeepEP's and the attention kernels' (computed once). */
export function modelFitDigest(): string {
  fitDigest ??= digest(
    JSON.stringify({
      compute: COMPUTE_FIT,
      memory: MEMORY_FIT,
      collective: COLLECTIVE_FIT,
      bands: FIT_BANDS,
      deepEp: DEEPEP_FIT,
      attention: {
        kernels: ATTENTION_KERNEL_FITS,
        blockBytesPerSec: DECODE_BLOCK_BYTES_PER_SEC,
        minKeysPerSplit: MIN_KEYS_PER_SPLIT,
      },
    }),
  );
  return fitDigest;
}

/**
 * The inputs of `estimate` on `gpu` (the catalog record it used; none when the catalog at hand lacks it):
 * its catalog figures, the model fit and, when `params.modelConfig` names a file, that file's digest
 * (`unreadable` when it cannot be read now).
 */
export function estimateInputs(
  estimate: { readonly params: Readonly<Record<string, number | string | boolean>> },
  gpu: GpuSpec | undefined,
): Record<string, string> {
  const inputs: Record<string, string> = {};
  if (gpu !== undefined) {
    for (const precision of PRECISIONS) {
      const value = gpu.peakDenseOpsPerSec[precision].value;
      if (value !== null) inputs[`catalog.peakDenseOpsPerSec.${precision}`] = String(value);
    }
    for (const field of CATALOG_FIELDS) {
      const value = gpu[field].value;
      if (value !== null) inputs[`catalog.${field}`] = String(value);
    }
  }
  inputs['model fit'] = modelFitDigest();
  const config = estimate.params.modelConfig;
  if (typeof config === 'string' && config !== '') inputs['model config'] = fileDigest(config);
  return inputs;
}

function fileDigest(path: string): string {
  try {
    return digest(readFileSync(path));
  } catch {
    return 'unreadable';
  }
}
