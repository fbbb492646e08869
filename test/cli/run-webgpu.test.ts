/**
 * `tppbench run` on the WebGPU backends through the real bin: dawn.node and Chromium, both on SwiftShader
 * (no GPU in CI), and the exit-2 reasons when a backend asked for is missing. Nothing falls back silently.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.ts';

describe('run on the WebGPU backends', () => {
  it('--backend wgsl --swiftshader runs dawn.node, keeps data on the device, and records how', () => {
    const out = join(tempDir(), 'r.json');
    const result = runCli(
      ['run', 'quick', '--backend', 'wgsl', '--swiftshader', '--filter', 'stream,gemv', '--out', out],
      {
        timeoutMs: 120_000,
      },
    );
    expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(result.code).toBe(0);
    const results = JSON.parse(readFileSync(out, 'utf8'));
    expect(results.environment.webgpuHost).toMatchObject({
      kind: 'dawn.node',
      detail: expect.stringContaining('SwiftShader'),
    });
    expect(results.environment.backends[0]).toMatchObject({
      backend: 'wgsl',
      available: true,
      adapter: { architecture: 'swiftshader' },
    });
    expect(results.measurements.map((m: { state: string }) => m.state)).toEqual([
      'completed',
      'completed',
      'completed',
    ]);
    for (const m of results.measurements) {
      expect(m).toMatchObject({
        ranOn: 'wgsl',
        timing: { method: 'device-resident', callsPerSample: expect.any(Number) },
      });
    }
  }, 150_000);

  it('--browser --swiftshader runs gpu.js webgpu in Chromium', () => {
    const result = runCli(
      ['run', 'quick', '--backend', 'webgpu', '--browser', '--swiftshader', '--filter', 'softmax', '--json'],
      {
        timeoutMs: 120_000,
      },
    );
    expect(result.code).toBe(0);
    const results = JSON.parse(result.stdout);
    expect(results.environment.webgpuHost.kind).toBe('browser');
    expect(results.measurements[0]).toMatchObject({ state: 'completed', ranOn: 'webgpu' });
  }, 150_000);

  it('a browser that does not exist exits 2 naming the path', () => {
    const result = runCli(['run', 'quick', '--backend', 'wgsl', '--browser', join(tempDir(), 'no-chromium')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--backend: wgsl is not available here: .*no-chromium does not exist/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('dawn.node without any adapter exits 2 with the reason', () => {
    const none = join(tempDir(), 'none.json');
    const result = runCli(['run', 'quick', '--backend', 'wgsl'], {
      env: { VK_ICD_FILENAMES: none, VK_DRIVER_FILES: none },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /--backend: wgsl is not available here: .*(no adapter|no suitable backends)/,
    );
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('--timing per-call puts gpu.js webgpu transfers back in every call, in the browser too', () => {
    const result = runCli(
      [
        'run',
        'quick',
        '--backend',
        'webgpu',
        '--browser',
        '--swiftshader',
        '--timing',
        'per-call',
        '--filter',
        'gemv',
        '--json',
      ],
      { timeoutMs: 120_000 },
    );
    expect(result.code).toBe(0);
    const results = JSON.parse(result.stdout);
    expect(results.measurements[0]).toMatchObject({ state: 'completed', timing: { method: 'per-call' } });
  }, 150_000);

  it('--timing takes only device-resident or per-call', () => {
    const result = runCli(['run', 'quick', '--timing', 'sometimes']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--timing.*must be one of device-resident, per-call/);
  });
});
