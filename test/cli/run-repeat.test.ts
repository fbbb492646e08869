/** `tppbench run --repeat`: rounds of the suite pooled per case, through the real bin. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBenchResults } from '../../src/results/bench-results.ts';
import { runCli, tempDir, tempFile } from '../helpers/cli.ts';

const BASE = ['run', 'quick', '--backend', 'cpu', '--threads', '1', '--filter', 'gemm/m128-'];

describe('tppbench run --repeat', () => {
  it('runs the cases in rounds and pools their samples', () => {
    const out = join(tempDir(), 'r.json');
    const r = runCli([...BASE, '--repeat', '3', '--out', out], { timeoutMs: 120_000 });
    expect(r.code).toBe(0);
    // Progress counts every case of every round.
    expect(r.stderr).toMatch(/\[3\/3\] gemm\/m128-n128-k128 on cpu: .* ok/);
    const results = readBenchResults(out);
    expect(results.repeat).toEqual({ rounds: 3 });
    expect(results.measurements).toHaveLength(1);
    const m = results.measurements[0]!;
    if (m.state !== 'completed') throw new Error(`not completed: ${m.state}`);
    expect(m.rounds).toBe(3);
    expect(m.samplesSec.length).toBeGreaterThanOrEqual(3 * results.settings.timing.minSamples);
    expect(m.statistics.sampleCount).toBe(m.samplesSec.length);
  });

  it('pools exactly the samples of every round (a suite whose rounds take minSamples each)', () => {
    // No warm-up and no time budget: benchmark.js takes exactly minSamples (5) samples a round.
    const suite = tempFile('tiny.json', {
      name: 'tiny',
      kernels: [{ kernel: 'gemm', sizes: [{ m: 32, n: 32, k: 32 }] }],
      backends: ['cpu'],
      timing: { warmupRuns: 0, minSamples: 5, minTimeMs: 0, maxTimeMs: 0 },
    });
    const counts = ['1', '3'].map((repeat) => {
      const r = runCli(['run', suite, '--threads', '1', '--repeat', repeat, '--json'], { timeoutMs: 60_000 });
      expect(r.code).toBe(0);
      const [m] = JSON.parse(r.stdout).measurements;
      expect(m.state).toBe('completed');
      return m.samplesSec.length;
    });
    expect(counts).toEqual([5, 15]);
  });

  it('leaves a run of one round as it was', () => {
    const out = join(tempDir(), 'r1.json');
    const r = runCli([...BASE, '--repeat', '1', '--out', out], { timeoutMs: 120_000 });
    expect(r.code).toBe(0);
    const results = readBenchResults(out);
    expect(results.repeat).toBeUndefined();
    expect(results.measurements[0]).not.toHaveProperty('rounds');
    const m = results.measurements[0]!;
    if (m.state !== 'completed') throw new Error(`not completed: ${m.state}`);
    expect(m.samplesSec.length).toBeGreaterThanOrEqual(results.settings.timing.minSamples);
  });

  it.each(['0', '101', 'x'])('refuses --repeat %s with a usage error naming --repeat', (value) => {
    const r = runCli([...BASE, '--repeat', value]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--repeat');
    expect(r.stdout).toBe('');
  });

  it('composes with --shard', () => {
    const r = runCli(
      ['run', 'quick', '--backend', 'cpu', '--threads', '1', '--filter', 'gemm/m128-,stream-triad'].concat([
        '--shard',
        '2/2',
        '--repeat',
        '2',
        '--json',
      ]),
      { timeoutMs: 120_000 },
    );
    expect(r.code).toBe(0);
    const printed = JSON.parse(r.stdout);
    expect(printed.repeat).toEqual({ rounds: 2 });
    expect(printed.shard).toMatchObject({ index: 2, count: 2 });
    expect(printed.measurements).toHaveLength(printed.shard.caseIds.length);
    for (const m of printed.measurements) expect(m.rounds).toBe(2);
  });
});
