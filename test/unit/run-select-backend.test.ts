/** Backend selection with fake engines: auto picks the fastest and says why; an explicit request is never swapped. */
import { describe, expect, it } from 'vitest';
import { selectBackends } from '../../src/bench/select-backend.ts';
import { BUILTIN_SUITES } from '../../src/bench/suites.ts';
import type { Engines } from '../../src/pool/engines.ts';
import type { BackendName, KernelOutcome, ProbeReply } from '../../src/pool/protocol.ts';

/** Engines whose backends answer from a table: a reason means unavailable, a number is seconds per GEMM. */
function fakeEngines(table: Partial<Record<BackendName, string | number>>): Engines {
  return {
    async probe(backend): Promise<ProbeReply> {
      const entry = table[backend];
      return typeof entry === 'number'
        ? { type: 'probe-reply', backend, available: true }
        : { type: 'probe-reply', backend, available: false, reason: entry ?? 'not in the table' };
    },
    async run(request): Promise<KernelOutcome> {
      const sec = table[request.backend] as number;
      return {
        type: 'kernel-reply',
        state: 'completed',
        backend: request.backend,
        verification: { passed: true, maxRelError: 0, toleranceRel: 1e-5 },
        samplesSec: [sec, sec, sec],
      };
    },
    deviceHostPid: () => undefined,
    close: async () => {},
  };
}

describe('selectBackends', () => {
  it('auto keeps every working candidate within 10x of the fastest and explains every other backend', async () => {
    const engines = fakeEngines({
      wgsl: 'WebGPU found no adapter',
      headlessgl: 'no display (run under xvfb-run -a)',
      webgpu: 'dawn.node failed to load: x',
      'wasm-simd': 'this JavaScript engine has no WebAssembly SIMD',
      webasm: (2 * 128 ** 3) / 2e9,
      cpu: (2 * 128 ** 3) / 1e9,
    });
    const selection = await selectBackends(engines, BUILTIN_SUITES.standard, 'auto', 1000);
    expect(selection.used).toEqual(['webasm', 'cpu']);
    expect(selection.notes).toEqual([
      'webasm, cpu: chosen by auto among wgsl, headlessgl, webgpu, wasm-simd, webasm, cpu; the fastest verified result of each case is kept',
      'wgsl: WebGPU found no adapter',
      'headlessgl: no display (run under xvfb-run -a)',
      'webgpu: dawn.node failed to load: x',
      'wasm-simd: this JavaScript engine has no WebAssembly SIMD',
    ]);
    expect(selection.statuses.map((s) => [s.backend, s.available])).toEqual([
      ['wgsl', false],
      ['headlessgl', false],
      ['webgpu', false],
      ['wasm-simd', false],
      ['webasm', true],
      ['cpu', true],
    ]);
  });

  it('auto leaves out a backend over 10x slower than the fastest, and says so', async () => {
    const selection = await selectBackends(
      fakeEngines({ wgsl: (2 * 128 ** 3) / 100e9, webasm: (2 * 128 ** 3) / 2e9, cpu: (2 * 128 ** 3) / 1e9 }),
      BUILTIN_SUITES.standard,
      'auto',
      1000,
    );
    expect(selection.used).toEqual(['wgsl']);
    expect(selection.notes).toContain('webasm: over 10x slower here (2.00 vs 100.00 GFLOP/s on gemm 128^3)');
  });

  it('quick only considers the CPU backends', async () => {
    const selection = await selectBackends(
      fakeEngines({ webasm: 0.01, cpu: 0.001 }),
      BUILTIN_SUITES.quick,
      'auto',
      1000,
    );
    expect(selection.used).toEqual(['cpu', 'webasm']);
    expect(selection.notes).toContain('headlessgl: not a candidate of suite quick');
  });

  it('an explicit backend that is not delivered is a tool error with the reason', async () => {
    const engines = fakeEngines({ webgpu: 'dawn.node failed to load: GLIBCXX_3.4.32 not found', cpu: 1 });
    await expect(selectBackends(engines, BUILTIN_SUITES.quick, 'webgpu', 1000)).rejects.toMatchObject({
      name: 'UserError',
      kind: 'tool',
      message: 'backend: webgpu is not available here: dawn.node failed to load: GLIBCXX_3.4.32 not found',
      param: 'backend',
    });
  });

  it('a backend a suite lists that is not delivered names the suite, no parameter', async () => {
    const suite = { ...BUILTIN_SUITES.quick, name: 'mine', backends: ['cpu', 'wgsl'] as const };
    await expect(selectBackends(fakeEngines({ cpu: 1 }), suite, 'auto', 1000)).rejects.toMatchObject({
      name: 'UserError',
      kind: 'tool',
      message: 'suite mine: wgsl is not available here: not in the table',
      params: [],
    });
  });

  it('no working backend at all is a tool error listing the reasons', async () => {
    await expect(
      selectBackends(
        fakeEngines({ 'wasm-simd': 'no SIMD', webasm: 'broken', cpu: 'also broken' }),
        BUILTIN_SUITES.quick,
        'auto',
        1000,
      ),
    ).rejects.toThrow(
      'no backend works here for suite quick: wasm-simd: no SIMD; webasm: broken; cpu: also broken',
    );
  });
});
