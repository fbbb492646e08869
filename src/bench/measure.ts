/**
 * Measure one kernel case in the current thread: build it, run it once and verify the output against the
 * Float64 reference, then time it with benchmark.js. Runs inside workers (piscina and the device host);
 * every failure comes back as a reply, never as an exception.
 * @module
 */
import type { BuiltKernel, KernelDefinition, KernelFactory } from '../../kernels/types.ts';
import type { BackendName, KernelReply, RunKernelRequest } from '../pool/protocol.ts';
import { erroredReply, unsupportedReply } from '../pool/protocol.ts';
import { sampleSeconds } from './timing.ts';
import { verifyThenTime } from './verify.ts';

/** Reads back the backend a compiled kernel ran on. */
export type BackendReader = (compiled: BuiltKernel['compiled'][number]) => BackendName | undefined;

function isPromise(value: unknown): value is Promise<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/** The single backend every kernel of `built` ran on, or a reason it was not `requested`. */
function deliveredBackend(
  built: BuiltKernel,
  requested: BackendName,
  readBackend: BackendReader,
): { backend: BackendName } | { backend?: BackendName; problem: string } {
  const ran = built.compiled.map(readBackend);
  const wrong = ran.find((b) => b !== requested);
  if (ran.length > 0 && wrong === undefined && ran.every((b) => b === requested))
    return { backend: requested };
  return wrong === undefined
    ? { problem: `requested ${requested}, but gpu.js did not report the backend it ran on` }
    : { backend: wrong, problem: `requested ${requested}, but gpu.js ran the kernel on ${wrong}` };
}

/** Build, verify and time `request` with `definition` on `factory`. */
export async function measureKernel(
  definition: KernelDefinition,
  request: RunKernelRequest,
  /** Gives the gpu.js instance; called inside the build step, so a backend that fails to start is `errored`. */
  factory: () => KernelFactory,
  readBackend: BackendReader,
): Promise<KernelReply> {
  if (!definition.build) return unsupportedReply(request.backend, definition.name, 'gpu.js');
  let built: BuiltKernel;
  let inputs: Float32Array[];
  try {
    inputs = definition.inputs(request.size, request.seed);
    built = definition.build(factory(), request.size);
  } catch (error) {
    return erroredReply('build', error);
  }
  try {
    const first = built.run(inputs);
    const isAsync = isPromise(first);
    const output = built.flatten(isAsync ? await first : first);
    const delivered = deliveredBackend(built, request.backend, readBackend);
    if ('problem' in delivered) return erroredReply('run', new Error(delivered.problem), delivered.backend);
    const { backend } = delivered;
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
