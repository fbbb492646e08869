/**
 * Streamed sweep outputs at scale: the 10M-estimate gemm grid of the issue (`--m 1..100000+1 --k 1..100+1`,
 * one GPU) written as CSV and as JSON by the real CLI in a child process, all cores. Reports wall time and
 * the child's peak resident set (its worker threads included), read from `process.resourceUsage()` by a
 * small wrapper around the compiled CLI's `run`. Needs `npm run build` first (it runs dist/, as users do).
 * Targets (reported, not asserted): the sweep completes, peak resident set <= 500 MB.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BenchFile, BenchRow } from './harness.ts';

const ROOT = resolve(import.meta.dirname, '..');
const MAIN = join(ROOT, 'dist', 'src', 'cli', 'main.js');
const GRID = ['--gpus', 'h100-sxm', '--n', '4096', '--m', '1..100000+1', '--k', '1..100+1'];
const ESTIMATES = 10_000_000;

const WRAPPER = `const { run } = await import(${JSON.stringify(pathToFileURL(MAIN).href)});
const code = await run(process.argv.slice(1));
process.stderr.write('maxrss-kb ' + process.resourceUsage().maxRSS + '\\n');
process.exitCode = code;`;

/** One run of `sweep gemm ... --out <file>`: wall seconds and peak RSS in MB. */
async function sweepOnce(file: string): Promise<{ wallS: number; peakRssMb: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'tppbench-sweep-stream-'));
  try {
    const started = performance.now();
    const child = spawn(
      process.execPath,
      ['--input-type=module', '-e', WRAPPER, '--', 'sweep', 'gemm', ...GRID, '--out', file],
      { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    const code = await new Promise<number | null>((done) => child.on('exit', (c) => done(c)));
    const wallS = (performance.now() - started) / 1000;
    const rss = /maxrss-kb (\d+)/.exec(stderr);
    if (code !== 0 || !rss) throw new Error(`sweep to ${file} exited ${code}: ${stderr.slice(-500)}`);
    // A CSV row is at least ~40 bytes: a much smaller file means rows are missing.
    if (statSync(join(dir, file)).size < ESTIMATES * 40) throw new Error(`${file} is short`);
    return { wallS, peakRssMb: Number(rss[1]) / 1024 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const bench: BenchFile = async () => {
  if (!existsSync(MAIN))
    throw new Error('bench/sweep-stream runs the compiled CLI: run `npm run build` first');
  const rows: BenchRow[] = [];
  for (const [file, runs] of [
    ['big.csv', 3],
    ['big.json', 2],
  ] as const) {
    const samples = [];
    for (let i = 0; i < runs; i++) samples.push(await sweepOnce(file));
    const format = file.endsWith('.csv') ? 'CSV' : 'JSON';
    rows.push(
      {
        name: `sweep 10M gemm estimates to ${format}, wall time`,
        unit: 's',
        higherIsBetter: false,
        samples: samples.map((s) => s.wallS),
      },
      {
        name: `sweep 10M gemm estimates to ${format}, peak RSS`,
        unit: 'MB',
        higherIsBetter: false,
        target: { value: 500, text: '<= 500 MB' },
        samples: samples.map((s) => s.peakRssMb),
      },
    );
  }
  return rows;
};
export default bench;
