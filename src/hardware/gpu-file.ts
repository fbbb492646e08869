/**
 * User GPU files (`--gpu-file my-gpus.json`): add GPUs or override fields of built-in ones.
 *
 * Format: `{ "gpus": [ { "id": "h100-sxm", "memoryBandwidthBytesPerSec": 3.9e12 }, ... ] }`. An entry whose id
 * (or alias) is in the catalog overrides the fields it gives; `"extends": "<id>"` starts a new GPU from a
 * built-in one; both inherit the record's `architecture` and `scaleUpFabric` unless they set them. Any other
 * entry is a new GPU and must give `name`, `peakDenseOpsPerSec`, `memoryCapacityBytes`,
 * `memoryBandwidthBytesPerSec`, `datacenter`, `architecture` and `scaleUpFabric`. A field is a number (or
 * boolean or string), or `{ "value": ..., "source": "...", "verified": true }`. Plain values are cited as
 * the file.
 *
 * Loading this module installs its reader in the catalog ({@link installGpuFileReader}), which then applies
 * the parameter `gpuFile`: the catalog does not import this module, whose zod schema is slow to load (see
 * the head of `catalog.ts`).
 * @module
 */
import { z } from 'zod';
import { UserError } from '../errors.ts';
import { INPUT_LIMITS, printable } from '../util/read-input.ts';
import { readJsonFileWith } from '../util/schema.ts';
import { installGpuFileReader } from './catalog.ts';
import {
  ARCHITECTURES,
  type GpuSpec,
  PRECISIONS,
  type Precision,
  SCALE_UP_FABRICS,
  type Sourced,
  SPEC_FIELDS,
} from './types.ts';

/** `1e6` rather than `1000000` or `1e+6`. */
const short = (v: number) => (v >= 1e6 ? v.toExponential().replace('e+', 'e') : String(v));

/**
 * A number that is positive (or, with `zero`, >= 0) and physically plausible: between `min` and `max` in
 * `unit`. The bounds keep every time the model derives finite and non-zero (a peak of 1e-300 ops/s makes a
 * GEMM take Infinity seconds); they are orders of magnitude beyond any real part in both directions.
 */
function plausible(
  min: number,
  max: number,
  unit: string,
  options: { zero?: boolean; integer?: boolean } = {},
) {
  const kind = options.integer ? 'integer' : 'number';
  const base = options.zero ? `must be a ${kind} >= 0` : `must be a positive ${kind}`;
  const range = `must be ${options.zero ? '0 or ' : ''}from ${short(min)} to ${short(max)} ${unit}`;
  return z
    .number({ error: base })
    .refine((v) => (options.integer ? Number.isInteger(v) : true) && (options.zero ? v >= 0 : v > 0), {
      error: base,
      abort: true,
    })
    .refine((v) => (options.zero && v === 0) || (v >= min && v <= max), { error: range });
}

/** Peak rates: 1 Mop/s to 1 Zop/s (the fastest part in the catalog is under 1e16). */
const opsPerSec = plausible(1e6, 1e21, 'ops/s');
/** Memory bandwidth: 1 MB/s to 1 ZB/s. */
const bytesPerSec = plausible(1e6, 1e21, 'bytes/s');
/** Links: 0 (none) or 1 MB/s to 1 ZB/s. */
const linkBytesPerSec = plausible(1e6, 1e21, 'bytes/s', { zero: true });

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

/** A fact every GPU must have: a plain value or `{ value, source, verified }`, never null. */
const known = <T extends z.ZodType>(inner: T) =>
  z.union([
    inner,
    z.strictObject({ value: inner, source: z.string().min(1), verified: z.boolean().optional() }),
  ]);

/** One of `choices`; the error lists them. */
const oneOf = <const T extends readonly [string, ...string[]]>(choices: T) =>
  z.enum(choices, { error: `must be one of ${choices.join('|')}` });

const peakShape = Object.fromEntries(PRECISIONS.map((p) => [p, sourced(opsPerSec).optional()])) as Record<
  Precision,
  z.ZodOptional<ReturnType<typeof sourced<typeof opsPerSec>>>
>;

const ID = /^[a-z0-9][a-z0-9.-]*$/;

const entrySchema = z.strictObject({
  id: z.string().regex(ID, { error: 'must be kebab-case: lower-case letters, digits, "-" and "."' }),
  name: z.string().min(1).optional(),
  extends: z.string().optional(),
  aliases: z.array(z.string().regex(ID, { error: 'must be kebab-case' })).optional(),
  architecture: known(oneOf(ARCHITECTURES)).optional(),
  peakDenseOpsPerSec: z.strictObject(peakShape).optional(),
  memoryCapacityBytes: sourced(plausible(1e6, 1e18, 'bytes')).optional(),
  memoryBandwidthBytesPerSec: sourced(bytesPerSec).optional(),
  scaleUpBandwidthBytesPerSec: sourced(linkBytesPerSec).optional(),
  scaleUpFabric: known(oneOf(SCALE_UP_FABRICS)).optional(),
  scaleOutBandwidthBytesPerSec: sourced(linkBytesPerSec).optional(),
  pcieBandwidthBytesPerSec: sourced(linkBytesPerSec).optional(),
  tdpWatts: sourced(plausible(1, 1e6, 'W')).optional(),
  dieAreaMm2: sourced(plausible(1, 1e6, 'mm2')).optional(),
  smCount: sourced(plausible(1, 1e6, 'SMs', { integer: true })).optional(),
  l2CacheBytes: sourced(plausible(1, 1e15, 'bytes')).optional(),
  datacenter: sourced(z.boolean({ error: 'must be true or false' })).optional(),
  launchDate: sourced(z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'must be YYYY-MM' })).optional(),
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
  'architecture',
  'scaleUpFabric',
] as const;
/** The values a required choice field takes, named in its "is required" error. */
const CHOICES: Partial<Record<(typeof REQUIRED_FOR_NEW)[number], readonly string[]>> = {
  architecture: ARCHITECTURES,
  scaleUpFabric: SCALE_UP_FABRICS,
};
const notGiven = (file: string): Sourced<number> => ({
  value: null,
  source: `not given in ${file}`,
  verified: false,
});

