/**
 * The WebGPU backends (`wgsl`, `webgpu`) behind one object that any host embeds: the device host gives it
 * dawn.node's `GPU` and the gpu.js module, a browser page gives it `navigator.gpu` and the gpu.js browser
 * bundle. It probes, keeps one device per host (a fresh one after a loss), and measures cases.
 * @module
 */
import type { KernelDefinition, KernelFactory } from '../../kernels/types.ts';
import { backendOfKernel } from '../pool/kernel-backend.ts';
import type {
  AdapterInfo,
  BackendName,
  KernelReply,
  ProbeReply,
  RunKernelRequest,
} from '../pool/protocol.ts';
import { type AcquiredDevice, acquireDevice, rendererName } from './acquire.ts';
import { measureGpuJsWebGpu, measureWgsl } from './measure-device.ts';

/** The part of gpu.js the webgpu tier uses (the Node module or the browser bundle's `GPU`). */
export interface GpuJsModule {
  readonly GPU: new (settings: { mode: string }) => KernelFactory & { destroy(): unknown };
  readonly WebGPUContext: { acquire(): Promise<{ device: GPUDevice }> };
}

/** What a host provides. */
export interface WebGpuEnvironment {
  /** The WebGPU entry point, or the reason there is none. */
  gpu(): Promise<GPU | string>;
  /** gpu.js, or the reason it is not there. */
  gpujs(): Promise<GpuJsModule | string>;
  /** Most calls one timed sample may batch on this adapter; default `MAX_CALLS_PER_SAMPLE`. */
  maxCallsPerSample?(adapter: AdapterInfo): number;
}

/** Probe and run for the WebGPU backends. */
export interface WebGpuRunner {
  probe(backend: BackendName): Promise<ProbeReply>;
  run(definition: KernelDefinition, request: RunKernelRequest): Promise<KernelReply>;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

function unavailable(backend: BackendName, reason: string): ProbeReply {
  return { type: 'probe-reply', backend, available: false, reason };
}

function buildFailed(message: string): KernelReply {
  return { type: 'kernel-reply', state: 'errored', phase: 'build', error: { name: 'Error', message } };
}

/** Create the runner over `environment`. */
export function createWebGpuRunner(environment: WebGpuEnvironment): WebGpuRunner {
  let acquired: AcquiredDevice | undefined;
  let gpujsInstance: (KernelFactory & { destroy(): unknown }) | undefined;

  const device = async (): Promise<AcquiredDevice> => {
    if (acquired && acquired.lost === undefined) return acquired;
    const gpu = await environment.gpu();
    if (typeof gpu === 'string') throw new Error(gpu);
    acquired = await acquireDevice(gpu);
    return acquired;
  };

  const gpujs = async (): Promise<GpuJsModule> => {
    const module = await environment.gpujs();
    if (typeof module === 'string') throw new Error(module);
    return module;
  };

  const gpujsFactory = (module: GpuJsModule): KernelFactory => {
    gpujsInstance ??= new module.GPU({ mode: 'webgpu' });
    return gpujsInstance;
  };

  async function probeGpuJs(): Promise<ProbeReply> {
    let module: GpuJsModule;
    try {
      module = await gpujs();
      await module.WebGPUContext.acquire();
    } catch (error) {
      return unavailable('webgpu', `gpu.js webgpu: ${firstLine(error)}`);
    }
    try {
      const kernel = gpujsFactory(module).createKernel(
        function (this: { thread: { x: number } }, a: number[]) {
          return a[this.thread.x]! * 2;
        },
        { output: [4] },
      );
      const out = (await kernel(Float32Array.of(1, 2, 3, 4))) as ArrayLike<number>;
      const ranOn = backendOfKernel(kernel);
      kernel.destroy?.();
      if (ranOn !== 'webgpu')
        return unavailable('webgpu', `gpu.js ran the smoke test on ${ranOn ?? 'an unknown backend'}`);
      if (out[3] !== 8) return unavailable('webgpu', `gpu.js smoke test returned ${out[3]} instead of 8`);
    } catch (error) {
      return unavailable('webgpu', `gpu.js webgpu: ${firstLine(error)}`);
    }
    return { type: 'probe-reply', backend: 'webgpu', available: true };
  }

  return {
    async probe(backend) {
      if (backend !== 'wgsl' && backend !== 'webgpu') {
        return unavailable(backend, `${backend} is not a WebGPU backend`);
      }
      let dev: AcquiredDevice;
      try {
        dev = await device();
      } catch (error) {
        return unavailable(backend, firstLine(error));
      }
      const found = { renderer: rendererName(dev.adapter), adapter: dev.adapter };
      if (backend === 'wgsl') return { type: 'probe-reply', backend, available: true, ...found };
      const reply = await probeGpuJs();
      return reply.available ? { ...reply, ...found } : reply;
    },
    async run(definition, request) {
      if (request.backend === 'wgsl') {
        let dev: AcquiredDevice;
        try {
          dev = await device();
        } catch (error) {
          return buildFailed(firstLine(error));
        }
        return measureWgsl(definition, request, dev, environment.maxCallsPerSample?.(dev.adapter));
      }
      if (request.backend === 'webgpu') {
        let module: GpuJsModule;
        try {
          module = await gpujs();
        } catch (error) {
          return buildFailed(firstLine(error));
        }
        return measureGpuJsWebGpu(definition, request, {
          factory: () => gpujsFactory(module),
          device: async () => (await module.WebGPUContext.acquire()).device,
        });
      }
      return buildFailed(`${request.backend} is not a WebGPU backend`);
    },
  };
}
