/**
 * piscina worker entry for the CPU backends (cpu, webasm): decode a request, run it, reply with data.
 * @module
 */
import type { KernelDefinition } from '../kernels/types.ts';
import { loadKernelRegistry } from '../src/bench/kernel-loader.ts';
import { measureKernel } from '../src/bench/measure.ts';
import { gpuFor, probeBackend } from '../src/pool/backends.ts';
import { encodeError, type KernelReply, type ProbeReply, type WorkerRequest } from '../src/pool/protocol.ts';

/** Handle one request from the pool. */
export default async function handle(request: WorkerRequest): Promise<KernelReply | ProbeReply | 'pong'> {
  if (request.type === 'ping') return 'pong';
  if (request.type === 'probe-backend') return probeBackend(request.backend);
  let definition: KernelDefinition;
  try {
    definition = (await loadKernelRegistry(request.kernelModules)).get(request.kernel);
  } catch (error) {
    return { type: 'kernel-reply', state: 'errored', phase: 'load', error: encodeError(error) };
  }
  return measureKernel(definition, request, () => gpuFor(request.backend));
}