/** A new GPU before the entry's fields are applied; `architecture` and `scaleUpFabric` were checked given. */
function blankGpu(entry: Entry, file: string): GpuSpec {
  const empty = notGiven(file);
  return {
    id: entry.id,
    name: entry.name ?? entry.id,
    aliases: [],
    architecture: toSourced(entry.architecture!, file) as GpuSpec['architecture'],
    scaleUpFabric: toSourced(entry.scaleUpFabric!, file) as GpuSpec['scaleUpFabric'],
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

/** The entry as a GPU: a built-in record overridden, a built-in record extended, or a new GPU. */
function entryGpu(
  entry: Entry,
  index: number,
  file: string,
  resolve: (id: string) => GpuSpec | undefined,
): GpuSpec {
  const existing = resolve(entry.id);
  let base: GpuSpec;
  if (entry.extends !== undefined) {
    const parent = resolve(entry.extends);
    if (!parent) {
      throw new UserError(
        `${printable(file)}: gpus[${index}].extends names unknown GPU "${printable(entry.extends, 80)}"`,
      );
    }
    base = { ...parent, id: entry.id, name: entry.name ?? entry.id, aliases: [], origin: 'user-file' };
  } else if (existing) {
    base = existing;
  } else {
    for (const field of REQUIRED_FOR_NEW) {
      if (entry[field] === undefined) {
        const choices = CHOICES[field];
        const oneOf = choices ? `one of ${choices.join('|')}; ` : '';
        throw new UserError(
          `${printable(file)}: gpus[${index}].${field} is required for a new GPU (${oneOf}"${entry.id}" is not in the catalog; use "extends" to start from one)`,
        );
      }
    }
    base = blankGpu(entry, file);
  }
  const peaks = { ...base.peakDenseOpsPerSec };
  for (const precision of PRECISIONS) {
    const value = entry.peakDenseOpsPerSec?.[precision];
    if (value !== undefined) peaks[precision] = toSourced(value, file);
  }
  const merged: Record<string, unknown> = { ...base, peakDenseOpsPerSec: peaks, origin: 'user-file' };
  if (entry.name !== undefined) merged.name = entry.name;
  if (entry.aliases !== undefined) merged.aliases = entry.aliases;
  for (const field of [
    ...SPEC_FIELDS,
    'datacenter',
    'launchDate',
    'architecture',
    'scaleUpFabric',
  ] as const) {
    const value = entry[field];
    if (value !== undefined) merged[field] = toSourced<unknown>(value, file);
  }
  return merged as unknown as GpuSpec;
}

/**
 * Apply a GPU file's entries to a catalog and return the new list (the input is not changed), in time
 * linear in the number of entries. `resolve` maps an id or alias to a built-in record, or undefined. Two
 * entries that describe one GPU (the same id, or an id and its alias) are a UserError naming both.
 */
export function applyGpuEntries(
  gpus: readonly GpuSpec[],
  entries: readonly Entry[],
  file: string,
  resolve: (id: string) => GpuSpec | undefined,
): GpuSpec[] {
  // Insertion-ordered: an override keeps the built-in record's place, a new GPU goes last.
  const out = new Map(gpus.map((g) => [g.id, g]));
  const entryOf = new Map<string, number>();
  entries.forEach((entry, index) => {
    const gpu = entryGpu(entry, index, file, resolve);
    const first = entryOf.get(gpu.id);
    if (first !== undefined) {
      const other = entries[first]!.id;
      const what =
        other === entry.id
          ? `both have id "${entry.id}"`
          : `("${other}" and "${entry.id}") both describe GPU ${gpu.id}`;
      throw new UserError(
        `${printable(file)}: gpus[${first}] and gpus[${index}] ${what}; give each GPU once`,
      );
    }
    entryOf.set(gpu.id, index);
    out.set(gpu.id, gpu);
  });
  // An entry's alias that another GPU already answers to: name the entry and the field, not just the GPUs.
  const owner = new Map<string, string>();
  for (const gpu of out.values()) {
    for (const key of [gpu.id, ...gpu.aliases]) {
      const k = key.toLowerCase();
      const other = owner.get(k);
      if (other !== undefined && other !== gpu.id) {
        const index = entryOf.get(gpu.id) ?? entryOf.get(other);
        const field = index === undefined ? 'gpus' : `gpus[${index}].aliases`;
        throw new UserError(`${printable(file)}: ${field}: "${key}" already names GPU ${other}`);
      }
      owner.set(k, gpu.id);
    }
  }
  return [...out.values()];
}

/**
 * Read and validate a GPU file: a regular file of at most {@link INPUT_LIMITS}.gpuFile bytes (4 MiB,
 * thousands of entries).
 */
export function readGpuFile(path: string): Entry[] {
  return readJsonFileWith(gpuFileSchema, path, { what: 'GPU file', maxBytes: INPUT_LIMITS.gpuFile }).gpus;
}

installGpuFileReader((path, builtIn) => applyGpuEntries(builtIn.gpus, readGpuFile(path), path, builtIn.find));
