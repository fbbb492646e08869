/**
 * Sweep outputs in real child processes: a 2M-estimate CSV in bounded memory, JSON streamed to stdout,
 * output paths refused before any work, Ctrl-C while writing, and a failing crossover analysis that keeps
 * the written estimates.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from '../helpers/cli.ts';

const MAIN = pathToFileURL(join(ROOT, 'dist', 'src', 'cli', 'main.js')).href;

/**
 * Run the compiled CLI's `run` in a child node, after `prelude` (module code), and read the child's peak
 * resident set (all its threads: the pool's workers are threads of it) from `process.resourceUsage()`.
 */
function runMeasured(
  args: readonly string[],
  options: { cwd: string; prelude?: string; timeoutMs?: number },
) {
  const script = `${options.prelude ?? ''}
const { run } = await import(${JSON.stringify(MAIN)});
const code = await run(process.argv.slice(1));
process.stderr.write('maxrss-kb ' + process.resourceUsage().maxRSS + '\\n');
process.exitCode = code;`;
  const started = performance.now();
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script, '--', ...args], {
    cwd: options.cwd,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 60_000,
    maxBuffer: 64 * 2 ** 20,
    env: { ...process.env, NO_COLOR: '1' },
  });
  const rss = /maxrss-kb (\d+)/.exec(r.stderr);
  return {
    code: r.status,
    stdout: r.stdout,
    /** stderr without progress lines and the measurement. */
    errors: r.stderr
      .split('\n')
      .filter((l) => l !== '' && !/^sweep: \d+\/\d+/.test(l) && !l.startsWith('maxrss-kb')),
    maxRssMb: rss ? Number(rss[1]) / 1024 : Number.NaN,
    wallS: (performance.now() - started) / 1000,
  };
}

/** Lines in a file, counted on its bytes. */
function lineCount(path: string): number {
  const bytes = readFileSync(path);
  let n = 0;
  for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) n++;
  return n;
}

