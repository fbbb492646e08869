/**
 * `run --shard i/n` through the real bin, and merging its files: every case once; the same shard twice, a
 * missing shard and a foreign document are errors naming the files.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { mergeResultFiles } from '../../src/api/merge.ts';
import { type BenchResults, readBenchResults } from '../../src/results/bench-results.ts';
import { runCli, tempDir } from '../helpers/cli.ts';

const FILTER = 'gemm/m128-,gemv,softmax';
const CASES = ['gemm/m128-n128-k128', 'gemv/m1024-k1024', 'softmax/rows256-cols256'];
const dir = tempDir();
const a = join(dir, 'shard-1.json');
const b = join(dir, 'shard-2.json');

/** Run shard `shard` of the filtered quick suite on one cpu thread into `out`. */
function runShard(shard: string, out: string) {
  const args = ['run', 'quick', '--backend', 'cpu', '--threads', '1', '--filter', FILTER, '--shard', shard];
  return runCli([...args, '--out', out], { timeoutMs: 120_000 });
}

/** The message of the UserError `fn` throws. */
function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if ((error as Error).name !== 'UserError') throw error;
    return (error as Error).message;
  }
  throw new Error('no error thrown');
}

describe('run --shard and merge', () => {
  beforeAll(() => {
    for (const [shard, out] of [
      ['1/2', a],
      ['2/2', b],
    ] as const) {
      const r = runShard(shard, out);
      if (r.code !== 0) throw new Error(`run --shard ${shard} exited ${r.code}: ${r.stderr}`);
    }
  }, 240_000);

  it('each shard records its split and measures only its cases (round-robin in suite order)', () => {
    const [first, second] = [readBenchResults(a), readBenchResults(b)];
    expect(first.shard).toEqual({ index: 1, count: 2, caseIds: [CASES[0], CASES[2]] });
    expect(second.shard).toEqual({ index: 2, count: 2, caseIds: [CASES[1]] });
    expect(first.measurements.map((m) => m.id)).toEqual([CASES[0], CASES[2]]);
    expect(second.measurements.map((m) => m.id)).toEqual([CASES[1]]);
    expect(first.settings.filter).toBe(FILTER);
  });

  it('merges into one results file with every case once, in suite order', () => {
    const merged: BenchResults = mergeResultFiles([b, a]);
    expect(merged.measurements.map((m) => m.id)).toEqual(CASES);
    expect(merged.measurements.every((m) => m.state === 'completed')).toBe(true);
    expect(merged.shard).toBeUndefined();
    expect(merged.suite).toBe('quick');
  });

  it('rejects the same shard twice, naming both files', () => {
    const copy = join(dir, 'copy-of-1.json');
    copyFileSync(a, copy);
    expect(errorOf(() => mergeResultFiles([a, b, copy]))).toBe(
      `${a} and ${copy} are both shard 1/2: give each shard once`,
    );
  });

  it('names a missing shard', () => {
    expect(errorOf(() => mergeResultFiles([a]))).toBe('missing shard 2/2 of suite quick (given: 1 of 2)');
  });

  it('rejects a document that is not a results file, naming it', () => {
    const gpus = join(dir, 'gpus.json');
    writeFileSync(gpus, runCli(['gpus', '--json']).stdout);
    expect(errorOf(() => mergeResultFiles([a, gpus]))).toBe(
      `${gpus}: a tppbench-gpus document, not a results file (tppbench-results) of run --shard`,
    );
  });

  it('a bad --shard or an empty shard is a usage error naming --shard', () => {
    const bad = runCli(['run', 'quick', '--shard', '3/2']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--shard 3/2: the shard index must be an integer from 1 to 2');
    expect(runCli(['run', 'quick', '--shard', 'half']).stderr).toContain('--shard "half" must be i/n');
    const empty = runCli(['run', 'quick', '--filter', 'gemv', '--shard', '2/2']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('--shard 2/2 has no case: suite quick has 1 case(s) matching --filter');
  });

  // Runs once `merge` is among the commands of src/cli/main.ts.
  describe('tppbench merge', () => {
    it('writes the merged file, and prints it with --json', () => {
      const out = join(dir, 'all.json');
      const r = runCli(['merge', a, b, '--out', out]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('merged 2 shard(s) of suite quick: 3 case(s), 3 measurement(s)');
      expect(readBenchResults(out).measurements.map((m) => m.id)).toEqual(CASES);
      const json = runCli(['merge', b, a, '--json']);
      expect(json.code).toBe(0);
      expect(JSON.parse(json.stdout)).toEqual(JSON.parse(readFileSync(out, 'utf8')));
    });

    it('errors name the files and exit 2; --out or --json is required', () => {
      const copy = join(dir, 'copy-of-2.json');
      copyFileSync(b, copy);
      const out = join(dir, 'x.json');
      const twice = runCli(['merge', a, b, copy, '--out', out]);
      expect(twice.code).toBe(2);
      expect(twice.stderr).toContain(`${b} and ${copy} are both shard 2/2`);
      expect(runCli(['merge', a, '--out', out]).stderr).toContain('missing shard 2/2');
      const noOut = runCli(['merge', a, b]);
      expect(noOut.code).toBe(2);
      expect(noOut.stderr).toContain('--out <file> is required');
    });
  });
});
