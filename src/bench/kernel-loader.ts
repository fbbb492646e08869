/**
 * The kernels a worker can run: the built-in registry plus extra modules (test fixtures, user kernels),
 * each a module exporting `kernels: KernelDefinition[]`.
 * @module
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { builtinKernelRegistry, type KernelRegistry } from '../../kernels/registry.ts';
import type { KernelDefinition } from '../../kernels/types.ts';

const loaded = new Map<string, KernelRegistry>();

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
export async function loadKernelRegistry(kernelModules: readonly string[]): Promise<KernelRegistry> {
  const key = kernelModules.join('\n');
  const cached = loaded.get(key);
  if (cached) return cached;
  const registry = builtinKernelRegistry();
  for (const url of kernelModules) {
    const module = (await importKernelModule(url)) as { kernels?: readonly KernelDefinition[] };
    if (!Array.isArray(module.kernels)) throw new Error(`${url} does not export kernels: KernelDefinition[]`);
    for (const definition of module.kernels) registry.register(definition);
  }
  loaded.set(key, registry);
  return registry;
}