describe('sweep outputs stream (real processes)', () => {
  it('2M estimates to CSV: every row written, peak resident set under 500 MB', { timeout: 120_000 }, () => {
    const dir = tempDir();
    const r = runMeasured(
      [
        'sweep',
        'gemm',
        '--gpus',
        'h100-sxm',
        '--n',
        '4096',
        '--m',
        '1..20000+1',
        '--k',
        '1..100+1',
        '--out',
        'big.csv',
      ],
      { cwd: dir, timeoutMs: 110_000 },
    );
    console.log(`2M-estimate CSV sweep: ${r.wallS.toFixed(1)} s wall, peak RSS ${r.maxRssMb.toFixed(0)} MB`);
    expect(r.errors).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/2000000 points x 1 GPUs = 2000000 estimates/);
    expect(r.stdout).toMatch(/2000000 estimates written to big\.csv/);
    const path = join(dir, 'big.csv');
    expect(lineCount(path)).toBe(2_000_001);
    const text = readFileSync(path, 'latin1');
    expect(text.slice(0, text.indexOf('\n'))).toBe('m,k,gpu,tflops,timeMs,bound,fits');
    expect(text.slice(text.lastIndexOf('\n', text.length - 2) + 1)).toMatch(
      /^20000,100,h100-sxm,[\d.e+-]+,[\d.e+-]+,\w+,true\n$/,
    );
    expect(readdirSync(dir)).toEqual(['big.csv']);
    expect(r.maxRssMb).toBeGreaterThan(30);
    expect(r.maxRssMb).toBeLessThan(500);
    rmSync(dir, { recursive: true, force: true });
  });

  it('--json streams the document to stdout; --out gets the same bytes', { timeout: 60_000 }, () => {
    const dir = tempDir();
    const r = runMeasured(
      [
        'sweep',
        'llm-decode',
        '--gpus',
        'h100-sxm,h20',
        '--model',
        'llama-3-8b',
        '--batch',
        '1..2000+1',
        '--context',
        '1k..32k',
        '--json',
        '--out',
        'o.json',
      ],
      { cwd: dir },
    );
    expect(r.errors).toEqual([]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.kind).toBe('tppbench-sweep');
    expect(doc.results).toHaveLength(2000 * 6 * 2);
    expect(doc.results[15]).toMatchObject({ params: { batch: 2, context: 2048 }, gpu: 'h20' });
    expect(doc.crossovers.length).toBeGreaterThan(0);
    expect(doc.crossoversError).toBeNull();
    expect(readFileSync(join(dir, 'o.json'), 'utf8')).toBe(r.stdout);
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    [
      ['--out', '/proc/foo/s.csv'],
      /^tppbench: --out \/proc\/foo\/s\.csv: the folder \/proc\/foo does not exist/,
    ],
    [['--out', ''], /^tppbench: --out: the path is empty$/],
    [['--out', 'sub'], /^tppbench: --out sub: is a folder, not a file$/],
    [['--out', 'missing/s.csv'], /^tppbench: --out missing\/s\.csv: the folder .*missing does not exist/],
    [['--max-points', '100'], /over the limit of 100: narrow --batch or raise --max-points$/],
  ])('%j is refused before any work, exit 2, one line', (args, message) => {
    const dir = tempDir();
    mkdirSync(join(dir, 'sub'));
    const r = runCli(
      [
        'sweep',
        'llm-decode',
        '--gpus',
        'h100-sxm,h20',
        '--model',
        'llama-3-70b',
        '--batch',
        '1..1000+1',
        '--threads',
        '1',
        ...args,
      ],
      { cwd: dir },
    );
    expect(r.code).toBe(2);
    // No progress line: nothing was evaluated.
    expect(r.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(message)]);
    expect(readdirSync(dir)).toEqual(['sub']);
  });

  it('a FIFO as --out is refused before any work (it used to hang after it)', () => {
    const dir = tempDir();
    expect(spawnSync('mkfifo', [join(dir, 'f.csv')]).status).toBe(0);
    const r = runCli(
      ['sweep', 'llm-decode', '--gpus', 'h20', '--model', 'llama-3-8b', '--batch', '1,2', '--out', 'f.csv'],
      {
        cwd: dir,
        timeoutMs: 20_000,
      },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^tppbench: --out f\.csv: is not a regular file \(a FIFO/);
  });

  it('Ctrl-C while the CSV is being written: exit 2, one line, no output and no temporary file', async () => {
    const dir = tempDir();
    const child = spawn(
      process.execPath,
      [
        join(ROOT, 'bin', 'tppbench.js'),
        'sweep',
        'gemm',
        '--gpus',
        'h100-sxm',
        '--n',
        '4096',
        '--m',
        '1..20000+1',
        '--k',
        '1..100+1',
        '--out',
        's.csv',
      ],
      { cwd: dir, env: { ...process.env, NO_COLOR: '1' } },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Wait until the temporary file holds some rows: the sweep is writing.
    let temporary = '';
    for (let i = 0; i < 600 && !temporary; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const found = readdirSync(dir).find((f) => /^\.s\.csv\.\d+\.\d+\.tmp$/.test(f));
      if (found && statSync(join(dir, found)).size > 100_000) temporary = found;
    }
    expect(temporary).not.toBe('');
    child.kill('SIGINT');
    const code = await exited;
    expect(code).toBe(2);
    expect(stderr.split('\n').filter((l) => l !== '' && !/^sweep: \d+\/\d+/.test(l))).toEqual([
      'tppbench: sweep interrupted',
    ]);
    expect(readdirSync(dir)).toEqual([]);
  }, 60_000);

  it('Ctrl-C while computing still stops the sweep: exit 2, one line', async () => {
    const child = spawn(
      process.execPath,
      [
        join(ROOT, 'bin', 'tppbench.js'),
        'sweep',
        'gemm',
        '--gpus',
        'h100-sxm',
        '--n',
        '4096',
        '--m',
        '1..100000+1',
        '--k',
        '1..100+1',
        '--threads',
        '1',
      ],
      { env: { ...process.env, NO_COLOR: '1' } },
    );
    let stderr = '';
    const firstProgress = new Promise<void>((resolve) =>
      child.stderr.setEncoding('utf8').on('data', (d: string) => {
        stderr += d;
        if (/sweep: \d+\/10000000/.test(stderr)) resolve();
      }),
    );
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await firstProgress;
    child.kill('SIGINT');
    expect(await exited).toBe(2);
    expect(stderr.split('\n').filter((l) => l !== '' && !/^sweep: \d+\/\d+/.test(l))).toEqual([
      'tppbench: sweep interrupted',
    ]);
  }, 60_000);

  it('a failing crossover analysis keeps the estimates: written, one stderr line, exit 1', () => {
    const dir = tempDir();
    // The main thread's gemm model fails off the grid (where only bisection goes); the pool's workers load
    // their own, intact copy and compute every grid point.
    const prelude = `
const { WORKLOADS } = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'dist', 'src', 'workloads', 'index.js')).href)});
const gemm = WORKLOADS.get('gemm');
const estimate = gemm.estimate;
gemm.estimate = (gpu, p) => {
  if ((p.m & (p.m - 1)) !== 0) throw new RangeError('model bug at m ' + p.m);
  return estimate(gpu, p);
};`;
    const r = runMeasured(
      [
        'sweep',
        'gemm',
        '--gpus',
        'h100-sxm,h20',
        '--n',
        '4096',
        '--k',
        '4096',
        '--m',
        '1..4096',
        '--threads',
        '1',
        '--out',
        'g.csv',
      ],
      { cwd: dir, prelude },
    );
    expect(r.code).toBe(1);
    expect(r.errors).toEqual([
      expect.stringMatching(
        /^tppbench: the crossover analysis failed \(model bug at m \d+\); the 26 estimates were written to g\.csv$/,
      ),
    ]);
    const lines = readFileSync(join(dir, 'g.csv'), 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(27);
    expect(lines[26]).toMatch(/^4096,h20,[\d.]+,/);
    expect(r.stdout).toMatch(/the crossover analysis stopped: model bug at m \d+/);
  });
});
