/**
 * Runs a kernel's WGSL program on a `GPUDevice`, keeping its data on the device: inputs are uploaded once
 * when the program is prepared, a timed batch encodes `repeats` calls into one command buffer, and the
 * output is read back only to verify. Host-device transfers are programs of their own (`kind: 'transfer'`),
 * timed as what they are. Works on any WebGPU implementation: dawn.node in the device host, or a browser.
 * Buffers in `f16` are converted on the host: fp32 inputs rounded to halves on upload, halves widened back.
 * @module
 */
import { float16Array, float32FromFloat16 } from '../../kernels/float16.ts';
import type { WgslBuffer, WgslDeviceInfo, WgslProgram } from '../../kernels/types.ts';

// GPUBufferUsage and GPUMapMode as numbers: the globals are absent until dawn.node's are installed.
const MAP_READ = 0x0001;
const COPY_SRC = 0x0004;
const COPY_DST = 0x0008;
const STORAGE = 0x0080;
const MAP_MODE_READ = 0x0001;

/** A program ready to run: buffers filled, pipelines compiled. */
export interface PreparedProgram {
  /**
   * Run one timed batch of `repeats` calls and resolve to its wall time in ms, measured from submit to
   * `queue.onSubmittedWorkDone()`. Encoding happens before the clock starts.
   */
  runBatch(repeats: number): Promise<number>;
  /** Read the result back (the output, or for a transfer what arrived). */
  readOutput(): Promise<Float32Array>;
  /** Free the device buffers. */
  destroy(): void;
}

/** The `WgslDeviceInfo` of `device`. */
export function deviceInfo(device: GPUDevice): WgslDeviceInfo {
  return {
    features: [...device.features].map(String).sort(),
    maxComputeWorkgroupStorageSize: device.limits.maxComputeWorkgroupStorageSize,
    maxComputeInvocationsPerWorkgroup: device.limits.maxComputeInvocationsPerWorkgroup,
    maxComputeWorkgroupsPerDimension: device.limits.maxComputeWorkgroupsPerDimension,
    maxStorageBufferBindingSize: device.limits.maxStorageBufferBindingSize,
  };
}

const now = (): number => performance.now();

/** Bytes of one value of a buffer in `format`. */
function valueBytes(format: WgslBuffer['format']): number {
  return format === 'f16' ? 2 : 4;
}

/** Bytes of `words` values of `format` (default 32-bit words), rounded up to 16 (vec4 access). */
function paddedBytes(words: number, format?: WgslBuffer['format']): number {
  return Math.max(16, Math.ceil((words * valueBytes(format)) / 16) * 16);
}

/** The first `words` values of `source` (in `format`), as fp32. */
async function readBuffer(
  device: GPUDevice,
  source: GPUBuffer,
  words: number,
  format?: WgslBuffer['format'],
): Promise<Float32Array> {
  const bytes = paddedBytes(words, format);
  const staging = device.createBuffer({ size: bytes, usage: MAP_READ | COPY_DST });
  try {
    const encoder = device.createCommandEncoder();
    encoder.copyBufferToBuffer(source, 0, staging, 0, bytes);
    device.queue.submit([encoder.finish()]);
    await staging.mapAsync(MAP_MODE_READ, 0, bytes);
    const data = staging.getMappedRange(0, bytes).slice(0, words * valueBytes(format));
    return format === 'f16' ? float32FromFloat16(new Uint16Array(data)) : new Float32Array(data);
  } finally {
    staging.destroy();
  }
}

/** What `prepareProgram` writes to a buffer of `spec` for `data`: its values, padded to `bytes`. */
function uploadData(spec: WgslBuffer, data: Float32Array, bytes: number): Float32Array | Uint16Array {
  const values = data.subarray(0, Math.min(data.length, spec.words));
  if (spec.format === 'f16') return float16Array(values, bytes / 2);
  const padded = new Float32Array(bytes / 4);
  padded.set(values);
  return padded;
}

/** Run `build` inside validation and out-of-memory error scopes; a captured error is thrown. */
export async function withErrorScopes<T>(device: GPUDevice, what: string, build: () => T): Promise<T> {
  device.pushErrorScope('out-of-memory');
  device.pushErrorScope('validation');
  let value: T | undefined;
  let thrown: unknown;
  try {
    value = build();
  } catch (error) {
    thrown = error;
  }
  const validation = await device.popErrorScope();
  const memory = await device.popErrorScope();
  const error = validation ?? memory;
  if (error) throw new Error(`${what}: ${error.message.split('\n')[0]}`);
  if (thrown !== undefined) throw thrown;
  return value as T;
}

function checkSize(device: GPUDevice, name: string, bytes: number): void {
  const max = Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize);
  if (bytes > max) {
    throw new Error(`buffer ${name} needs ${bytes} bytes; this device allows ${max} per storage buffer`);
  }
}

async function compileShader(device: GPUDevice, label: string, code: string): Promise<GPUShaderModule> {
  const module = device.createShaderModule({ label, code });
  const info = await module.getCompilationInfo();
  const errors = info.messages.filter((m) => m.type === 'error');
  if (errors.length > 0) {
    const first = errors[0]!;
    throw new Error(`WGSL of ${label} does not compile: ${first.message} (line ${first.lineNum})`);
  }
  return module;
}

