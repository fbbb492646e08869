/**
 * A real piscina pool through the suite runner, with fixture kernels that throw, call process.exit, hang and
 * compute a wrong answer: each is recorded with its reason and the suite completes.
 */
import { describe, expect, it } from 'vitest';
import { runSuite } from '../../src/bench/runner.ts';
import { BUILTIN_SUITES, type SuiteDefinition } from '../../src/bench/suites.ts';

const FIXTURES = new URL('../fixtures/kernels/misbehaving.ts', import.meta.url).href;

const suite: SuiteDefinition = {
  name: 'fixtures',
  description: 'misbehaving kernels',
  cases: ['fixture-throws', 'fixture-exits', 'fixture-hangs', 'fixture-wrong', 'fixture-ok'].map(
    (kernel) => ({
      kernel,
      size: { n: 8 },
    }),
  ),
  backends: ['cpu'],
  autoCandidates: ['cpu'],
  timing: { warmupRuns: 0, minSamples: 2, minTimeMs: 1, maxTimeMs: 20 },
  // Generous: the clock includes starting a fresh worker (tsx + gpu.js) after the one that exited.
  kernelTimeoutMs: 6000,
};

describe('suite runner with a real pool', () => {
  it('records errored, timed-out and invalid cases and goes on', async () => {
    const ends: string[] = [];
    const results = await runSuite({
      suite,
      threads: 2,
      kernelModules: [FIXTURES],
      onProgress: (e) => {
        if (e.type === 'case-end') ends.push(e.measurement.id);
      },
    });
    const byKernel = Object.fromEntries(results.measurements.map((m) => [m.kernel, m]));
    expect(byKernel['fixture-throws']).toMatchObject({
      state: 'errored',
      phase: 'build',
      error: { message: 'fixture kernel failed on purpose' },
    });
    expect(byKernel['fixture-exits']).toMatchObject({
      state: 'errored',
      phase: 'crash',
      error: { message: expect.stringContaining('exited with code: 3') },
    });
    expect(byKernel['fixture-hangs']).toMatchObject({ state: 'timed-out', timeoutMs: 6000 });
    expect(byKernel['fixture-wrong']).toMatchObject({
      state: 'invalid',
      ranOn: 'cpu',
      verification: { passed: false },
    });
    expect(byKernel['fixture-wrong']).not.toHaveProperty('flopsPerSec');
    expect(byKernel['fixture-ok']).toMatchObject({
      state: 'completed',
      ranOn: 'cpu',
      verification: { passed: true },
    });
    expect(ends).toHaveLength(5);
    expect(results.selection).toMatchObject({ requested: 'suite', used: ['cpu'] });
  }, 60_000);

  it('a filter that matches nothing is a usage error', async () => {
    await expect(
      runSuite({ suite, filter: 'nothing-like-this', kernelModules: [FIXTURES] }),
    ).rejects.toMatchObject({
      message: 'filter "nothing-like-this" matches no case of suite fixtures',
      param: 'filter',
      kind: 'usage',
    });
  });

  it('a filter that matches only cases of other backends is a usage error naming the filter', async () => {
    await expect(
      runSuite({ suite: BUILTIN_SUITES.standard, backend: 'cpu', filter: 'h2d', threads: 1 }),
    ).rejects.toMatchObject({
      message: 'suite standard has no case matching filter "h2d" for cpu',
      param: 'filter',
      kind: 'usage',
    });
  });

  it('an abort shuts the engines down and rejects', async () => {
    const controller = new AbortController();
    const run = runSuite({
      suite: { ...suite, cases: [{ kernel: 'fixture-hangs', size: { n: 8 } }], kernelTimeoutMs: 30_000 },
      threads: 1,
      kernelModules: [FIXTURES],
      signal: controller.signal,
      onProgress: (e) => {
        if (e.type === 'case-start') setTimeout(() => controller.abort(), 200);
      },
    });
    await expect(run).rejects.toThrow(/interrupted/);
  }, 30_000);
});
