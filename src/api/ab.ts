/**
 * `ab`: interleaved A/B runs of two builds of tppbench on the same machine. Round by round, build A then
 * build B measures the suite in a child process (A B A B ...), so a slow phase of a shared machine hits both
 * sides alike; each side's rounds are pooled into one results document (as `run --repeat` pools its rounds)
 * and B is checked against A, the baseline, with the regression policy.
 * @module
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { poolMeasurements } from '../bench/repeat.ts';
import { msg, param, UserError } from '../errors.ts';
import type { Policy } from '../regress/types.ts';
import { type BenchResults, readBenchResults, writeBenchResults } from '../results/bench-results.ts';
import { type CheckResult, checkDocuments } from './check.ts';

/** The most rounds one A/B run may take. */
export const MAX_AB_ROUNDS = 20;

/** The two builds of an A/B run: `a` is the baseline, `b` the build checked against it. */
export type AbSide = 'a' | 'b';

/** Options for {@link runAb}. */
export interface AbOptions {
  /** Build A, the baseline: a tppbench checkout with `bin/tppbench.js`, or a command (words split on spaces). */
  readonly a: string;
  /** Build B, checked against A: as {@link AbOptions.a}. */
  readonly b: string;
  /** The suite each build runs: `quick` (default), `standard`, `full` or a suite file. */
  readonly suite?: string;
  /** Rounds, each running A then B: an integer from 1 to {@link MAX_AB_ROUNDS} (default 3). */
  readonly rounds?: number;
  /** Passed to each build's `run`: `--filter`, `--backend`, `--threads`. */
  readonly filter?: string;
  readonly backend?: string;
  readonly threads?: number;
  /** The regression policy of the check (default: the check's). */
  readonly policy?: Policy;
  /**
   * Keep the files here: each round's results (`a-1.json`, `b-1.json`, ...) and each side's pooled results
   * (`a.json`, `b.json`). Default: a temporary folder, removed at the end.
   */
  readonly outDir?: string;
  /** Receives every stderr line of the builds, prefixed with side and round (`[A 1/3] ...`). */
  readonly onLine?: (line: string) => void;
}

/** What an A/B run gives: the check of B against A, and each side's pooled results. */
export interface AbResult extends CheckResult {
  readonly rounds: number;
  readonly a: BenchResults;
  readonly b: BenchResults;
}

/** Check a round count: an integer from 1 to {@link MAX_AB_ROUNDS}; a usage error naming `rounds` otherwise. */
export function checkAbRounds(rounds: number): number {
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > MAX_AB_ROUNDS) {
    throw new UserError(
      msg`${param('rounds')} must be an integer from 1 to ${MAX_AB_ROUNDS}, not ${rounds}`,
      'usage',
    );
  }
  return rounds;
}

/**
 * The command line that runs a build: a directory is a tppbench checkout, run as
 * `[node, <dir>/bin/tppbench.js]`; anything else is a command, its words split on spaces. A single word that
 * names a path (it has a `/`) but nothing exists there is an error naming the side, as is a checkout without
 * `bin/tppbench.js`.
 */
export function resolveBuild(spec: string, side: AbSide): string[] {
  const words = spec
    .trim()
    .split(/\s+/)
    .filter((w) => w.length > 0);
  const [only] = words;
  if (only === undefined) throw new UserError(msg`${param(side)}: the build is empty`, 'usage');
  if (words.length === 1 && existsSync(only) && statSync(only).isDirectory()) {
    const bin = join(resolve(only), 'bin', 'tppbench.js');
    if (!existsSync(bin)) {
      throw new UserError(msg`${param(side)} ${only}: not a tppbench checkout (no bin/tppbench.js)`, 'usage');
    }
    return [process.execPath, bin];
  }
  if (words.length === 1 && only.includes('/') && !existsSync(only)) {
    throw new UserError(msg`${param(side)} ${only}: no such directory or command`, 'usage');
  }
  return words;
}

/** The `run` arguments every round passes, the results file last. */
function runArgs(options: AbOptions, out: string): string[] {
  return [
    'run',
    options.suite ?? 'quick',
    ...(options.filter === undefined ? [] : ['--filter', options.filter]),
    ...(options.backend === undefined ? [] : ['--backend', options.backend]),
    ...(options.threads === undefined ? [] : ['--threads', String(options.threads)]),
    '--out',
    out,
  ];
}

/** How a build's child process ended, and the last line it wrote to stderr. */
interface ChildEnd {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly lastLine: string;
}