async function prepareTransfer(
  device: GPUDevice,
  program: Extract<WgslProgram, { kind: 'transfer' }>,
  inputs: readonly Float32Array[],
): Promise<PreparedProgram> {
  const data = inputs[0];
  if (!data || data.length < program.words)
    throw new Error(`transfer needs an input of ${program.words} words`);
  const bytes = paddedBytes(program.words);
  checkSize(device, 'transfer', bytes);
  const payload = new Float32Array(bytes / 4);
  payload.set(data.subarray(0, program.words));
  const target = await withErrorScopes(device, 'transfer buffer', () =>
    device.createBuffer({ size: bytes, usage: STORAGE | COPY_SRC | COPY_DST }),
  );
  device.queue.writeBuffer(target, 0, payload);
  await device.queue.onSubmittedWorkDone();
  // d2h reads into one staging buffer, mapped and unmapped per call: the copy and the map are the transfer.
  const staging =
    program.direction === 'd2h'
      ? device.createBuffer({ size: bytes, usage: MAP_READ | COPY_DST })
      : undefined;
  const once = async (): Promise<void> => {
    if (staging) {
      const encoder = device.createCommandEncoder();
      encoder.copyBufferToBuffer(target, 0, staging, 0, bytes);
      device.queue.submit([encoder.finish()]);
      await staging.mapAsync(MAP_MODE_READ, 0, bytes);
      staging.unmap();
    } else {
      device.queue.writeBuffer(target, 0, payload);
    }
  };
  return {
    async runBatch(repeats) {
      const start = now();
      for (let i = 0; i < repeats; i++) await once();
      if (!staging) await device.queue.onSubmittedWorkDone();
      return now() - start;
    },
    readOutput: () => readBuffer(device, target, program.words),
    destroy() {
      target.destroy();
      staging?.destroy();
    },
  };
}

/**
 * Prepare `program` on `device` with `inputs`: create and fill the buffers, compile every pass and bind
 * its buffers. Throws with the pass label and the compiler's first message when WGSL does not compile.
 */
export async function prepareProgram(
  device: GPUDevice,
  program: WgslProgram,
  inputs: readonly Float32Array[],
): Promise<PreparedProgram> {
  if (program.kind === 'transfer') return prepareTransfer(device, program, inputs);
  const buffers = new Map<string, GPUBuffer>();
  const destroy = () => {
    for (const buffer of buffers.values()) buffer.destroy();
  };
  try {
    for (const spec of program.buffers) {
      const bytes = paddedBytes(spec.words, spec.format);
      checkSize(device, spec.name, bytes);
      const buffer = await withErrorScopes(device, `buffer ${spec.name}`, () =>
        device.createBuffer({ label: spec.name, size: bytes, usage: STORAGE | COPY_SRC | COPY_DST }),
      );
      buffers.set(spec.name, buffer);
      if (spec.init !== 'scratch') {
        const data = inputs[spec.init.input];
        if (!data) throw new Error(`buffer ${spec.name} wants input ${spec.init.input}, which is missing`);
        device.queue.writeBuffer(buffer, 0, uploadData(spec, data, bytes));
      }
    }
    const output = buffers.get(program.output);
    if (!output) throw new Error(`output buffer ${program.output} is not among the program's buffers`);
    const outputFormat = program.buffers.find((spec) => spec.name === program.output)?.format;
    const steps: { pipeline: GPUComputePipeline; group: GPUBindGroup; grid: readonly number[] }[] = [];
    for (const pass of program.passes) {
      const module = await compileShader(device, pass.label, pass.code);
      const step = await withErrorScopes(device, pass.label, () => {
        const pipeline = device.createComputePipeline({
          label: pass.label,
          layout: 'auto',
          compute: { module, entryPoint: pass.entryPoint ?? 'main' },
        });
        const entries = pass.bindings.map((name, binding) => {
          const buffer = buffers.get(name);
          if (!buffer) throw new Error(`${pass.label} binds ${name}, which is not a buffer of the program`);
          return { binding, resource: { buffer } };
        });
        const group = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries });
        return { pipeline, group, grid: pass.workgroups };
      });
      const limit = device.limits.maxComputeWorkgroupsPerDimension;
      if (step.grid.some((g) => !Number.isInteger(g) || g < 1 || g > limit)) {
        throw new Error(
          `${pass.label} dispatches [${step.grid.join(', ')}] workgroups; each must be 1..${limit}`,
        );
      }
      steps.push(step);
    }
    await device.queue.onSubmittedWorkDone();
    const encode = (repeats: number): GPUCommandBuffer => {
      const encoder = device.createCommandEncoder();
      const pass = encoder.beginComputePass();
      for (let r = 0; r < repeats; r++) {
        for (const step of steps) {
          pass.setPipeline(step.pipeline);
          pass.setBindGroup(0, step.group);
          pass.dispatchWorkgroups(step.grid[0]!, step.grid[1]!, step.grid[2]!);
        }
      }
      pass.end();
      return encoder.finish();
    };
    return {
      async runBatch(repeats) {
        const commands = encode(repeats);
        const start = now();
        device.queue.submit([commands]);
        await device.queue.onSubmittedWorkDone();
        return now() - start;
      },
      readOutput: () => readBuffer(device, output, program.outputWords, outputFormat),
      destroy,
    };
  } catch (error) {
    destroy();
    throw error;
  }
}
