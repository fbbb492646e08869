/**
 * Device host entry: a child process that owns the GL backend (`gl` loads in only one thread per process)
 * and the WebGPU backends on dawn.node (`wgsl`, and gpu.js's `webgpu` in pipeline mode). It exposes `probe`
 * and `run` over comlink on the IPC channel. It never outlives the CLI: it exits when its parent disconnects,
 * and a watchdog thread kills it when the parent is gone while a kernel blocks the event loop.
 * @module
 */
import { Worker } from 'node:worker_threads';
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

/** How often the watchdog looks for the parent. */
const WATCHDOG_INTERVAL_MS = 500;

/**
 * Source of the watchdog thread. When the parent dies this process is re-parented (to init or a subreaper),
 * so `process.ppid` changes; the thread then kills the whole process. A thread runs while the main thread
 * spins in a kernel, when no 'disconnect' event can be delivered; `process.exit` would end only the thread.
 */
const WATCHDOG_SOURCE = `
const { workerData } = require('node:worker_threads');
setInterval(() => {
  if (process.ppid !== workerData.parentPid) process.kill(process.pid, 'SIGKILL');
}, workerData.intervalMs);
`;

/** Start the watchdog thread; it does not keep the process alive. */
function watchParent(): void {
  const watchdog = new Worker(WATCHDOG_SOURCE, {
    eval: true,
    execArgv: [],
    workerData: { parentPid: process.ppid, intervalMs: WATCHDOG_INTERVAL_MS },
  });
  watchdog.unref();
}

if (!process.send) throw new Error('device-host must be started with an IPC channel (child_process.fork)');
process.on('disconnect', () => process.exit(0));
watchParent();
expose(
  api,
  nodeEndpoint({
    postMessage: (message: unknown) => process.send?.(message),
    on: (type, listener) => process.on(type as 'message', listener),
    off: (type, listener) => process.off(type as 'message', listener),
  }),
);