/** Run `argv` with stdout discarded; each stderr line goes to `onLine`. Rejects only when it cannot start. */
function runChild(argv: readonly string[], onLine: (line: string) => void): Promise<ChildEnd> {
  const [command, ...args] = argv as [string, ...string[]];
  return new Promise((done, fail) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let pending = '';
    let lastLine = '';
    const emit = (line: string) => {
      if (line.trim().length > 0) lastLine = line;
      onLine(line);
    };
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      const lines = (pending + chunk).split(/\r?\n/);
      pending = lines.pop() ?? '';
      for (const line of lines) emit(line);
    });
    child.on('error', fail);
    child.on('close', (code, signal) => {
      if (pending.length > 0) emit(pending);
      done({ code, signal, lastLine });
    });
  });
}

/** One round of one side: run the build into `out` and read its results back. */
async function runRound(
  build: readonly string[],
  side: AbSide,
  round: number,
  options: AbOptions,
  out: string,
): Promise<BenchResults> {
  const rounds = options.rounds ?? 3;
  const prefix = `[${side.toUpperCase()} ${round}/${rounds}]`;
  const argv = [...build, ...runArgs(options, out)];
  const onLine = (line: string) => options.onLine?.(`${prefix} ${line}`);
  onLine(`$ ${argv.join(' ')}`);
  const end = await runChild(argv, onLine).catch((error: NodeJS.ErrnoException) => {
    throw new UserError(msg`${param(side)}: cannot run ${build.join(' ')}: ${error.message}`, 'usage');
  });
  // Exit 1 is a failed kernel: its results still count. Anything else is a build that could not measure.
  if (end.code !== 0 && end.code !== 1) {
    const how = end.code === null ? `was killed (${end.signal})` : `exited ${end.code}`;
    const last = end.lastLine.length > 0 ? `: ${end.lastLine}` : '';
    throw new UserError(msg`${param(side)} round ${round}/${rounds}: ${build.join(' ')} ${how}${last}`);
  }
  if (!existsSync(out)) {
    throw new UserError(msg`${param(side)} round ${round}/${rounds}: ${build.join(' ')} wrote no ${out}`);
  }
  return readBenchResults(out);
}

/**
 * Pool one side's rounds into one results document: each case's samples concatenated in round order, its
 * statistics anew (see `poolMeasurements`); the first round's environment and settings, every round's wall
 * time. The rounds must have measured the same cases; an error naming `side` otherwise.
 */
export function poolAbRounds(rounds: readonly BenchResults[], side: AbSide): BenchResults {
  const [first] = rounds;
  if (first === undefined) throw new RangeError('no rounds to pool');
  let measurements: BenchResults['measurements'];
  try {
    measurements = poolMeasurements(rounds.map((r) => r.measurements));
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new UserError(msg`${param(side)}: the rounds measured different cases (${error.message})`);
  }
  return {
    ...first,
    wallTimeMs: rounds.reduce((sum, r) => sum + r.wallTimeMs, 0),
    repeat: { rounds: rounds.length * (first.repeat?.rounds ?? 1) },
    measurements,
  };
}

/**
 * Run builds A and B in interleaved rounds (A B A B ...), pool each side's rounds and check B against A.
 * Errors (a build that does not resolve, cannot start, or exits other than 0 or 1) name the side.
 */
export async function runAb(options: AbOptions): Promise<AbResult> {
  const rounds = checkAbRounds(options.rounds ?? 3);
  const builds = { a: resolveBuild(options.a, 'a'), b: resolveBuild(options.b, 'b') };
  const dir = options.outDir ?? mkdtempSync(join(tmpdir(), 'tppbench-ab-'));
  if (options.outDir !== undefined) mkdirSync(options.outDir, { recursive: true });
  try {
    const results: Record<AbSide, BenchResults[]> = { a: [], b: [] };
    for (let round = 1; round <= rounds; round++) {
      for (const side of ['a', 'b'] as const) {
        const out = join(dir, `${side}-${round}.json`);
        results[side].push(await runRound(builds[side], side, round, { ...options, rounds }, out));
      }
    }
    const a = poolAbRounds(results.a, 'a');
    const b = poolAbRounds(results.b, 'b');
    if (options.outDir !== undefined) {
      writeBenchResults(join(dir, 'a.json'), a);
      writeBenchResults(join(dir, 'b.json'), b);
    }
    const check = checkDocuments(
      { label: `A (${options.a})`, document: a },
      { label: `B (${options.b})`, document: b },
      options.policy === undefined ? {} : { policy: options.policy },
    );
    return { ...check, rounds, a, b };
  } finally {
    if (options.outDir === undefined) rmSync(dir, { recursive: true, force: true });
  }
}
