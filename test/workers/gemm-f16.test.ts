/**
 * gemm-f16 on dawn.node, as far as a machine without an f16 GPU allows:
 * - SwiftShader (the device host's CPU driver) lacks `shader-f16`: the kernel is reported unsupported on
 *   `wgsl` with that reason (and runs and verifies instead, should the adapter ever offer the feature);
 * - the same generated WGSL read as f32 runs there, checking its tiling and bounds at odd sizes;
 * - Dawn's null backend offers `shader-f16` and validates shaders and pipelines without running them: the
 *   f16 programs compile and bind through the executor (f16 uploads included), and are refused without it.
 * f16 results on a device are verified only where an adapter has `shader-f16` (the browser test does too).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gemmF16Kernel } from '../../kernels/gemm-f16/index.ts';
import type { WgslProgram } from '../../kernels/types.ts';
import { deviceInfo, prepareProgram } from '../../src/gpu/wgsl-executor.ts';
import { findSwiftShaderIcd } from '../../src/pool/browser-host.ts';
import { createDeviceHost } from '../../src/pool/device-host.ts';
import { adapterFeatures, kernelRequest, ODD_SIZES } from '../helpers/webgpu.ts';

const SIZES = ODD_SIZES['gemm-f16']!;
const FIXTURE = new URL('../fixtures/kernels/gemm-f16-in-f32.ts', import.meta.url).href;

describe('gemm-f16 in the device host (dawn.node on SwiftShader)', () => {
  const icd = findSwiftShaderIcd(undefined);
  if (!('path' in icd)) throw new Error(`these tests need Debian's chromium: ${icd.reason}`);
  const host = createDeviceHost({ VK_ICD_FILENAMES: icd.path, VK_DRIVER_FILES: icd.path });
  afterAll(() => host.close());

  it('is unsupported on wgsl where the adapter lacks shader-f16, else matches the reference', async () => {
    const hasF16 = adapterFeatures(await host.probe('wgsl')).includes('shader-f16');
    for (const size of SIZES) {
      const reply = await host.run(kernelRequest('gemm-f16', size, 'wgsl'), 60_000);
      if (hasF16) {
        expect(reply, JSON.stringify(size)).toMatchObject({
          state: 'completed',
          verification: { passed: true },
        });
      } else {
        expect(reply).toEqual({
          type: 'kernel-reply',
          state: 'unsupported',
          backend: 'wgsl',
          reason: 'adapter lacks shader-f16',
        });
      }
    }
  }, 120_000);

  it('has no gpu.js body: unsupported on webgpu, with the reason', async () => {
    expect(await host.run(kernelRequest('gemm-f16', { m: 7, n: 7, k: 7 }, 'webgpu'), 60_000)).toEqual({
      type: 'kernel-reply',
      state: 'unsupported',
      backend: 'webgpu',
      reason: 'kernel gemm-f16 has no gpu.js implementation',
    });
  }, 60_000);

  it.each([1, 7, 1023])(
    'the executor rounds an f16 buffer of %i values on upload and widens it back',
    async (n) => {
      const reply = await host.run(kernelRequest('fixture-f16-round-trip', { n }, 'wgsl', [FIXTURE]), 60_000);
      expect(reply).toMatchObject({ state: 'completed', verification: { passed: true, maxRelError: 0 } });
    },
  );

  it.each(SIZES.map((size) => [JSON.stringify(size), size] as const))(
    'its WGSL read as f32 matches the reference at %s',
    async (_label, size) => {
      const reply = await host.run(kernelRequest('fixture-gemm-f16-in-f32', size, 'wgsl', [FIXTURE]), 60_000);
      expect(reply).toMatchObject({ state: 'completed', backend: 'wgsl', verification: { passed: true } });
    },
    60_000,
  );
});

interface Dawn {
  create(flags: string[]): GPU;
  globals: Record<string, unknown>;
}

describe("gemm-f16 WGSL on Dawn's null backend (validates, does not compute)", () => {
  let gpu: GPU;
  const devices: GPUDevice[] = [];
  const device = async (features: GPUFeatureName[]): Promise<GPUDevice> => {
    const adapter = await gpu.requestAdapter();
    if (!adapter) throw new Error("dawn.node's null backend offered no adapter");
    const created = await adapter.requestDevice({ requiredFeatures: features });
    devices.push(created);
    return created;
  };
  beforeAll(async () => {
    const dawn = (await import('webgpu')) as unknown as Dawn;
    Object.assign(globalThis, dawn.globals);
    gpu = dawn.create(['backend=null']);
  });
  afterAll(() => {
    for (const created of devices) created.destroy();
  });

  /** Prepare gemm-f16 (or `edit` of its program) at `size` on `target`: compile, bind, upload. */
  const prepare = async (target: GPUDevice, size: Record<string, number>, edit = (p: WgslProgram) => p) => {
    const program = edit(gemmF16Kernel.wgsl!(size, { ...deviceInfo(target), features: ['shader-f16'] }));
    const prepared = await prepareProgram(target, program, gemmF16Kernel.inputs(size, 5));
    prepared.destroy();
  };

  it('offers shader-f16', async () => {
    expect((await gpu.requestAdapter())?.features.has('shader-f16')).toBe(true);
  });

  it.each(SIZES.map((size) => [JSON.stringify(size), size] as const))(
    'compiles and binds at %s with shader-f16',
    async (_label, size) => {
      await expect(prepare(await device(['shader-f16']), size)).resolves.toBeUndefined();
    },
  );

  it('is refused on a device without shader-f16', async () => {
    await expect(prepare(await device([]), { m: 7, n: 33, k: 17 })).rejects.toThrow(
      /WGSL of gemm-f16 7x33x17 .* does not compile: .*f16/,
    );
  });

  it('catches a type error in f16 WGSL (the check can fail)', async () => {
    const unconverted = (program: WgslProgram): WgslProgram =>
      program.kind === 'compute'
        ? {
            ...program,
            passes: program.passes.map((p) => ({
              ...p,
              code: p.code.replace('pb = vec4<f32>(b[', 'pb = (b['),
            })),
          }
        : program;
    await expect(prepare(await device(['shader-f16']), { m: 64, n: 64, k: 64 }, unconverted)).rejects.toThrow(
      /does not compile/,
    );
  });
});
