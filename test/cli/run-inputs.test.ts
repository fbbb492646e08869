/**
 * `tppbench run` and `start` check what the user gave before any work starts, through the real bin:
 * kernel modules (missing, broken), suite files naming module kernels, suite names that are Object
 * prototype keys, output paths, case sizes against memory, and pool threads against the cores.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinKernelRegistry } from '../../kernels/registry.ts';
import { caseMemoryBudgetBytes, caseMemoryBytes } from '../../src/bench/runner.ts';
import { BUILTIN_SUITES } from '../../src/bench/suites.ts';
import { runCli, tempDir } from '../helpers/cli.ts';
import { writeSuite, writeUserKernels } from './user-kernels.ts';

/** stderr holds exactly one line, and no sign of an unexpected error. */
function oneLineError(stderr: string): string {
  const lines = stderr.trimEnd().split('\n');
  expect(lines, stderr).toHaveLength(1);
  expect(stderr).not.toContain('internal error');
  return lines[0]!;
}

describe('tppbench run: kernel modules', () => {
  it('a missing module exits 2 naming the file', () => {
    const missing = join(tempDir(), 'missing.mjs');
    const r = runCli(['run', 'quick', '--kernel-module', missing]);
    expect(r.code).toBe(2);
    expect(oneLineError(r.stderr)).toBe(`tppbench: kernel module ${missing}: no such file`);
  });

  it('a module with a syntax error exits 2 naming the file and the error', () => {
    const dir = tempDir();
    const broken = join(dir, 'broken.mjs');
    writeFileSync(broken, 'export const kernels = [\n');
    const r = runCli(['run', 'quick', '--kernel-module', broken]);
    expect(r.code).toBe(2);
    expect(oneLineError(r.stderr)).toMatch(
      new RegExp(`^tppbench: kernel module ${broken}: cannot be loaded \\(SyntaxError: .+\\)$`),
    );
  });

  it('a module that exports no kernels exits 2 naming the file', () => {
    const empty = join(tempDir(), 'empty.mjs');
    writeFileSync(empty, 'export const notKernels = 1;\n');
    const r = runCli(['run', 'quick', '--kernel-module', empty]);
    expect(r.code).toBe(2);
    expect(oneLineError(r.stderr)).toContain(`kernel module ${empty}: `);
  });

  it('a suite file can name a kernel of a --kernel-module, and measures it', () => {
    const module = writeUserKernels();
    const suite = writeSuite(['user-double']);
    const r = runCli(
      ['run', suite, '--kernel-module', module, '--backend', 'cpu', '--threads', '1', '--json'],
      {
        timeoutMs: 90_000,
      },
    );
    expect(r.stderr).not.toContain('is not a known kernel');
    expect(r.code).toBe(0);
    const measurements = JSON.parse(r.stdout).measurements;
    expect(measurements.map((m: { id: string; state: string }) => [m.id, m.state])).toEqual([
      ['user-double/n64', 'completed'],
    ]);
  }, 120_000);

  it('without the module, the suite file is rejected naming the kernel', () => {
    const r = runCli(['run', writeSuite(['user-double']), '--backend', 'cpu']);
    expect(r.code).toBe(2);
    expect(oneLineError(r.stderr)).toContain('kernels[0].kernel "user-double" is not a known kernel');
  });
});

describe('tppbench run: suite names', () => {
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])(
    'run %s is an unknown suite, not an internal error',
    (name) => {
      const r = runCli(['run', name]);
      expect(r.code).toBe(2);
      expect(oneLineError(r.stderr)).toBe(
        `tppbench: suite "${name}": not quick, standard or full, nor a .json suite file`,
      );
    },
  );
});

