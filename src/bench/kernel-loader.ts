/**
 * The kernels a worker can run: the built-in registry plus extra modules (test fixtures, user kernels),
 * each a module exporting `kernels: KernelDefinition[]`.
 * @module
 */
import { type Stats, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type KernelRegistry, kernelRegistryLoader } from '../../kernels/registry.ts';
import { isUserError, msg, param, UserError } from '../errors.ts';

/**
 * Import a kernel module. In worker threads on Node 20, tsx's ESM hooks do not apply (only its CJS hook
 * does, which is how piscina loads a `.ts` entry), so a `.ts` module the ESM loader rejects is required.
 */
async function importKernelModule(url: string): Promise<unknown> {
  try {
    return await import(url);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw error;
    return createRequire(import.meta.url)(fileURLToPath(url));
  }
}

/** File URLs of kernel modules given as paths (relative to the working directory) or file URLs. */
export function kernelModuleUrls(modules: readonly string[]): string[] {
  return modules.map((m) => {
    if (m.trim() === '') throw new UserError(msg`${param('kernelModule')}: the path is empty`, 'usage');
    return m.startsWith('file:') ? m : pathToFileURL(m).href;
  });
}

/** A module path that is not a regular file (a FIFO would block the import forever) as a UserError. */
function checkModuleFile(url: string): void {
  if (!url.startsWith('file:')) return;
  const path = fileURLToPath(url);
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch {
    throw new UserError(`kernel module ${path}: no such file`);
  }
  if (!stats.isFile()) throw new UserError(`kernel module ${path} is not a regular file`);
}

/** A module's failure to load as a one-line UserError naming its file. */
function moduleError(url: string, error: unknown): UserError {
  if (isUserError(error)) return error;
  const path = url.startsWith('file:') ? fileURLToPath(url) : url;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ERR_MODULE_NOT_FOUND' && String((error as Error).message).includes(path)) {
    return new UserError(`kernel module ${path}: no such file`);
  }
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new UserError(`kernel module ${path}: cannot be loaded (${reason.split('\n')[0]})`);
}

const loadRegistry = kernelRegistryLoader(importKernelModule);

/**
 * The registry for this set of extra modules (file URLs; cached per worker). A module that is missing, does
 * not parse, does not export `kernels`, or registers a taken name is a UserError naming that module.
 */
export async function loadKernelRegistry(kernelModules: readonly string[]): Promise<KernelRegistry> {
  // Load growing prefixes (each cached), so an error is pinned on the module that caused it.
  for (let i = 1; i <= kernelModules.length; i++) {
    checkModuleFile(kernelModules[i - 1]!);
    try {
      await loadRegistry(kernelModules.slice(0, i));
    } catch (error) {
      throw moduleError(kernelModules[i - 1]!, error);
    }
  }
  return loadRegistry(kernelModules);
}
