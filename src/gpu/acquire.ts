/**
 * Getting a WebGPU device fit for benchmarking, from any `GPU` object: dawn.node's `create()` in the device
 * host or `navigator.gpu` in a browser. Asks for the adapter's own limits (the spec defaults cap storage
 * buffers at 128 MiB) and the optional features kernels can use, and keeps uncaptured errors and device
 * loss visible. Also the dawn.node workaround gpu.js needs (see {@link patchRequestDevice}).
 * @module
 */
import type { AdapterInfo } from '../pool/protocol.ts';

/** Optional features requested when the adapter offers them. */
export const WANTED_FEATURES = ['shader-f16', 'subgroups', 'timestamp-query'] as const;

/**
 * `globalThis[LATEST_DEVICE]` holds the device most recently acquired, so that fault-injection test
 * kernels can lose it on purpose (`device.destroy()`) and show the host recovers.
 */
export const LATEST_DEVICE = Symbol.for('tppbench.latestWebGpuDevice');

/** A device and what it runs on. */
export interface AcquiredDevice {
  readonly device: GPUDevice;
  readonly adapter: AdapterInfo;
  /** Uncaptured errors seen so far (most recent last, at most 20). */
  readonly errors: string[];
  /** How many uncaptured errors there have been in all. */
  errorCount: number;
  /** Set once the device is lost, with the reason. */
  lost: string | undefined;
}

/** The adapter's self-description, as plain data. */
export function adapterInfo(adapter: GPUAdapter): AdapterInfo {
  const info = adapter.info as Partial<GPUAdapterInfo> | undefined;
  return {
    vendor: info?.vendor ?? '',
    architecture: info?.architecture ?? '',
    device: info?.device ?? '',
    description: info?.description ?? '',
    features: [...adapter.features].map(String).sort(),
  };
}

/** Whether `info` is a CPU implementation of WebGPU (SwiftShader, llvmpipe/lavapipe): no GPU to measure. */
export function isSoftwareAdapter(info: AdapterInfo): boolean {
  return /swiftshader|llvmpipe|lavapipe/i.test(
    `${info.vendor} ${info.architecture} ${info.device} ${info.description}`,
  );
}

/**
 * What went wrong with the device since `errorCount` was `mark`: its loss, or the latest uncaptured error
 * (a dispatch the implementation rejected, whose output cannot be trusted); undefined when nothing did.
 */
export function deviceProblem(acquired: AcquiredDevice, mark: number): Error | undefined {
  if (acquired.lost !== undefined) return new Error(acquired.lost);
  if (acquired.errorCount > mark) return new Error(`uncaptured WebGPU error: ${acquired.errors.at(-1)}`);
  return undefined;
}

/** A one-line name for an adapter: `nvidia NVIDIA H200`, `google swiftshader`. */
export function rendererName(info: AdapterInfo): string {
  const parts = [info.vendor, info.device || info.architecture || info.description].filter((p) => p);
  return parts.join(' ') || 'webgpu adapter';
}

/** Watch `device` for uncaptured errors and loss, recording them on `acquired`. */
function watch(acquired: AcquiredDevice): void {
  const { device } = acquired;
  try {
    device.addEventListener('uncapturederror', (event) => {
      const message = (event as GPUUncapturedErrorEvent).error?.message ?? 'unknown error';
      acquired.errors.push(message.split('\n')[0] ?? message);
      acquired.errorCount++;
      if (acquired.errors.length > 20) acquired.errors.shift();
    });
  } catch {
    // an implementation without EventTarget on GPUDevice: errors still surface through error scopes
  }
  void device.lost.then((info) => {
    acquired.lost = `device lost (${info.reason})${info.message ? `: ${info.message}` : ''}`;
  });
}

/**
 * Request the high-performance adapter of `gpu` and a device with the adapter's storage-buffer and
 * workgroup limits and the wanted features it offers. Rejects with a reason when there is no adapter.
 */
export async function acquireDevice(gpu: GPU): Promise<AcquiredDevice> {
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new Error('WebGPU found no adapter');
  const limits = adapter.limits;
  const device = await adapter.requestDevice({
    requiredFeatures: WANTED_FEATURES.filter((f) => adapter.features.has(f)) as GPUFeatureName[],
    requiredLimits: {
      maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
      maxBufferSize: limits.maxBufferSize,
      maxComputeWorkgroupStorageSize: limits.maxComputeWorkgroupStorageSize,
      maxComputeInvocationsPerWorkgroup: limits.maxComputeInvocationsPerWorkgroup,
      maxComputeWorkgroupSizeX: limits.maxComputeWorkgroupSizeX,
      maxComputeWorkgroupSizeY: limits.maxComputeWorkgroupSizeY,
    },
  });
  const acquired: AcquiredDevice = {
    device,
    adapter: adapterInfo(adapter),
    errors: [],
    errorCount: 0,
    lost: undefined,
  };
  watch(acquired);
  (globalThis as Record<symbol, unknown>)[LATEST_DEVICE] = device;
  return acquired;
}

/**
 * dawn.node refuses a function assigned to `GPUDevice.onuncapturederror` ("object is not of the correct
 * interface type"), which gpu.js's WebGPU context does on every device it acquires. Wrap
 * `requestDevice` of `adapterPrototype` so each new device gets an own writable `onuncapturederror` data
 * property (the assignment then succeeds), and forward uncaptured errors to whatever handler was assigned
 * through `addEventListener`, so gpu.js's error reporting keeps working. Idempotent.
 */
export function patchRequestDevice(adapterPrototype: {
  requestDevice(descriptor?: GPUDeviceDescriptor): Promise<GPUDevice>;
}): void {
  const marker = Symbol.for('tppbench.requestDevicePatched');
  const target = adapterPrototype as typeof adapterPrototype & { [marker]?: true };
  if (target[marker]) return;
  const original = target.requestDevice;
  target.requestDevice = async function (this: GPUAdapter, descriptor?: GPUDeviceDescriptor) {
    const device = await original.call(this, descriptor);
    let handler: unknown = null;
    Object.defineProperty(device, 'onuncapturederror', {
      configurable: true,
      enumerable: true,
      get: () => handler,
      set: (value: unknown) => {
        handler = value;
      },
    });
    try {
      device.addEventListener('uncapturederror', (event) => {
        if (typeof handler === 'function') (handler as (e: Event) => void)(event);
      });
    } catch {
      // no EventTarget: gpu.js's handler stays silent, error scopes still report
    }
    return device;
  };
  target[marker] = true;
}
