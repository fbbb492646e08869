/**
 * Measure one kernel case on a WebGPU device with its data kept there: the `wgsl` tier runs the kernel's
 * WGSL program through the executor; the `webgpu` tier runs its gpu.js body in pipeline mode, inputs
 * uploaded once as device buffers and outputs left on the device. Both verify one read-back against the
 * Float64 reference, then time batches of calls (see `device-timing.ts`). Every failure is a reply.
 * Environment-agnostic: the device host (dawn.node) and the browser page both call it.
 * @module
 */
import type { BuiltKernel, KernelDefinition, KernelFactory, KernelSettings } from '../../kernels/types.ts';
import { verifyThenTime } from '../bench/verify.ts';
import { deliveredBackend } from '../pool/kernel-backend.ts';
import { erroredReply, type KernelReply, type RunKernelRequest, unsupportedReply } from '../pool/protocol.ts';
import { type AcquiredDevice, deviceProblem } from './acquire.ts';
import { MAX_CALLS_PER_SAMPLE, timeBatches } from './device-timing.ts';
import { deviceInfo, prepareProgram } from './wgsl-executor.ts';

/** gpu.js in webgpu mode, as the device tier needs it. */
export interface GpuJsWebGpu {
  /** A gpu.js `GPU` in webgpu mode (shared by the cases of one host). */
  factory(): KernelFactory;
  /** The device gpu.js runs on (gpu.js's `WebGPUContext.acquire()`). */
  device(): Promise<GPUDevice>;
}

/** A gpu.js buffer handle (pipeline mode): read back with `toArray`, free with `delete`. */
interface BufferHandle {
  readonly type: 'WebGPUBuffer';
  toArray(): Promise<unknown>;
  delete(): void;
}

function isHandle(value: unknown): value is BufferHandle {
  return (value as { type?: unknown } | null)?.type === 'WebGPUBuffer';
}

/** Device-resident samples of `runBatch`; `check` may throw (a device lost while timing). */
function deviceSamples(
  runBatch: (calls: number) => Promise<number>,
  request: RunKernelRequest,
  maxCalls: number,
  check: () => void = () => undefined,
) {
  return async () => {
    const { samplesSec, callsPerSample } = await timeBatches(runBatch, request.timing, maxCalls);
    check();
    return { samplesSec, timing: { method: 'device-resident', callsPerSample } as const };
  };
}

/** Measure `request` with the kernel's WGSL program on `acquired`. */
export async function measureWgsl(
  definition: KernelDefinition,
  request: RunKernelRequest,
  acquired: AcquiredDevice,
  /** Most calls one sample may batch (see `WebGpuEnvironment.maxCallsPerSample`). */
  maxCalls = MAX_CALLS_PER_SAMPLE,
): Promise<KernelReply> {
  if (!definition.wgsl) return unsupportedReply('wgsl', definition.name, 'WGSL');
  const { device } = acquired;
  // acquireDevice asks for every wanted feature the adapter offers: what the device lacks, the adapter does.
  const lacking = (definition.wgslFeatures ?? []).filter((feature) => !device.features.has(feature));
  if (lacking.length > 0) {
    return {
      type: 'kernel-reply',
      state: 'unsupported',
      backend: 'wgsl',
      reason: `adapter lacks ${lacking.join(', ')}`,
    };
  }
  const mark = acquired.errorCount;
  const problem = () => {
    const error = deviceProblem(acquired, mark);
    if (error) throw error;
  };
  let prepared: Awaited<ReturnType<typeof prepareProgram>>;
  let inputs: Float32Array[];
  try {
    problem();
    inputs = definition.inputs(request.size, request.seed);
    prepared = await prepareProgram(device, definition.wgsl(request.size, deviceInfo(device)), inputs);
  } catch (error) {
    return erroredReply('build', error, 'wgsl');
  }
  try {
    let output: Float32Array;
    try {
      await prepared.runBatch(1);
      output = await prepared.readOutput();
      problem();
    } catch (error) {
      return erroredReply('run', error, 'wgsl');
    }
    return await verifyThenTime(
      'wgsl',
      definition,
      request,
      inputs,
      output,
      deviceSamples((calls) => prepared.runBatch(calls), request, maxCalls, problem),
    );
  } finally {
    prepared.destroy();
  }
}

