/** `tppbench run` and `tppbench profile` through the real bin. */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBenchResults } from '../../src/results/bench-results.ts';
import { ROOT, runCli, tempDir } from '../helpers/cli.ts';

const SAMPLE = join(ROOT, 'test', 'fixtures', 'results', 'quick-sample.json');

describe('tppbench run', () => {
  it('measures a filtered quick suite, prints JSON and writes a results file that round-trips', () => {
    const out = join(tempDir(), 'results.json');
    const r = runCli(
      [
        'run',
        'quick',
        '--filter',
        'gemm/m128-,stream-triad',
        '--threads',
        '1',
        '--backend',
        'cpu',
        '--json',
        '--out',
        out,
      ],
      {
        timeoutMs: 120_000,
      },
    );
    expect(r.stderr).toMatch(/\[2\/2\] .* on cpu: .* ok/);
    expect(r.code).toBe(0);
    const printed = JSON.parse(r.stdout);
    expect(readBenchResults(out)).toEqual(printed);
    expect(printed.selection).toMatchObject({ requested: 'cpu', used: ['cpu'] });
    expect(
      printed.measurements.map((m: { id: string; state: string; ranOn: string }) => [m.id, m.state, m.ranOn]),
    ).toEqual([
      ['gemm/m128-n128-k128', 'completed', 'cpu'],
      ['stream-triad/n1048576', 'completed', 'cpu'],
    ]);
    expect(printed.environment.cores).toBeGreaterThan(0);
  }, 150_000);

  it('--backend webgpu where dawn.node finds no adapter exits 2 with the reason', () => {
    const r = runCli(['run', 'quick', '--backend', 'webgpu', '--filter', 'gemm/m128-'], {
      timeoutMs: 60_000,
    });
    if (r.code === 0) {
      // A machine where WebGPU loads: the run must have used it.
      expect(r.stdout).toMatch(/on webgpu|webgpu: requested/);
      return;
    }
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /--backend: webgpu is not available here: (dawn\.node failed to load|WebGPU found no adapter|no suitable backends)/,
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 90_000);

  it('--backend headlessgl without a display exits 2 and says to use xvfb-run', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    delete env.DISPLAY;
    const r = spawnSync(
      process.execPath,
      [join(ROOT, 'bin', 'tppbench.js'), 'run', 'quick', '--backend', 'headlessgl', '--filter', 'gemm/m128-'],
      { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      '--backend: headlessgl is not available here: no display (run under xvfb-run -a)',
    );
  }, 90_000);

  it('an unknown suite, backend or empty filter exits 2', () => {
    expect(runCli(['run', 'nosuch']).stderr).toMatch(/suite "nosuch": not quick, standard or full/);
    expect(runCli(['run', '--backend', 'opengl']).code).toBe(2);
    const r = runCli(['run', 'quick', '--filter', 'zzz']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--filter "zzz" matches no case of suite quick');
  });
});

describe('tppbench run, interrupted', () => {
  it('Ctrl-C shuts the pool down and exits 2 promptly', async () => {
    const child = spawn(
      process.execPath,
      [join(ROOT, 'bin', 'tppbench.js'), 'run', 'standard', '--backend', 'cpu', '--filter', 'gemm/m1024-'],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve) =>
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('backend: cpu')) resolve();
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    const signalled = Date.now();
    child.kill('SIGINT');
    expect(await exited).toBe(2);
    expect(Date.now() - signalled).toBeLessThan(10_000);
    expect(stderr).toContain('interrupted: the pool and the device host were shut down');
  }, 90_000);
});

describe('tppbench profile', () => {
  it('prints the local profile and the self-check of a results file', () => {
    const r = runCli(['profile', SAMPLE]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Local profile of .*\n[\s\S]*webasm\s+[\d.]+\s+gemm\/m128-n128-k128/);
    expect(r.stdout).toMatch(/median \|error\| \d+% over 1 kernel/);
  });

  it('a truncated results file exits 2 naming the file', () => {
    const path = join(tempDir(), 'cut.json');
    writeFileSync(path, readFileSync(SAMPLE, 'utf8').slice(0, 200));
    const r = runCli(['profile', path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${path}: not valid JSON`);
  });

  it('a corrupted results file exits 2 naming the file and the field', () => {
    const data = JSON.parse(readFileSync(SAMPLE, 'utf8'));
    data.schemaVersion = 99;
    const path = join(tempDir(), 'bad.json');
    writeFileSync(path, JSON.stringify(data));
    const r = runCli(['profile', path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${path}: schemaVersion`);
  });
});
