/**
 * User GPU files (`--gpu-file my-gpus.json`): add GPUs or override fields of built-in ones.
 *
 * Format: `{ "gpus": [ { "id": "h100-sxm", "memoryBandwidthBytesPerSec": 3.9e12 }, ... ] }`. An entry whose id
 * (or alias) is in the catalog overrides the fields it gives; `"extends": "<id>"` starts a new GPU from a
 * built-in one; any other entry is a new GPU and must give `name`, `peakDenseOpsPerSec`,
 * `memoryCapacityBytes`, `memoryBandwidthBytesPerSec` and `datacenter`. A field is a number (or boolean or
 * string), or `{ "value": ..., "source": "...", "verified": true }`. Plain values are cited as the file.
 * @module
 */
import { z } from 'zod';
import { UserError } from '../errors.ts';
import { readJsonFileWith } from '../util/schema.ts';
import { type GpuSpec, PRECISIONS, type Precision, type Sourced, SPEC_FIELDS } from './types.ts';

const positive = z
  .number({ error: 'must be a positive number' })
  .positive({ error: 'must be a positive number' });
const nonNegative = z
  .number({ error: 'must be a number >= 0' })
  .nonnegative({ error: 'must be a number >= 0' });

const sourced = <T extends z.ZodType>(inner: T) =>
  z.union([
    inner,
    z.null(),
    z.strictObject({
      value: z.union([inner, z.null()]),
      source: z.string().min(1),
      verified: z.boolean().optional(),
    }),
  ]);

const peakShape = Object.fromEntries(PRECISIONS.map((p) => [p, sourced(positive).optional()])) as Record<
  Precision,
  z.ZodOptional<ReturnType<typeof sourced<typeof positive>>>
>;

const ID = /^[a-z0-9][a-z0-9.-]*$/;

const entrySchema = z.strictObject({
  id: z.string().regex(ID, { error: 'must be kebab-case: lower-case letters, digits, "-" and "."' }),
  name: z.string().min(1).optional(),
  extends: z.string().optional(),
  aliases: z.array(z.string().regex(ID, { error: 'must be kebab-case' })).optional(),
  peakDenseOpsPerSec: z.strictObject(peakShape).optional(),
  memoryCapacityBytes: sourced(positive).optional(),
  memoryBandwidthBytesPerSec: sourced(positive).optional(),
  scaleUpBandwidthBytesPerSec: sourced(nonNegative).optional(),
  scaleOutBandwidthBytesPerSec: sourced(nonNegative).optional(),
  pcieBandwidthBytesPerSec: sourced(nonNegative).optional(),
  tdpWatts: sourced(positive).optional(),
  dieAreaMm2: sourced(positive).optional(),
  smCount: sourced(z.number().int({ error: 'must be a positive integer' }).positive()).optional(),
  l2CacheBytes: sourced(positive).optional(),
  datacenter: sourced(z.boolean({ error: 'must be true or false' })).optional(),
  launchDate: sourced(z.string().regex(/^\d{4}-\d{2}$/, { error: 'must be YYYY-MM' })).optional(),
});

/** The schema of a GPU file. */
export const gpuFileSchema = z.strictObject({
  gpus: z.array(entrySchema, { error: 'must be an array of GPU entries' }),
});
type Entry = z.output<typeof entrySchema>;
type SourcedInput<T> = T | null | { value: T | null; source: string; verified?: boolean | undefined };

function toSourced<T>(input: SourcedInput<T>, file: string): Sourced<T> {
  if (input !== null && typeof input === 'object' && 'source' in input) {
    return { value: input.value, source: input.source, verified: input.verified ?? false };
  }
  return { value: input, source: `user file ${file}`, verified: false };
}

const REQUIRED_FOR_NEW = [
  'name',
  'peakDenseOpsPerSec',
  'memoryCapacityBytes',
  'memoryBandwidthBytesPerSec',
  'datacenter',
] as const;
const notGiven = (file: string): Sourced<number> => ({
  value: null,
  source: `not given in ${file}`,
  verified: false,
});

function blankGpu(entry: Entry, file: string): GpuSpec {
  const empty = notGiven(file);
  return {
    id: entry.id,
    name: entry.name ?? entry.id,
    aliases: [],
    peakDenseOpsPerSec: Object.fromEntries(PRECISIONS.map((p) => [p, empty])) as Record<
      Precision,
      Sourced<number>
    >,
    ...(Object.fromEntries(SPEC_FIELDS.map((f) => [f, empty])) as Record<
      (typeof SPEC_FIELDS)[number],
      Sourced<number>
    >),
    datacenter: { ...empty, value: null },
    launchDate: { ...empty, value: null },
    origin: 'user-file',
  };
}

/**
 * Apply a GPU file's entries to a catalog and return the new list (the input is not changed).
 * `resolve` maps an id or alias to a built-in record, or undefined.
 */
export function applyGpuEntries(
  gpus: readonly GpuSpec[],
  entries: readonly Entry[],
  file: string,
  resolve: (id: string) => GpuSpec | undefined,
): GpuSpec[] {
  const out = [...gpus];
  entries.forEach((entry, index) => {
    const existing = resolve(entry.id);
    let base: GpuSpec;
    if (entry.extends !== undefined) {
      const parent = resolve(entry.extends);
      if (!parent)
        throw new UserError(`${file}: gpus[${index}].extends names unknown GPU "${entry.extends}"`);
      base = { ...parent, id: entry.id, name: entry.name ?? entry.id, aliases: [], origin: 'user-file' };
    } else if (existing) {
      base = existing;
    } else {
      for (const field of REQUIRED_FOR_NEW) {
        if (entry[field] === undefined) {
          throw new UserError(
            `${file}: gpus[${index}].${field} is required for a new GPU ("${entry.id}" is not in the catalog; use "extends" to start from one)`,
          );
        }
      }
      base = blankGpu(entry, file);
    }
    const peaks = { ...base.peakDenseOpsPerSec };
    for (const [precision, value] of Object.entries(entry.peakDenseOpsPerSec ?? {})) {
      if (value !== undefined) peaks[precision as Precision] = toSourced(value, file);
    }
    const merged: Record<string, unknown> = { ...base, peakDenseOpsPerSec: peaks, origin: 'user-file' };
    if (entry.name !== undefined) merged.name = entry.name;
    if (entry.aliases !== undefined) merged.aliases = entry.aliases;
    for (const field of [...SPEC_FIELDS, 'datacenter', 'launchDate'] as const) {
      const value = entry[field];
      if (value !== undefined) merged[field] = toSourced<unknown>(value, file);
    }
    const gpu = merged as unknown as GpuSpec;
    const at = out.findIndex((g) => g.id === gpu.id);
    if (at >= 0) out[at] = gpu;
    else out.push(gpu);
  });
  return out;
}

/** Read and validate a GPU file. */
export function readGpuFile(path: string): Entry[] {
  return readJsonFileWith(gpuFileSchema, path).gpus;
}
