/**
 * The browser side of `--browser`: a module the served page loads. It exposes `window.tppbench` with
 * `probe` and `run`, which the Node side calls through Playwright's `page.evaluate`. The WebGPU backends
 * run here on the browser's own device (`navigator.gpu`); gpu.js comes from its browser bundle.
 * @module
 */
import { kernelRegistryLoader } from '../../kernels/registry.ts';
import type { KernelDefinition } from '../../kernels/types.ts';
import { createWebGpuRunner, type GpuJsModule } from '../gpu/webgpu-runner.ts';
import { encodeError, type KernelReply, type ProbeReply, type RunKernelRequest } from '../pool/protocol.ts';

interface BrowserGlobals {
  navigator?: { gpu?: GPU };
  GPU?: GpuJsModule['GPU'] & { WebGPUContext: GpuJsModule['WebGPUContext'] };
  tppbench?: unknown;
}

const globals = globalThis as unknown as BrowserGlobals;

const runner = createWebGpuRunner({
  gpu: async () =>
    globals.navigator?.gpu ??
    'this browser offers no navigator.gpu (WebGPU disabled, or not a secure context)',
  gpujs: async () =>
    globals.GPU ? { GPU: globals.GPU, WebGPUContext: globals.GPU.WebGPUContext } : 'gpu.js did not load',
});

const registryFor = kernelRegistryLoader((url) => import(url));

/** What the page offers the Node side. */
export interface PageApi {
  probe(backend: RunKernelRequest['backend']): Promise<ProbeReply>;
  run(request: RunKernelRequest): Promise<KernelReply>;
}

const api: PageApi = {
  probe: (backend) => runner.probe(backend),
  async run(request) {
    let definition: KernelDefinition;
    try {
      definition = (await registryFor(request.kernelModules)).get(request.kernel);
    } catch (error) {
      return { type: 'kernel-reply', state: 'errored', phase: 'load', error: encodeError(error) };
    }
    return runner.run(definition, request);
  },
};

globals.tppbench = api;