describe('tppbench run and start: --out is checked before the work starts', () => {
  it('a path under a folder that cannot exist exits 2 at once, naming it', () => {
    const started = Date.now();
    const r = runCli(['run', 'quick', '--backend', 'cpu', '--out', '/proc/foo/r.json'], {
      timeoutMs: 30_000,
    });
    expect(r.code).toBe(2);
    expect(oneLineError(r.stderr)).toMatch(/^tppbench: --out \/proc\/foo\/r\.json: /);
    expect(r.stderr).not.toContain('backend:'); // no case was run
    expect(Date.now() - started).toBeLessThan(20_000);
  }, 40_000);

  it('an empty path or a folder exits 2, for run and for start', () => {
    const folder = tempDir();
    for (const args of [
      ['run', 'quick', '--out', ''],
      ['run', 'quick', '--json', '--out', ''],
      ['run', 'quick', '--out', folder],
      ['start', '--out', ''],
    ]) {
      const r = runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(oneLineError(r.stderr)).toMatch(/^tppbench: --out/);
      expect(r.stdout, args.join(' ')).toBe('');
    }
  });
});

describe('tppbench run: case sizes against memory', () => {
  it('a suite file whose cases cannot fit in memory is refused up front, naming the case and the budget', () => {
    const dir = tempDir();
    const suite = join(dir, 'huge.json');
    writeFileSync(
      suite,
      JSON.stringify({
        name: 'huge',
        kernels: [
          { kernel: 'gemv', sizes: [{ m: 64, k: 64 }] },
          { kernel: 'gemm', sizes: [{ m: 300_000, n: 300_000, k: 300_000 }] },
          { kernel: 'stream-copy', sizes: [{ n: 2 ** 40 }] },
        ],
      }),
    );
    const r = runCli(['run', suite, '--backend', 'cpu', '--threads', '1'], { timeoutMs: 60_000 });
    expect(r.code).toBe(2);
    const budget = (caseMemoryBudgetBytes() / 2 ** 30).toFixed(1);
    expect(r.stderr).toMatch(
      new RegExp(
        `tppbench: case gemm/m300000-n300000-k300000 needs at least [\\d.]+ GiB of memory .* over the budget of ${budget} GiB per case .*; 1 more case`,
      ),
    );
    expect(r.stderr).not.toMatch(/\[\d+\/\d+\]/); // not even the small case ran
  }, 90_000);

  it('every case of the built-in suites fits the budget of a 24 GiB machine (GEMM 4096, 256 MiB streams)', () => {
    const registry = builtinKernelRegistry();
    const budget24GiB = (24 * 2 ** 30) / 4;
    const cases = [...BUILTIN_SUITES.standard.cases, ...BUILTIN_SUITES.full.cases];
    for (const c of cases) {
      expect(caseMemoryBytes(registry.get(c.kernel), c.size), JSON.stringify(c)).toBeLessThanOrEqual(
        budget24GiB,
      );
    }
    // gemm 4k: fp32 A, B, C and the Float64 reference of C.
    expect(caseMemoryBytes(registry.get('gemm'), { m: 4096, n: 4096, k: 4096 })).toBe(
      4 * 3 * 4096 ** 2 + 8 * 4096 ** 2,
    );
    expect(caseMemoryBudgetBytes()).toBeLessThanOrEqual(os.totalmem() / 4);
  });
});

describe('tppbench run: --threads', () => {
  it('more threads than cores is capped at the core count, with one note', () => {
    const cores = os.availableParallelism();
    const r = runCli(
      ['run', 'quick', '--filter', 'gemm/m128-', '--backend', 'cpu', '--threads', '1000', '--json'],
      { timeoutMs: 90_000 },
    );
    expect(r.code).toBe(0);
    const notes = r.stderr.split('\n').filter((line) => line.includes('--threads'));
    expect(notes).toEqual([`tppbench: --threads 1000 is more than the ${cores} cores here: using ${cores}`]);
    expect(JSON.parse(r.stdout).environment.threads).toBe(cores);
  }, 120_000);
});

describe('tppbench start: --out', () => {
  it('--out with --no-local is a usage error (there is nothing to write)', () => {
    const r = runCli(['start', '--no-local', '--out', join(tempDir(), 'r.json')]);
    expect(r.code).toBe(2);
    expect(oneLineError(r.stderr)).toContain('--out');
  });
});
