/**
 * The kernels a worker can run: the built-in registry plus extra modules (test fixtures, user kernels),
 * each a module exporting `kernels: KernelDefinition[]`.
 * @module
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { type KernelRegistry, kernelRegistryLoader } from '../../kernels/registry.ts';

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

/** The registry for this set of extra modules (cached per worker); throws if a module is malformed. */
export const loadKernelRegistry: (kernelModules: readonly string[]) => Promise<KernelRegistry> =
  kernelRegistryLoader(importKernelModule);
