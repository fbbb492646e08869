/**
 * `tppbench ab`: two builds (here both this checkout) run in interleaved rounds through the real bin, each
 * side's rounds pooled and B checked against A. The library function is tested the same way (real child
 * processes, no mocks); the bin tests need `ab` registered in src/cli/main.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkAbRounds, poolAbRounds, resolveBuild, runAb } from '../../src/api/ab.ts';
import { type BenchResults, readBenchResults } from '../../src/results/bench-results.ts';
import { ROOT, runCli, tempDir } from '../helpers/cli.ts';

const CASE = 'gemm/m128-n128-k128';
const RUN_FLAGS = ['--filter', 'gemm/m128-', '--backend', 'cpu', '--threads', '1'];
const BIN = join(ROOT, 'bin', 'tppbench.js');
/** The check's metric of `CASE` on cpu. */
const METRIC = `run:${CASE}@cpu`;

/** The message of the UserError `fn` throws (or its promise rejects with). */
async function errorOf(fn: () => unknown): Promise<string> {
  try {
    await fn();
  } catch (error) {
    if ((error as Error).name !== 'UserError') throw error;
    return (error as Error).message;
  }
  throw new Error('no error thrown');
}

/** The samples of `CASE` in a results document. */
function samplesOf(results: BenchResults): number[] {
  const m = results.measurements.find((x) => x.id === CASE);
  if (m?.state !== 'completed') throw new Error(`${CASE} did not complete: ${JSON.stringify(m)}`);
  return m.samplesSec;
}

describe('resolveBuild and checkAbRounds', () => {
  it('runs a checkout as node + its bin, and a command as its words', () => {
    expect(resolveBuild(ROOT, 'a')).toEqual([process.execPath, BIN]);
    expect(resolveBuild(` node  ${BIN} `, 'b')).toEqual(['node', BIN]);
  });

  it('names the side of a missing directory or a folder that is not a checkout', async () => {
    const missing = join(tempDir(), 'no-such-dir');
    expect(await errorOf(() => resolveBuild(missing, 'a'))).toBe(
      `a ${missing}: no such directory or command`,
    );
    const empty = tempDir();
    expect(await errorOf(() => resolveBuild(empty, 'b'))).toBe(
      `b ${empty}: not a tppbench checkout (no bin/tppbench.js)`,
    );
  });

  it('takes 1 to 20 rounds', async () => {
    expect(checkAbRounds(1)).toBe(1);
    expect(checkAbRounds(20)).toBe(20);
    for (const bad of [0, 21, 1.5, Number.NaN]) {
      expect(await errorOf(() => checkAbRounds(bad))).toBe(
        `rounds must be an integer from 1 to 20, not ${bad}`,
      );
    }
  });
});

describe('runAb (real builds in child processes)', () => {
  const outDir = tempDir();
  const lines: string[] = [];
  let result: Awaited<ReturnType<typeof runAb>>;

  beforeAll(async () => {
    result = await runAb({
      a: ROOT,
      b: ROOT,
      rounds: 2,
      filter: 'gemm/m128-',
      backend: 'cpu',
      threads: 1,
      outDir,
      onLine: (line) => lines.push(line),
    });
  }, 180_000);

  it('runs A then B in each round: A B A B', () => {
    const starts = lines.filter((l) => / \$ /.test(l)).map((l) => l.slice(0, l.indexOf(']') + 1));
    expect(starts).toEqual(['[A 1/2]', '[B 1/2]', '[A 2/2]', '[B 2/2]']);
    // The builds' own progress lines carry the prefix of their round.
    expect(lines.some((l) => l.startsWith('[B 2/2] [1/1] gemm/m128-n128-k128 on cpu'))).toBe(true);
  });

  it("pools each side's rounds: samples concatenated in round order", () => {
    for (const side of ['a', 'b'] as const) {
      const rounds = [1, 2].map((r) => readBenchResults(join(outDir, `${side}-${r}.json`)));
      const pooled = result[side];
      expect(samplesOf(pooled)).toEqual([...samplesOf(rounds[0]!), ...samplesOf(rounds[1]!)]);
      expect(pooled.repeat).toEqual({ rounds: 2 });
      expect(pooled.measurements[0]?.rounds).toBe(2);
      expect(readBenchResults(join(outDir, `${side}.json`))).toEqual(pooled);
    }
  });

  it('checks B against A, metric by metric', () => {
    expect(result.baselineLabel).toBe(`A (${ROOT})`);
    expect(result.currentLabel).toBe(`B (${ROOT})`);
    expect(result.outcome.verdicts.map((v) => v.id)).toEqual([METRIC]);
  });

  it('rejects rounds of different cases, naming the side', async () => {
    const [one] = [readBenchResults(join(outDir, 'a-1.json'))];
    const other = { ...one, measurements: [] };
    expect(await errorOf(() => poolAbRounds([one, other], 'b'))).toMatch(
      /^b: the rounds measured different cases \(round 2 has no case gemm\/m128-n128-k128/,
    );
  });

  it('a build that exits 2 is an error naming its side, with its last stderr line', async () => {
    const message = await errorOf(() => runAb({ a: `node ${BIN}`, b: ROOT, suite: 'nosuch', rounds: 1 }));
    expect(message).toMatch(/^a round 1\/1: node .* exited 2: tppbench: suite "nosuch": not quick/);
  });
});

// These go through the real bin: they need `ab` registered in src/cli/main.ts (COMMANDS).
describe('tppbench ab', () => {
  it('runs A B A B, pools 2 rounds a side and prints the check as JSON', () => {
    const outDir = tempDir();
    const args = ['ab', '--a', ROOT, '--b', ROOT, '--rounds', '2', ...RUN_FLAGS, '--json'];
    const r = runCli([...args, '--out-dir', outDir], { timeoutMs: 180_000 });
    expect(r.code === 0 || r.code === 1, r.stderr).toBe(true);
    const order = r.stderr
      .split('\n')
      .filter((l) => / \$ /.test(l))
      .map((l) => l.slice(0, l.indexOf(']') + 1));
    expect(order).toEqual(['[A 1/2]', '[B 1/2]', '[A 2/2]', '[B 2/2]']);
    const json = JSON.parse(r.stdout) as { rounds: number; verdicts: { id: string; verdict: string }[] };
    expect(json.rounds).toBe(2);
    expect(json.verdicts.map((v) => v.id)).toEqual([METRIC]);
    expect(json.verdicts[0]?.verdict).not.toBe('missing-current');
    for (const side of ['a', 'b']) {
      const single = [1, 2].map((i) => samplesOf(readBenchResults(join(outDir, `${side}-${i}.json`))).length);
      const pooled = JSON.parse(readFileSync(join(outDir, `${side}.json`), 'utf8')) as BenchResults;
      expect(samplesOf(pooled)).toHaveLength(single[0]! + single[1]!);
    }
  }, 200_000);

  it('a missing directory is exit 2 naming --a', () => {
    const missing = join(tempDir(), 'no-such-checkout');
    const r = runCli(['ab', '--a', missing, '--b', ROOT]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`tppbench: --a ${missing}: no such directory or command`);
  });

  it('a bad --rounds is exit 2 naming it', () => {
    const r = runCli(['ab', '--a', ROOT, '--b', ROOT, '--rounds', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('tppbench: --rounds must be an integer from 1 to 20, not 0');
  });
});