/** A factory that builds every kernel in gpu.js pipeline mode (outputs stay on the device). */
function pipelineFactory(factory: KernelFactory): KernelFactory {
  return {
    createKernel: (body, settings: KernelSettings) =>
      factory.createKernel(body, { ...settings, pipeline: true }),
  };
}

/** Upload `data` once as a gpu.js device buffer, through a pipeline-mode identity kernel. */
async function upload(factory: KernelFactory, data: Float32Array): Promise<BufferHandle> {
  const identity = factory.createKernel(
    function (this: { thread: { x: number } }, a: number[]) {
      return a[this.thread.x]!;
    },
    { output: [data.length], pipeline: true },
  );
  try {
    const handle = await identity(data);
    if (!isHandle(handle)) throw new Error('gpu.js webgpu did not return a device buffer in pipeline mode');
    return handle;
  } finally {
    // The handle holds its own reference to the buffer; the kernel's argument buffer goes now.
    identity.destroy?.();
  }
}

/**
 * Measure `request` with the kernel's gpu.js body on gpu.js's webgpu backend. Device-resident by default:
 * pipeline mode, inputs uploaded once, outputs left on the device. With `timingMethod: 'per-call'`, gpu.js
 * runs as it does by default, uploading its inputs and reading its output back in every timed call.
 */
export async function measureGpuJsWebGpu(
  definition: KernelDefinition,
  request: RunKernelRequest,
  gpujs: GpuJsWebGpu,
): Promise<KernelReply> {
  if (!definition.build) return unsupportedReply('webgpu', definition.name, 'gpu.js');
  const perCall = request.timingMethod === 'per-call';
  const handles: BufferHandle[] = [];
  let built: BuiltKernel | undefined;
  try {
    let inputs: Float32Array[];
    let device: GPUDevice;
    try {
      inputs = definition.inputs(request.size, request.seed);
      device = await gpujs.device();
      built = definition.build(perCall ? gpujs.factory() : pipelineFactory(gpujs.factory()), request.size);
      if (!perCall) for (const input of inputs) handles.push(await upload(gpujs.factory(), input));
    } catch (error) {
      return erroredReply('build', error);
    }
    const kernel = built;
    const args: readonly unknown[] = perCall ? inputs : handles;
    // Each call returns a handle on the kernel's reused output buffer; dropping it keeps the count flat.
    const callOnce = async (): Promise<void> => {
      const result = await kernel.run(args);
      if (isHandle(result)) result.delete();
    };
    let output: Float32Array;
    try {
      const result = await kernel.run(args);
      const delivered = deliveredBackend(kernel, 'webgpu');
      if ('problem' in delivered) return erroredReply('run', new Error(delivered.problem), delivered.backend);
      output = kernel.flatten(isHandle(result) ? await result.toArray() : result);
      if (isHandle(result)) result.delete();
    } catch (error) {
      return erroredReply('run', error, 'webgpu');
    }
    const runBatch = async (calls: number): Promise<number> => {
      const start = performance.now();
      for (let i = 0; i < calls; i++) await callOnce();
      await device.queue.onSubmittedWorkDone();
      return performance.now() - start;
    };
    if (perCall) {
      return await verifyThenTime('webgpu', definition, request, inputs, output, async () => ({
        samplesSec: (await timeBatches(runBatch, request.timing, 1)).samplesSec,
        timing: { method: 'per-call' },
      }));
    }
    return await verifyThenTime(
      'webgpu',
      definition,
      request,
      inputs,
      output,
      deviceSamples(runBatch, request, 1 << 12),
    );
  } finally {
    for (const handle of handles) handle.delete();
    for (const compiled of built?.compiled ?? []) compiled.destroy?.();
  }
}
