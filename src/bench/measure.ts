/**
 * Measure one kernel case in the current thread: build it, run it once and verify the output against the
 * Float64 reference, then time it with benchmark.js. Runs inside workers (piscina and the device host);
 * every failure comes back as a reply, never as an exception.
 * @module
 */
import type { BuiltKernel, KernelDefinition, KernelFactory, WasmFactory } from '../../kernels/types.ts';
import { deliveredBackend } from '../pool/kernel-backend.ts';
import type { KernelReply, RunKernelRequest } from '../pool/protocol.ts';
import { erroredReply, unsupportedReply } from '../pool/protocol.ts';
import { sampleSeconds } from './timing.ts';
import { verifyThenTime } from './verify.ts';

function isPromise(value: unknown): value is Promise<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/** Build, verify and time `request` with `definition` on `factory` (a gpu.js backend). */
export async function measureKernel(
  definition: KernelDefinition,
  request: RunKernelRequest,
  /** Gives the gpu.js instance; called inside the build step, so a backend that fails to start is `errored`. */
  factory: () => KernelFactory,
): Promise<KernelReply> {
  const build = definition.build;
  if (!build) return unsupportedReply(request.backend, definition.name, 'gpu.js');
  return measureBuilt(
    definition,
    request,
    () => build(factory(), request.size),
    (built) => deliveredBackend(built, request.backend),
  );
}

/** Build, verify and time `request` with `definition`'s WebAssembly SIMD program (`wasm-simd`). */
export async function measureWasmKernel(
  definition: KernelDefinition,
  request: RunKernelRequest,
  factory: WasmFactory,
): Promise<KernelReply> {
  const wasm = definition.wasm;
  if (!wasm) return unsupportedReply(request.backend, definition.name, 'WebAssembly SIMD');
  return measureBuilt(
    definition,
    request,
    () => wasm(factory, request.size),
    () => ({ backend: request.backend }),
  );
}

/** Build, run once, verify, then time; `delivered` says which backend really ran it. */
async function measureBuilt(
  definition: KernelDefinition,
  request: RunKernelRequest,
  build: () => BuiltKernel,
  delivered: (built: BuiltKernel) => ReturnType<typeof deliveredBackend>,
): Promise<KernelReply> {
  let built: BuiltKernel;
  let inputs: Float32Array[];
  try {
    inputs = definition.inputs(request.size, request.seed);
    built = build();
  } catch (error) {
    return erroredReply('build', error);
  }
  try {
    const first = built.run(inputs);
    const isAsync = isPromise(first);
    const output = built.flatten(isAsync ? await first : first);
    const ran = delivered(built);
    if ('problem' in ran) return erroredReply('run', new Error(ran.problem), ran.backend);
    const { backend } = ran;
    return await verifyThenTime(backend, definition, request, inputs, output, async () => ({
      samplesSec: await sampleSeconds(() => built.run(inputs), isAsync, request.timing),
      timing: { method: 'per-call' },
    }));
  } catch (error) {
    return erroredReply('run', error);
  } finally {
    for (const compiled of built.compiled) compiled.destroy?.();
  }
}
