/**
 * gpu.js backends inside a worker: probing whether one works (and why not), building `GPU` instances, and
 * reading back which backend a kernel actually ran on (gpu.js can fall back silently). Imported only by
 * worker entries: importing gpu.js loads `gl`, which only one thread per process can do.
 * @module
 */
import { createRequire } from 'node:module';
import { isMainThread } from 'node:worker_threads';
import { GPU as GpuJs } from 'gpu.js';
import type { KernelFactory } from '../../kernels/types.ts';
import { isSoftwareAdapter, patchRequestDevice } from '../gpu/acquire.ts';
import { MAX_CALLS_PER_SAMPLE } from '../gpu/device-timing.ts';
import { createWebGpuRunner, type GpuJsModule, type WebGpuRunner } from '../gpu/webgpu-runner.ts';
import { backendOfKernel } from './kernel-backend.ts';
import { type BackendName, type ProbeReply, WEBGPU_BACKENDS } from './protocol.ts';

const require = createRequire(import.meta.url);

const instances = new Map<BackendName, GpuJs>();

/** The worker's one `GPU` instance for `backend` (created on first use). */
export function gpuFor(backend: BackendName): KernelFactory {
  let gpu = instances.get(backend);
  if (!gpu) {
    gpu = new GpuJs({ mode: backend as 'cpu' });
    instances.set(backend, gpu);
  }
  return gpu as unknown as KernelFactory;
}

/** Destroy every `GPU` instance of this worker. */
export function destroyGpus(): void {
  for (const gpu of instances.values()) gpu.destroy();
  instances.clear();
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

function unavailable(backend: BackendName, reason: string): ProbeReply {
  return { type: 'probe-reply', backend, available: false, reason };
}

/** Check that `backend` is really what runs a tiny kernel: gpu.js's `gpu` mode and fallbacks can lie. */
function smokeTest(backend: BackendName): string | undefined {
  try {
    const kernel = gpuFor(backend).createKernel(
      function (this: { thread: { x: number } }, a: number[]) {
        return a[this.thread.x]! * 2;
      },
      { output: [4] },
    );
    const out = kernel(Float32Array.of(1, 2, 3, 4)) as ArrayLike<number>;
    const ran = backendOfKernel(kernel);
    kernel.destroy?.();
    if (ran !== backend) return `gpu.js ran the smoke test on ${ran ?? 'an unknown backend'}`;
    if (out[3] !== 8) return `smoke test returned ${out[3]} instead of 8`;
    return undefined;
  } catch (error) {
    return `gpu.js: ${firstLine(error)}`;
  }
}

function probeHeadlessGl(): ProbeReply {
  if (process.platform === 'linux' && !process.env.DISPLAY) {
    return unavailable('headlessgl', 'no display (run under xvfb-run -a)');
  }
  if (!isMainThread) return unavailable('headlessgl', 'gl loads in only one thread per process');
  let createContext: (w: number, h: number) => WebGLRenderingContextLike | null;
  try {
    createContext = require('gl') as typeof createContext;
  } catch (error) {
    return unavailable('headlessgl', `gl failed to load: ${firstLine(error)}`);
  }
  const context = createContext(1, 1);
  if (!context)
    return unavailable('headlessgl', `gl could not create a context on display ${process.env.DISPLAY}`);
  const info = context.getExtension('WEBGL_debug_renderer_info') as {
    UNMASKED_RENDERER_WEBGL: number;
  } | null;
  // headless-gl hides the driver (llvmpipe under Xvfb) behind ANGLE and offers no debug_renderer_info.
  const renderer = info
    ? String(context.getParameter(info.UNMASKED_RENDERER_WEBGL))
    : `${String(context.getParameter(context.RENDERER))} (${String(context.getParameter(context.VERSION))})`;
  (context.getExtension('STACKGL_destroy_context') as { destroy(): void } | null)?.destroy();
  const problem = smokeTest('headlessgl');
  return problem
    ? unavailable('headlessgl', problem)
    : { type: 'probe-reply', backend: 'headlessgl', available: true, renderer };
}

interface WebGLRenderingContextLike {
  readonly RENDERER: number;
  readonly VERSION: number;
  getExtension(name: string): unknown;
  getParameter(name: number): unknown;
}

interface DawnModule {
  create(flags: string[]): GPU;
  globals: Record<string, unknown>;
}

let dawnGpu: Promise<GPU | string> | undefined;

/**
 * dawn.node's `GPU`, with its WebGPU globals installed and `navigator.gpu` set, as gpu.js expects; or the
 * reason it did not load (on Debian 12: GLIBCXX_3.4.32 missing from libstdc++).
 */
function loadDawn(): Promise<GPU | string> {
  dawnGpu ??= (async () => {
    let dawn: DawnModule;
    try {
      dawn = (await import('webgpu' as string)) as DawnModule;
    } catch (error) {
      return `dawn.node failed to load: ${firstLine(error)}`;
    }
    Object.assign(globalThis, dawn.globals);
    const adapterClass = dawn.globals.GPUAdapter as { prototype: Parameters<typeof patchRequestDevice>[0] };
    if (adapterClass?.prototype) patchRequestDevice(adapterClass.prototype);
    const gpu = dawn.create([]);
    Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
    return gpu;
  })();
  return dawnGpu;
}

/**
 * The WebGPU backends in this process: dawn.node for the device, gpu.js's Node module for `webgpu`. On a
 * software driver (Chromium's SwiftShader) dawn.node aborts the process (a futex error) once a command
 * buffer holds more than a few dispatches, so there each sample is one call: correctness, not speed.
 */
export const dawnRunner: WebGpuRunner = createWebGpuRunner({
  gpu: loadDawn,
  maxCallsPerSample: (adapter) => (isSoftwareAdapter(adapter) ? 1 : MAX_CALLS_PER_SAMPLE),
  async gpujs() {
    const loaded = await loadDawn();
    if (typeof loaded === 'string') return loaded;
    const module = (await import('gpu.js')) as unknown as GpuJsModule;
    return { GPU: module.GPU, WebGPUContext: module.WebGPUContext };
  },
});

/** Whether `backend` works in this thread, with the renderer (GL, WebGPU) or the reason it does not. */
export async function probeBackend(backend: BackendName): Promise<ProbeReply> {
  if (backend === 'headlessgl') return probeHeadlessGl();
  if (WEBGPU_BACKENDS.includes(backend)) {
    if (!isMainThread)
      return unavailable(backend, 'the WebGPU backends run in the device host, not the pool');
    return dawnRunner.probe(backend);
  }
  const problem = smokeTest(backend);
  return problem ? unavailable(backend, problem) : { type: 'probe-reply', backend, available: true };
}
