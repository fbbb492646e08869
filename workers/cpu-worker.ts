/**
 * piscina worker entry for the CPU backends (cpu, webasm, wasm-simd): decode a request, run it, reply with data.
 * @module
 */
import type { KernelDefinition } from '../kernels/types.ts';
import { loadKernelRegistry } from '../src/bench/kernel-loader.ts';
import { measureKernel, measureWasmKernel } from '../src/bench/measure.ts';
import { gpuFor, probeBackend } from '../src/pool/backends.ts';
import { encodeError, type KernelReply, type ProbeReply, type WorkerRequest } from '../src/pool/protocol.ts';
import { probeWasmSimd, wasmFactoryFor } from '../src/pool/wasm.ts';

/** Handle one request from the pool. */
export default async function handle(request: WorkerRequest): Promise<KernelReply | ProbeReply | 'pong'> {
  if (request.type === 'ping') return 'pong';
  if (request.type === 'probe-backend') {
    return request.backend === 'wasm-simd' ? probeWasmSimd() : probeBackend(request.backend);
  }
  let definition: KernelDefinition;
  try {
    definition = (await loadKernelRegistry(request.kernelModules)).get(request.kernel);
  } catch (error) {
    return { type: 'kernel-reply', state: 'errored', phase: 'load', error: encodeError(error) };
  }
  if (request.backend === 'wasm-simd') {
    let factory: Awaited<ReturnType<typeof wasmFactoryFor>>;
    try {
      factory = await wasmFactoryFor(request.kernelThreads ?? 1);
    } catch (error) {
      return { type: 'kernel-reply', state: 'errored', phase: 'build', error: encodeError(error) };
    }
    return measureWasmKernel(definition, request, factory);
  }
  return measureKernel(definition, request, () => gpuFor(request.backend));
}
