/**
 * Uncaptured WebGPU errors under dawn.node reach a handler assigned to `device.onuncapturederror`: the one
 * gpu.js assigns to its device, and one assigned to the device the device host acquires. The device comes
 * the way the device host gets it (`probeBackend`, which loads dawn.node with the `patchRequestDevice`
 * workaround); without a GPU it runs on Chromium's SwiftShader. Skipped only where dawn.node finds no
 * adapter at all.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LATEST_DEVICE } from '../../src/gpu/acquire.ts';
import { findSwiftShaderIcd } from '../../src/pool/browser-host.ts';

const icd = findSwiftShaderIcd(undefined);
if ('path' in icd && !process.env.VK_ICD_FILENAMES) {
  // dawn.node reads the Vulkan driver list when it first looks for adapters, after this
  process.env.VK_ICD_FILENAMES = icd.path;
  process.env.VK_DRIVER_FILES = icd.path;
}
const { probeBackend } = await import('../../src/pool/backends.ts');
const probe = await probeBackend('webgpu');
const noAdapter = !probe.available && /no adapter/i.test(probe.reason);

/** Provoke a validation error: MAP_READ goes only with COPY_DST. */
function badBuffer(device: GPUDevice): void {
  device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.STORAGE });
}

/** Wait until `done()` or 5 s pass; dawn.node delivers uncaptured errors asynchronously. */
async function until(done: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('dawn.node: onuncapturederror', () => {
  it('the webgpu backend is available (or dawn.node found no adapter: the tests below skip)', () => {
    if (!noAdapter) expect(probe).toMatchObject({ available: true });
  });

  it.skipIf(noAdapter)(
    'a handler assigned to the acquired device gets each validation error once',
    async () => {
      const device = (globalThis as Record<symbol, unknown>)[LATEST_DEVICE] as GPUDevice;
      const seen: string[] = [];
      device.onuncapturederror = (event) => {
        seen.push(event.error.message);
      };
      expect(typeof device.onuncapturederror).toBe('function');
      badBuffer(device);
      await until(() => seen.length > 0);
      await new Promise((resolve) => setTimeout(resolve, 100)); // a second delivery would arrive by now
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatch(/usage/i);
      device.onuncapturederror = null;
    },
  );

  it.skipIf(noAdapter)("gpu.js's own handler reports an error on its device", async () => {
    const { WebGPUContext } = (await import('gpu.js')) as unknown as {
      WebGPUContext: { acquire(): Promise<{ device: GPUDevice }> };
    };
    const { device } = await WebGPUContext.acquire();
    expect(typeof device.onuncapturederror).toBe('function');
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    badBuffer(device);
    await until(() => errors.mock.calls.length > 0);
    expect(errors.mock.calls.map((call) => String(call[0]))).toEqual([
      expect.stringMatching(/^gpu\.js \[webgpu\]: .*usage/i),
    ]);
  });
});
