/**
 * `mergeResults`: shards cut from a saved run merge back into that run; overlapping, missing, foreign and
 * mismatched shards are errors naming the files.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type MergeInput, mergeResults } from '../../src/api/merge.ts';
import { shardCases } from '../../src/bench/shard.ts';
import { type BenchResults, benchResultsSchema, type Measurement } from '../../src/results/bench-results.ts';
import { ROOT } from '../helpers/cli.ts';

const SAMPLE: BenchResults = JSON.parse(
  readFileSync(join(ROOT, 'test', 'fixtures', 'results', 'quick-sample.json'), 'utf8'),
);

/** Shard `index` of `count` of `whole`, as `run --shard` would have written it. */
function shardOf(whole: BenchResults, index: number, count: number): BenchResults {
  const ids = [...new Set(whole.measurements.map((m) => m.id))];
  const caseIds = shardCases(ids, { index, count });
  return {
    ...whole,
    shard: { index, count, caseIds },
    measurements: whole.measurements.filter((m) => caseIds.includes(m.id)),
  };
}

/** Every shard of `whole` split `count` ways, labelled `shard-<i>.json`. */
function shardsOf(whole: BenchResults, count: number): MergeInput[] {
  return Array.from({ length: count }, (_, i) => ({
    label: `shard-${i + 1}.json`,
    document: shardOf(whole, i + 1, count),
  }));
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

describe('mergeResults', () => {
  it('merges the shards of a run back into the run, in suite order, whatever the input order', () => {
    expect(SAMPLE.measurements.map((m) => m.id)).toEqual([
      'gemm/m128-n128-k128',
      'stream-triad/n1048576',
      'softmax/rows256-cols256',
    ]);
    for (const count of [1, 2, 3]) {
      const shards = shardsOf(SAMPLE, count);
      const merged = mergeResults(shards.reverse());
      expect(merged).toEqual(SAMPLE);
      expect(benchResultsSchema.parse(merged)).toEqual(merged);
    }
  });

  it('two backends: by backend, then suite order; fastest recomputed; earliest start, longest wall time', () => {
    const onCpu = (m: Measurement): Measurement => ({
      ...m,
      backend: 'cpu',
      ...('ranOn' in m ? { ranOn: 'cpu' } : {}),
    });
    const whole: BenchResults = {
      ...SAMPLE,
      selection: { ...SAMPLE.selection, used: ['webasm', 'cpu'] },
      measurements: [...SAMPLE.measurements, ...SAMPLE.measurements.map(onCpu)],
    };
    const [a, b] = shardsOf(whole, 2) as [MergeInput, MergeInput];
    const docA = { ...(a.document as BenchResults), createdAt: '2026-01-02T00:00:00.000Z', wallTimeMs: 10 };
    const docB = { ...(b.document as BenchResults), createdAt: '2026-01-01T00:00:00.000Z', wallTimeMs: 30 };
    const merged = mergeResults([
      { label: 'b.json', document: docB },
      { label: 'a.json', document: docA },
    ]);
    expect(merged.measurements.map((m) => `${m.backend} ${m.id}`)).toEqual([
      'webasm gemm/m128-n128-k128',
      'webasm stream-triad/n1048576',
      'webasm softmax/rows256-cols256',
      'cpu gemm/m128-n128-k128',
      'cpu stream-triad/n1048576',
      'cpu softmax/rows256-cols256',
    ]);
    expect(merged.selection.fastest).toHaveLength(3);
    expect(merged.createdAt).toBe('2026-01-01T00:00:00.000Z');
    expect(merged.wallTimeMs).toBe(30);
    expect(merged.shard).toBeUndefined();
  });

  it('rejects the same shard twice, naming both files', () => {
    const [a, b] = shardsOf(SAMPLE, 2) as [MergeInput, MergeInput];
    expect(errorOf(() => mergeResults([a, b, { ...a, label: 'copy.json' }]))).toBe(
      'shard-1.json and copy.json are both shard 1/2: give each shard once',
    );
  });

  it('rejects shards that overlap: a case in two shards', () => {
    const [a, b] = shardsOf(SAMPLE, 2) as [MergeInput, MergeInput];
    const docB = b.document as BenchResults;
    const overlapping = {
      ...docB,
      shard: { ...docB.shard!, caseIds: [...docB.shard!.caseIds, 'gemm/m128-n128-k128'] },
    };
    expect(errorOf(() => mergeResults([a, { label: 'b.json', document: overlapping }]))).toBe(
      'case gemm/m128-n128-k128 is in shard 1/2 (shard-1.json) and in shard 2/2 (b.json): the shards overlap',
    );
  });

  it('names every missing shard', () => {
    const shards = shardsOf(SAMPLE, 3);
    expect(errorOf(() => mergeResults([shards[1]!]))).toBe(
      'missing shards 1/3, 3/3 of suite quick (given: 1 of 3)',
    );
    expect(errorOf(() => mergeResults(shards.slice(0, 2)))).toBe(
      'missing shard 3/3 of suite quick (given: 2 of 3)',
    );
  });

  it('rejects a document that is not a shard, naming the file', () => {
    const [a] = shardsOf(SAMPLE, 2) as [MergeInput];
    const gpus = { schemaVersion: 1, kind: 'tppbench-gpus', gpus: [] };
    expect(errorOf(() => mergeResults([a, { label: 'gpus.json', document: gpus }]))).toBe(
      'gpus.json: a tppbench-gpus document, not a results file (tppbench-results) of run --shard',
    );
    expect(errorOf(() => mergeResults([{ label: 'x.json', document: [1] }]))).toMatch(
      /^x\.json: not a tppbench document/,
    );
    expect(errorOf(() => mergeResults([{ label: 'whole.json', document: SAMPLE }]))).toBe(
      'whole.json: a results file of a whole run, not of one shard (run --shard i/n)',
    );
    const broken = { ...(a.document as BenchResults), suite: 42 };
    expect(errorOf(() => mergeResults([{ label: 'bad.json', document: broken }]))).toMatch(
      /^bad\.json: suite /,
    );
    expect(errorOf(() => mergeResults([]))).toBe('merge: no results files given');
  });

  it('rejects shards of different runs: suite, shard count, version, settings', () => {
    const [a, b] = shardsOf(SAMPLE, 2) as [MergeInput, MergeInput];
    const docB = b.document as BenchResults;
    const other = (document: BenchResults) => mergeResults([a, { label: 'b.json', document }]);
    expect(errorOf(() => other({ ...docB, suite: 'standard' }))).toBe(
      'b.json: suite standard, but shard-1.json has quick: the shards are not of one split run',
    );
    expect(errorOf(() => other({ ...docB, shard: { ...docB.shard!, count: 3 } }))).toMatch(
      /^b\.json: shard count 3, but shard-1\.json has 2/,
    );
    const version = { ...docB, environment: { ...docB.environment, packageVersion: '9.9.9' } };
    expect(errorOf(() => other(version))).toMatch(
      /^b\.json: package version 9\.9\.9, but shard-1\.json has 0\.1\.0/,
    );
    expect(errorOf(() => other({ ...docB, settings: { ...docB.settings, filter: null } }))).toMatch(
      /^b\.json: settings .*"filter":null.*, but shard-1\.json has/,
    );
  });

  it('allows shards from different machines and says so in the notes', () => {
    const [a, b] = shardsOf(SAMPLE, 2) as [MergeInput, MergeInput];
    const docB = b.document as BenchResults;
    const merged = mergeResults([
      a,
      {
        label: 'b.json',
        document: { ...docB, environment: { ...docB.environment, cpuModel: 'Intel Xeon' } },
      },
    ]);
    expect(merged.environment.cpuModel).toBe('AMD EPYC');
    expect(merged.selection.notes.at(-1)).toBe(
      "merged shards ran on different machines: CPU AMD EPYC (shard-1.json); Intel Xeon (b.json); the environment is the first's",
    );
    expect(merged.selection.notes.slice(0, -1)).toEqual(SAMPLE.selection.notes);
  });
});
