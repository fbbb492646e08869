/**
 * The device host child process, for real: every kernel on headlessgl matches its reference under a display
 * (CI runs `xvfb-run -a npm test`); without one, the backend is reported unavailable with the reason. The
 * host survives nothing it should not: a crash and a hang are outcomes, and no process is left behind.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { builtinKernels } from '../../kernels/registry.ts';
import { createDeviceHost } from '../../src/pool/device-host.ts';
import type { BackendName, RunKernelRequest } from '../../src/pool/protocol.ts';
import { SMALL_SIZES } from '../fixtures/kernels/small-sizes.ts';

const FIXTURES = new URL('../fixtures/kernels/misbehaving.ts', import.meta.url).href;
const TIMING = { warmupRuns: 0, minSamples: 2, minTimeMs: 1, maxTimeMs: 20 };
const host = createDeviceHost();
afterAll(() => host.close());

/** Fixtures that crash or hang run on cpu inside the host, so they need no display. */
function request(
  kernel: string,
  size: Record<string, number>,
  backend: BackendName = 'headlessgl',
): RunKernelRequest {
  return {
    type: 'run-kernel',
    kernel,
    size,
    backend,
    seed: 3,
    timing: TIMING,
    kernelModules: [FIXTURES],
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('device host: headlessgl', () => {
  it('runs every kernel and matches the reference, or says why headlessgl is unavailable', async () => {
    const probe = await host.probe('headlessgl');
    if (!process.env.DISPLAY) {
      expect(probe).toEqual({
        type: 'probe-reply',
        backend: 'headlessgl',
        available: false,
        reason: 'no display (run under xvfb-run -a)',
      });
      return;
    }
    expect(probe).toMatchObject({ available: true, renderer: expect.stringContaining('ANGLE') });
    for (const kernel of builtinKernels.filter((k) => k.build)) {
      const outcome = await host.run(request(kernel.name, { ...SMALL_SIZES[kernel.name]! }), 60_000);
      expect(outcome, kernel.name).toMatchObject({
        state: 'completed',
        backend: 'headlessgl',
        verification: { passed: true },
      });
    }
  }, 120_000);

  it("without a display, a headlessgl case is errored with gpu.js's reason, not a crash", async () => {
    if (process.env.DISPLAY) return expect(process.env.DISPLAY).toBeTruthy();
    const outcome = await host.run(request('gemm', { m: 4, n: 4, k: 4 }), 30_000);
    expect(outcome).toMatchObject({
      state: 'errored',
      phase: 'build',
      error: { message: expect.stringContaining('headlessgl') },
    });
  });

  it('webgpu is either delivered or reported unavailable with a reason', async () => {
    const probe = await host.probe('webgpu');
    if (probe.available) expect(probe.renderer).toBeTruthy();
    else expect(probe.reason).toMatch(/dawn\.node failed to load|no adapter|no suitable backends/);
  });

  it('a kernel that kills the host is errored, and the next call gets a fresh host', async () => {
    await host.probe('cpu');
    const firstPid = host.pid()!;
    const outcome = await host.run(request('fixture-exits', { n: 4 }, 'cpu'), 30_000);
    expect(outcome).toMatchObject({
      state: 'errored',
      phase: 'crash',
      error: { message: expect.stringMatching(/device host exited \(code 3\)/) },
    });
    expect(host.pid()).toBeUndefined();
    expect(isAlive(firstPid)).toBe(false);
    expect(await host.probe('cpu')).toMatchObject({ available: true });
    expect(host.pid()).not.toBe(firstPid);
  }, 60_000);

  it('a hanging kernel times out, and its host process is killed', async () => {
    await host.probe('cpu');
    const pid = host.pid()!;
    const outcome = await host.run(request('fixture-hangs', { n: 4 }, 'cpu'), 1500);
    expect(outcome).toEqual({ type: 'kernel-reply', state: 'timed-out', timeoutMs: 1500 });
    expect(isAlive(pid)).toBe(false);
  }, 60_000);

  it('close() leaves no process behind', async () => {
    await host.probe('cpu');
    const pid = host.pid()!;
    expect(isAlive(pid)).toBe(true);
    await host.close();
    expect(isAlive(pid)).toBe(false);
  }, 60_000);
});
