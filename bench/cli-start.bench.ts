/**
 * CLI start-up: wall time of whole processes, `node -e 0` (Node's own start, the floor) beside the built
 * CLI's `--version`, `gpus` and two estimates (a GEMM; a decode on a preset model), taken in turn run by run
 * so that machine drift hits every command alike; the ratios to `node -e 0` are the figures to quote.
 * Targets (issue 10; reported, not asserted): `--version` and `gpus` at most 2x `node -e 0`, an `estimate`
 * at most 150 ms on a 2-core machine. It builds dist/ first (`npm run build`) and runs it, as users do.
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { type BenchFile, type BenchRow, summarize } from './harness.ts';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'tppbench.js');
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const RUNS = 25;
const WARMUP = 2;
const FLOOR = 'node -e 0';

/** The processes timed, each as node's arguments. */
const COMMANDS: readonly { readonly name: string; readonly args: readonly string[] }[] = [
  { name: FLOOR, args: ['-e', '0'] },
  { name: 'tppbench --version', args: [BIN, '--version'] },
  { name: 'tppbench gpus', args: [BIN, 'gpus'] },
  {
    name: 'tppbench estimate gemm',
    args: [BIN, 'estimate', 'gemm', '--gpu', 'h100-sxm', '--m', '4096', '--n', '4096', '--k', '4096'],
  },
  {
    name: 'tppbench estimate llm-decode',
    args: [BIN, 'estimate', 'llm-decode', '--gpu', 'h100-sxm', '--model', 'llama-3-70b'],
  },
];

/** Compile the package into dist/, so that the CLI timed is the current source. */
function build(): void {
  const result = spawnSync(process.execPath, [TSC, '-p', join(ROOT, 'tsconfig.build.json')], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (result.status !== 0)
    throw new Error(`bench/cli-start: the build failed:\n${result.stdout}${result.stderr}`);
}

/** Wall milliseconds of one process, from spawn to exit; a failed run is an error, not a sample. */
function wallMs(name: string, args: readonly string[]): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`${name} exited ${result.status}: ${String(result.stderr)}`);
  return ms;
}

const bench: BenchFile = async () => {
  build();
  const samples = new Map<string, number[]>(COMMANDS.map((c) => [c.name, []]));
  for (let run = 0; run < WARMUP + RUNS; run++) {
    for (const { name, args } of COMMANDS) {
      const ms = wallMs(name, args);
      if (run >= WARMUP) samples.get(name)?.push(ms);
    }
  }
  const floorMs = summarize(samples.get(FLOOR) ?? []).median;
  const targets: Readonly<Record<string, BenchRow['target']>> = {
    'tppbench --version': { value: 2 * floorMs, text: `<= 2x ${FLOOR}` },
    'tppbench gpus': { value: 2 * floorMs, text: `<= 2x ${FLOOR}` },
    'tppbench estimate gemm': { value: 150, text: '<= 150 ms (2-core machine)' },
    'tppbench estimate llm-decode': { value: 150, text: '<= 150 ms (2-core machine)' },
  };
  return COMMANDS.map(({ name }) => {
    const target = targets[name];
    return {
      name,
      unit: 'ms',
      higherIsBetter: false,
      samples: samples.get(name) ?? [],
      ...(name === FLOOR ? {} : { baseline: FLOOR }),
      ...(target === undefined ? {} : { target }),
    };
  });
};
export default bench;
