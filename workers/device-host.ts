/**
 * Device host entry: a child process that owns the GL backend (`gl` loads in only one thread per process)
 * and the WebGPU backends on dawn.node (`wgsl`, and gpu.js's `webgpu` in pipeline mode). It exposes `probe` and `run` over comlink on the IPC channel, and exits when its
 * parent disconnects, so it can never outlive the CLI.
 * @module
 */
import { expose } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import type { KernelDefinition } from '../kernels/types.ts';
import { loadKernelRegistry } from '../src/bench/kernel-loader.ts';
import { measureKernel } from '../src/bench/measure.ts';
import { dawnRunner, gpuFor, probeBackend } from '../src/pool/backends.ts';
import {
  type BackendName,
  encodeError,
  type KernelReply,
  type ProbeReply,
  type RunKernelRequest,
  WEBGPU_BACKENDS,
} from '../src/pool/protocol.ts';

/** What the device host offers its parent. */
export interface DeviceHostApi {
  probe(backend: BackendName): Promise<ProbeReply>;
  run(request: RunKernelRequest): Promise<KernelReply>;
}

const api: DeviceHostApi = {
  probe: (backend) => probeBackend(backend),
  async run(request) {
    let definition: KernelDefinition;
    try {
      definition = (await loadKernelRegistry(request.kernelModules)).get(request.kernel);
    } catch (error) {
      return { type: 'kernel-reply', state: 'errored', phase: 'load', error: encodeError(error) };
    }
    if (WEBGPU_BACKENDS.includes(request.backend)) return dawnRunner.run(definition, request);
    return measureKernel(definition, request, () => gpuFor(request.backend));
  },
};

if (!process.send) throw new Error('device-host must be started with an IPC channel (child_process.fork)');
process.on('disconnect', () => process.exit(0));
expose(
  api,
  nodeEndpoint({
    postMessage: (message: unknown) => process.send?.(message),
    on: (type, listener) => process.on(type as 'message', listener),
    off: (type, listener) => process.off(type as 'message', listener),
  }),
);
