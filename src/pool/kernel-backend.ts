/**
 * Which backend gpu.js really ran a kernel on, read from its backend class (its `gpu` mode and fallbacks can
 * differ from what was asked). Imports nothing of gpu.js, so workers and the browser page alike can use it.
 * @module
 */
import type { BuiltKernel, CompiledKernel } from '../../kernels/types.ts';
import type { BackendName } from './protocol.ts';

const BACKEND_BY_KERNEL_CLASS: Readonly<Record<string, BackendName>> = {
  CPUKernel: 'cpu',
  WebAssemblyKernel: 'webasm',
  HeadlessGLKernel: 'headlessgl',
  WebGPUKernel: 'webgpu',
};

/** The backend a compiled kernel ran on, from gpu.js's backend class; undefined before its first run. */
export function backendOfKernel(compiled: CompiledKernel): BackendName | undefined {
  const name = compiled.kernel?.constructor.name;
  return name === undefined ? undefined : BACKEND_BY_KERNEL_CLASS[name];
}

/** The single backend every kernel of `built` ran on, or a reason it was not `requested`. */
export function deliveredBackend(
  built: BuiltKernel,
  requested: BackendName,
): { backend: BackendName } | { backend?: BackendName; problem: string } {
  const ran = built.compiled.map(backendOfKernel);
  const wrong = ran.find((b) => b !== requested);
  if (ran.length > 0 && wrong === undefined) return { backend: requested };
  return wrong === undefined
    ? { problem: `requested ${requested}, but gpu.js did not report the backend it ran on` }
    : { backend: wrong, problem: `requested ${requested}, but gpu.js ran the kernel on ${wrong}` };
}
