/**
 * The kernel registry: names to definitions. Registering a name twice and looking up an unknown name are
 * errors, so a typo in a suite never silently measures nothing.
 * @module
 */
import { attentionKernel } from './attention/index.ts';
import { gemmKernel } from './gemm/index.ts';
import { gemmF16Kernel } from './gemm-f16/index.ts';
import { gemvKernel } from './gemv/index.ts';
import { reduceSumKernel } from './reduce/index.ts';
import { softmaxKernel } from './softmax/index.ts';
import { streamCopyKernel, streamTriadKernel } from './stream/index.ts';
import { d2hKernel, h2dKernel } from './transfer/index.ts';
import type { KernelDefinition } from './types.ts';

/** A set of kernels by name. */
export interface KernelRegistry {
  /** Add a kernel; throws if the name is taken or not kebab-case. */
  register(definition: KernelDefinition): void;
  /** The kernel named `name`; throws `unknown kernel "x" (known: ...)` otherwise. */
  get(name: string): KernelDefinition;
  /** Whether `name` is registered. */
  has(name: string): boolean;
  /** Registered names, in registration order. */
  names(): string[];
}

/** A registry holding `definitions`; throws on a duplicate name. */
export function createKernelRegistry(definitions: readonly KernelDefinition[] = []): KernelRegistry {
  const byName = new Map<string, KernelDefinition>();
  const registry: KernelRegistry = {
    register(definition) {
      if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(definition.name)) {
        throw new Error(`kernel name "${definition.name}" must be kebab-case`);
      }
      if (byName.has(definition.name)) throw new Error(`kernel "${definition.name}" is already registered`);
      byName.set(definition.name, definition);
    },
    get(name) {
      const found = byName.get(name);
      if (!found) throw new Error(`unknown kernel "${name}" (known: ${[...byName.keys()].join(', ')})`);
      return found;
    },
    has: (name) => byName.has(name),
    names: () => [...byName.keys()],
  };
  for (const definition of definitions) registry.register(definition);
  return registry;
}

/** The built-in kernels, in the order suites list them. */
export const builtinKernels: readonly KernelDefinition[] = [
  gemmKernel,
  gemmF16Kernel,
  gemvKernel,
  streamCopyKernel,
  streamTriadKernel,
  reduceSumKernel,
  softmaxKernel,
  attentionKernel,
  h2dKernel,
  d2hKernel,
];

/** A fresh registry of the built-in kernels. */
export function builtinKernelRegistry(): KernelRegistry {
  return createKernelRegistry(builtinKernels);
}

/**
 * A loader of registries: the built-in kernels plus those of extra modules, each exporting
 * `kernels: KernelDefinition[]`, imported with `load` (the host's own import). One registry per list of
 * modules, cached; a module without `kernels` is an error naming it.
 */
export function kernelRegistryLoader(
  load: (url: string) => Promise<unknown>,
): (modules: readonly string[]) => Promise<KernelRegistry> {
  const cache = new Map<string, KernelRegistry>();
  return async (modules) => {
    const key = modules.join('\n');
    const cached = cache.get(key);
    if (cached) return cached;
    const registry = builtinKernelRegistry();
    for (const url of modules) {
      const module = (await load(url)) as { kernels?: readonly KernelDefinition[] };
      if (!Array.isArray(module.kernels))
        throw new Error(`${url} does not export kernels: KernelDefinition[]`);
      for (const definition of module.kernels) registry.register(definition);
    }
    cache.set(key, registry);
    return registry;
  };
}
