/**
 * The GPU catalog: built-in records, lookup by id or alias, and user overrides from a GPU file.
 *
 * GPU files are read by `gpu-file.ts`, whose zod schema costs ~85 ms to load; this module does not import it,
 * so that what every command loads stays light. Importing `gpu-file.ts` installs its reader here
 * ({@link installGpuFileReader}): `src/index.ts` imports it, so every user of the public API can pass
 * `gpuFile`; the CLI imports it only when `--gpu-file` is given. Code that imports this module directly
 * and reads GPU files imports `gpu-file.ts` too; without it `loadCatalog({ gpuFile })` throws an
 * internal error that says so.
 * @module
 */
import { msg, param, UserError } from '../errors.ts';
import { printable } from '../util/read-input.ts';
import { closest } from '../util/suggest.ts';
import { ADA } from './gpus/ada.ts';
import { AMPERE } from './gpus/ampere.ts';
import { BLACKWELL } from './gpus/blackwell.ts';
import { HOPPER } from './gpus/hopper.ts';
import type { GpuSpec } from './types.ts';

/** An immutable set of GPUs with id/alias lookup. */
export interface Catalog {
  readonly gpus: readonly GpuSpec[];
  /** The GPU with this id or alias (case-insensitive), or undefined. */
  find(idOrAlias: string): GpuSpec | undefined;
  /**
   * The GPU with this id or alias; a UserError naming the parameter `paramKey` (default `gpu`) and
   * suggesting close ids otherwise.
   */
  get(idOrAlias: string, paramKey?: string): GpuSpec;
  /**
   * The GPUs of a list of ids or aliases, in order, each by {@link Catalog.get}. Two that name one GPU (the
   * same id twice, or an id and its alias) are a UserError naming `paramKey` and both: a list shows each GPU
   * once.
   */
  getEach(idsOrAliases: readonly string[], paramKey?: string): GpuSpec[];
}

/** Build a catalog over a list of GPUs. Ids and aliases must be unique. */
export function createCatalog(gpus: readonly GpuSpec[]): Catalog {
  const index = new Map<string, GpuSpec>();
  for (const gpu of gpus) {
    for (const key of [gpu.id, ...gpu.aliases]) {
      const k = key.toLowerCase();
      const other = index.get(k);
      if (other && other.id !== gpu.id) {
        throw new UserError(`GPU id or alias "${key}" is used by both ${other.id} and ${gpu.id}`);
      }
      index.set(k, gpu);
    }
  }
  const find = (idOrAlias: string) => index.get(idOrAlias.trim().toLowerCase());
  const get = (idOrAlias: string, paramKey = 'gpu'): GpuSpec => {
    const gpu = find(idOrAlias);
    if (gpu) return gpu;
    const near = closest(idOrAlias, [...index.keys()]);
    const hint = near.length > 0 ? `; did you mean ${near.join(', ')}?` : '';
    throw new UserError(
      msg`${param(paramKey)}: unknown GPU "${printable(idOrAlias, 80)}"${hint} (run \`tppbench gpus\` for the list)`,
    );
  };
  return {
    gpus,
    find,
    get,
    getEach(idsOrAliases, paramKey = 'gpu') {
      const given = new Map<string, string>();
      return idsOrAliases.map((idOrAlias) => {
        const gpu = get(idOrAlias, paramKey);
        const before = given.get(gpu.id);
        if (before !== undefined) {
          const same = before.trim().toLowerCase() === idOrAlias.trim().toLowerCase();
          throw new UserError(
            same
              ? msg`${param(paramKey)}: "${before}" is given twice; list each GPU once`
              : msg`${param(paramKey)}: "${before}" and "${idOrAlias}" are the same GPU (${gpu.id}); list each GPU once`,
          );
        }
        given.set(gpu.id, idOrAlias);
        return gpu;
      });
    },
  };
}

/** The built-in records, in catalog order. */
export const BUILT_IN_GPUS: readonly GpuSpec[] = [...HOPPER, ...AMPERE, ...ADA, ...BLACKWELL];

/** Options for {@link loadCatalog}. */
export interface LoadCatalogOptions {
  /** Path of a GPU file whose entries add to or override the built-in records. */
  readonly gpuFile?: string | undefined;
}

/**
 * Reads the GPU file at `path` and applies it to the built-in catalog: the GPU list it makes. Errors name
 * the file and the field.
 */
export type GpuFileReader = (path: string, builtIn: Catalog) => readonly GpuSpec[];

let gpuFileReader: GpuFileReader | undefined;

/** Install the reader of GPU files: `gpu-file.ts` does when it loads (see the module head). */
export function installGpuFileReader(reader: GpuFileReader): void {
  gpuFileReader = reader;
}

/** Maps a loaded catalog to the one commands use: the CLI's `--calibration` installs one (calibration/apply.ts). */
export type CatalogTransform = (catalog: Catalog) => Catalog;

let catalogTransform: CatalogTransform | undefined;

/** Install (or, with undefined, remove) the transform {@link loadCatalog} applies to every catalog it loads. */
export function installCatalogTransform(transform: CatalogTransform | undefined): void {
  catalogTransform = transform;
}

let builtInCatalog: Catalog | undefined;

/** The built-in catalog (built once: it is immutable), with a user GPU file applied when given. */
export function loadCatalog(options: LoadCatalogOptions = {}): Catalog {
  builtInCatalog ??= createCatalog(BUILT_IN_GPUS);
  const builtIn = builtInCatalog;
  const transform = catalogTransform ?? ((catalog: Catalog) => catalog);
  if (options.gpuFile === undefined) return transform(builtIn);
  if (options.gpuFile === '') throw new UserError(msg`${param('gpuFile')}: the path is empty`, 'usage');
  if (gpuFileReader === undefined) {
    throw new Error(
      'loadCatalog: no GPU file reader is installed; import src/hardware/gpu-file.ts (src/index.ts does) before reading a GPU file',
    );
  }
  return transform(createCatalog(gpuFileReader(options.gpuFile, builtIn)));
}
