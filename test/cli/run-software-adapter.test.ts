/**
 * `tppbench run` through the real bin on a software adapter (dawn.node on Chromium's SwiftShader): the
 * report says once that the figures are not GPU figures, the results file says which adapter, and
 * `--local-gpu` does not turn SwiftShader times into a catalog self-check (the audit saw -100% against
 * h100-sxm). Also `--browser` on a suite without WebGPU cases: a one-line notice, not silence.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, runCli, tempDir } from '../helpers/cli.ts';

const SKIPPED =
  'Catalog self-check of H100 SXM5 80GB (h100-sxm) skipped: the adapter is SwiftShader, a CPU renderer: no catalog GPU to check against';

describe('run on SwiftShader', () => {
  const out = join(tempDir(), 'r.json');
  let run: CliResult;
  beforeAll(() => {
    run = runCli(
      [
        'run',
        'quick',
        '--backend',
        'wgsl',
        '--swiftshader',
        '--filter',
        'stream-triad',
        '--local-gpu',
        'h100-sxm',
        '--out',
        out,
      ],
      { timeoutMs: 120_000 },
    );
  }, 150_000);

  it("says once that the figures are a software adapter's, and records it in the results", () => {
    expect(run.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(run.code).toBe(0);
    expect(run.stdout.match(/not GPU figures/g)).toEqual(['not GPU figures']);
    expect(run.stdout).toContain(
      '  software adapter: wgsl ran on SwiftShader, a CPU renderer: their figures are not GPU figures (correctness only)',
    );
    const results = JSON.parse(readFileSync(out, 'utf8'));
    expect(results.schemaVersion).toBe(1);
    expect(results.environment).toMatchObject({
      softwareAdapter: 'SwiftShader',
      gpu: { catalogId: 'h100-sxm', source: 'flag' },
    });
  });

  it('--local-gpu: the catalog self-check is skipped with the reason, in run and in profile', () => {
    expect(run.stdout).toContain(`\n${SKIPPED}\n`);
    expect(run.stdout).not.toMatch(/measured against the model's estimate|modelled \(h100-sxm\)/);
    const profile = runCli(['profile', out]);
    expect(profile.code).toBe(0);
    expect(profile.stdout.trim().split('\n').at(-1)).toBe(SKIPPED);
    const json = JSON.parse(runCli(['profile', out, '--json']).stdout);
    expect(json.catalogCheck).toEqual({
      gpuId: 'h100-sxm',
      rows: [],
      skipped: [],
      medianAbsErrorPercent: null,
      notChecked: 'the adapter is SwiftShader, a CPU renderer: no catalog GPU to check against',
    });
  });

  it('a results file written before the field is recognized by its adapter', () => {
    const results = JSON.parse(readFileSync(out, 'utf8'));
    delete results.environment.softwareAdapter;
    const old = join(tempDir(), 'old.json');
    writeFileSync(old, JSON.stringify(results));
    const profile = runCli(['profile', old]);
    expect(profile.code).toBe(0);
    expect(profile.stdout).toContain(SKIPPED);
  });
});

describe('--browser on a suite with no WebGPU case', () => {
  const NOTICE =
    'tppbench: --browser: no case of suite quick ran on WebGPU (webgpu, wgsl); nothing ran in the browser';

  it('runs the CPU cases and says in one line that nothing ran in the browser', () => {
    const result = runCli(['run', 'quick', '--browser', '--filter', 'stream-copy', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).measurements.length).toBeGreaterThan(0);
    expect(result.stderr.split('\n').filter((line) => line.includes('--browser'))).toEqual([NOTICE]);
  });

  it('says nothing without --browser', () => {
    const result = runCli(['run', 'quick', '--filter', 'stream-copy', '--json']);
    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain('nothing ran');
  });
});
