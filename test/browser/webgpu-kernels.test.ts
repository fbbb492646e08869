/**
 * Every WGSL kernel and every gpu.js webgpu kernel against its Float64 reference, in real Chromium on
 * SwiftShader (CI installs Debian's `chromium`), at odd sizes. The gpu.js kernels run in pipeline mode:
 * inputs uploaded once, outputs kept on the device, one read-back to verify. Kernels that need a device
 * feature (gemm-f16: `shader-f16`, which SwiftShader lacks) run where the adapter has it and are reported
 * unsupported, with the reason, where it does not.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { builtinKernels } from '../../kernels/registry.ts';
import { createBrowserHost } from '../../src/pool/browser-host.ts';
import { adapterFeatures, kernelRequest, ODD_SIZES } from '../helpers/webgpu.ts';

const host = createBrowserHost({ swiftshader: true });
afterAll(() => host.close());

const cases = (predicate: (k: (typeof builtinKernels)[number]) => boolean) =>
  builtinKernels
    .filter(predicate)
    .flatMap((kernel) =>
      (ODD_SIZES[kernel.name] ?? []).map((size) => [kernel.name, JSON.stringify(size), size] as const),
    );

describe('browser host (Chromium, SwiftShader)', () => {
  it('offers both WebGPU backends on a SwiftShader adapter, and refuses the others', async () => {
    for (const backend of ['wgsl', 'webgpu'] as const) {
      expect(await host.probe(backend)).toMatchObject({
        available: true,
        renderer: expect.stringContaining('swiftshader'),
        adapter: { architecture: 'swiftshader' },
      });
    }
    expect(await host.probe('cpu')).toMatchObject({
      available: false,
      reason: expect.stringContaining('--browser'),
    });
  }, 60_000);

  it.each(cases((k) => k.wgsl !== undefined && k.wgslFeatures === undefined))(
    'wgsl %s %s matches the reference',
    async (name, _label, size) => {
      const reply = await host.run(kernelRequest(name, size, 'wgsl'), 60_000);
      expect(reply).toMatchObject({
        state: 'completed',
        backend: 'wgsl',
        verification: { passed: true },
        timing: { method: 'device-resident' },
      });
    },
  );

  it.each(cases((k) => k.build !== undefined))(
    'webgpu %s %s matches the reference',
    async (name, _label, size) => {
      const reply = await host.run(kernelRequest(name, size, 'webgpu'), 60_000);
      expect(reply).toMatchObject({
        state: 'completed',
        backend: 'webgpu',
        verification: { passed: true },
        timing: { method: 'device-resident' },
      });
    },
  );

  it.each(cases((k) => k.wgsl !== undefined && k.wgslFeatures !== undefined))(
    'wgsl %s %s matches the reference where the adapter has its features, else is unsupported',
    async (name, _label, size) => {
      const needs = builtinKernels.find((k) => k.name === name)!.wgslFeatures!;
      const offered = adapterFeatures(await host.probe('wgsl'));
      const lacking = needs.filter((f) => !offered.includes(f));
      const reply = await host.run(kernelRequest(name, size, 'wgsl'), 60_000);
      if (lacking.length === 0) {
        expect(reply).toMatchObject({ state: 'completed', backend: 'wgsl', verification: { passed: true } });
      } else {
        expect(reply).toEqual({
          type: 'kernel-reply',
          state: 'unsupported',
          backend: 'wgsl',
          reason: `adapter lacks ${lacking.join(', ')}`,
        });
      }
    },
  );

  it('reports a kernel without a gpu.js body as unsupported on webgpu, with the reason', async () => {
    expect(await host.run(kernelRequest('h2d', { n: 7 }, 'webgpu'), 60_000)).toEqual({
      type: 'kernel-reply',
      state: 'unsupported',
      backend: 'webgpu',
      reason: 'kernel h2d has no gpu.js implementation',
    });
  });
});
