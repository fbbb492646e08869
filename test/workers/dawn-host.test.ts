/**
 * The WebGPU backends in the real device host child process, on dawn.node, the way they run on a GPU
 * machine. Without a GPU the host is given Chromium's SwiftShader Vulkan driver (CI installs `chromium`).
 * Covers every kernel once, and a kernel that loses the device: that case fails, the next one runs.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { builtinKernels } from '../../kernels/registry.ts';
import { findSwiftShaderIcd } from '../../src/pool/browser-host.ts';
import { createDeviceHost } from '../../src/pool/device-host.ts';
import { kernelRequest, ODD_SIZES } from '../helpers/webgpu.ts';

const icd = findSwiftShaderIcd(undefined);
if (!('path' in icd)) throw new Error(`these tests need Debian's chromium: ${icd.reason}`);
const host = createDeviceHost({ VK_ICD_FILENAMES: icd.path, VK_DRIVER_FILES: icd.path });
afterAll(() => host.close());

const FAULTS = new URL('../fixtures/kernels/webgpu-faults.ts', import.meta.url).href;

describe('device host: dawn.node on SwiftShader', () => {
  it('finds the adapter and says what it is', async () => {
    expect(await host.probe('wgsl')).toMatchObject({
      available: true,
      adapter: { architecture: 'swiftshader', features: expect.any(Array) },
    });
  }, 60_000);

  it('runs gpu.js webgpu with dawn.node (the onuncapturederror workaround in place)', async () => {
    expect(await host.probe('webgpu')).toMatchObject({ available: true });
  }, 60_000);

  it.each(
    builtinKernels.flatMap((k) =>
      (['wgsl', 'webgpu'] as const)
        // A kernel that needs a device feature SwiftShader lacks has its own test (gemm-f16.test.ts).
        .filter(
          (backend) => (backend === 'wgsl' ? (k.wgslFeatures ? undefined : k.wgsl) : k.build) !== undefined,
        )
        .map((backend) => [k.name, backend, ODD_SIZES[k.name]!.at(-1)!] as const),
    ),
  )('%s on %s matches the reference', async (name, backend, size) => {
    const reply = await host.run(kernelRequest(name, size, backend), 120_000);
    expect(reply).toMatchObject({ state: 'completed', backend, verification: { passed: true } });
  });

  it('survives a kernel that loses the device: that case errors, the next acquires a new device', async () => {
    const pid = host.pid();
    const lost = await host.run(kernelRequest('fixture-loses-device', { n: 33 }, 'wgsl', [FAULTS]), 60_000);
    expect(lost).toMatchObject({ state: 'errored', backend: 'wgsl' });
    const next = await host.run(kernelRequest('fixture-wgsl-ok', { n: 33 }, 'wgsl', [FAULTS]), 60_000);
    expect(next).toMatchObject({ state: 'completed', verification: { passed: true } });
    expect(host.pid()).toBe(pid);
  });

  it('gpu.js webgpu per-call timing uploads and reads back in every call, and still verifies', async () => {
    const reply = await host.run(
      { ...kernelRequest('gemm', { m: 33, n: 7, k: 17 }, 'webgpu'), timingMethod: 'per-call' },
      60_000,
    );
    expect(reply).toMatchObject({ state: 'completed', timing: { method: 'per-call' } });
  });
});
