/**
 * User suites from a JSON file: kernels with their sizes, backends, timing and verification thresholds.
 * Validated once here; every error names the file and the field.
 * @module
 */
import { z } from 'zod';
import type { KernelRegistry } from '../../kernels/registry.ts';
import { UserError } from '../errors.ts';
import { BACKENDS } from '../pool/protocol.ts';
import { readJsonFileWith } from '../util/schema.ts';
import { closest } from '../util/suggest.ts';
import { BUILTIN_SUITES, type SuiteDefinition } from './suites.ts';

/**
 * One size: dimension -> positive integer. JSON.parse makes `"__proto__"` an own key, which a record would
 * drop silently: refuse it before the record is built.
 */
const sizeSchema = z
  .unknown()
  .refine((value) => !(typeof value === 'object' && value !== null && Object.hasOwn(value, '__proto__')), {
    message: 'must not have a "__proto__" key',
  })
  .pipe(z.record(z.string(), z.number().int().positive()));

/** Schema of a suite file. */
export const suiteFileSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be kebab-case'),
  description: z.string().optional(),
  kernels: z
    .array(
      z.strictObject({
        kernel: z.string().min(1),
        sizes: z.array(sizeSchema).min(1),
        /** Verification threshold: largest accepted max|out - ref| / max|ref|. */
        toleranceRel: z.number().positive().max(1).optional(),
      }),
    )
    .min(1),
  backends: z.array(z.enum(BACKENDS)).min(1).optional(),
  timing: z
    .strictObject({
      warmupRuns: z.number().int().nonnegative().optional(),
      minSamples: z.number().int().positive().optional(),
      minTimeMs: z.number().nonnegative().optional(),
      maxTimeMs: z.number().nonnegative().optional(),
    })
    .refine((t) => t.minTimeMs === undefined || t.maxTimeMs === undefined || t.maxTimeMs >= t.minTimeMs, {
      message: 'maxTimeMs must be at least minTimeMs',
    })
    .optional(),
  kernelTimeoutMs: z.number().positive().optional(),
});

/** A parsed suite file. */
export type SuiteFile = z.infer<typeof suiteFileSchema>;

/**
 * Check names and dimensions against `registry` and resolve defaults (from the `standard` suite). The
 * registry must already hold the kernels of any extra modules, so a suite file can name them.
 */
export function resolveSuiteFile(file: SuiteFile, registry: KernelRegistry, label: string): SuiteDefinition {
  const defaults = BUILTIN_SUITES.standard;
  const cases = file.kernels.flatMap((entry, i) => {
    if (!registry.has(entry.kernel)) {
      const hint = closest(entry.kernel, registry.names());
      throw new UserError(
        `${label}: kernels[${i}].kernel "${entry.kernel}" is not a known kernel${hint.length ? ` (did you mean ${hint.join(', ')}?)` : ` (known: ${registry.names().join(', ')})`}`,
      );
    }
    const dims = registry.get(entry.kernel).dims;
    return entry.sizes.map((size, j) => {
      const missing = dims.filter((d) => !Object.hasOwn(size, d));
      const extra = Object.keys(size).filter((d) => !dims.includes(d));
      if (missing.length > 0 || extra.length > 0) {
        throw new UserError(
          `${label}: kernels[${i}].sizes[${j}] must have exactly ${dims.join(', ')}${missing.length ? ` (missing ${missing.join(', ')})` : ''}${extra.length ? ` (unknown ${extra.join(', ')})` : ''}`,
        );
      }
      return entry.toleranceRel === undefined
        ? { kernel: entry.kernel, size }
        : { kernel: entry.kernel, size, toleranceRel: entry.toleranceRel };
    });
  });
  const timing = { ...defaults.timing };
  for (const [key, value] of Object.entries(file.timing ?? {})) {
    if (value !== undefined) timing[key as keyof typeof timing] = value;
  }
  const suite: SuiteDefinition = {
    name: file.name,
    description: file.description ?? `user suite from ${label}`,
    cases,
    autoCandidates: defaults.autoCandidates,
    timing,
    kernelTimeoutMs: file.kernelTimeoutMs ?? defaults.kernelTimeoutMs,
  };
  return file.backends ? { ...suite, backends: file.backends } : suite;
}

/**
 * Read, validate and resolve a suite file against `registry` (the built-in kernels plus the extra modules
 * loaded first with `loadKernelRegistry`).
 */
export function loadSuiteFile(path: string, registry: KernelRegistry): SuiteDefinition {
  return resolveSuiteFile(readJsonFileWith(suiteFileSchema, path), registry, path);
}
