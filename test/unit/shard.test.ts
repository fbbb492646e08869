/**
 * `--shard i/n`: the parser's errors, and the split: the shards of a suite are disjoint, together the whole
 * suite, within one case of each other in size, and the same on every call.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_SHARD_COUNT, parseShard, shardCases } from '../../src/bench/shard.ts';
import { BUILTIN_SUITES, caseId } from '../../src/bench/suites.ts';
import { isUserError } from '../../src/errors.ts';

/** The error `fn` throws: a UserError whose message is returned. */
function userError(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (!isUserError(error)) throw error;
    expect(error.kind).toBe('usage');
    expect(error.param).toBe('shard');
    return error.message;
  }
  throw new Error('no error thrown');
}

describe('parseShard', () => {
  it('reads i/n, 1-based', () => {
    expect(parseShard('1/4')).toEqual({ index: 1, count: 4 });
    expect(parseShard(' 4 / 4 ')).toEqual({ index: 4, count: 4 });
    expect(parseShard('1/1')).toEqual({ index: 1, count: 1 });
    expect(parseShard(`7/${MAX_SHARD_COUNT}`)).toEqual({ index: 7, count: 1000 });
  });

  it('rejects what is not i/n, naming shard', () => {
    for (const text of ['', '2', '1/', '/2', '1/2/3', 'a/b', '-1/2', '1.5/2', '1/2.0', '1 of 2', '0x1/2'])
      expect(userError(() => parseShard(text))).toMatch(/^shard ".*" must be i\/n/);
  });

  it('rejects an index outside 1..n and a count outside 1..1000', () => {
    expect(userError(() => parseShard('0/2'))).toBe(
      'shard 0/2: the shard index must be an integer from 1 to 2',
    );
    expect(userError(() => parseShard('3/2'))).toBe(
      'shard 3/2: the shard index must be an integer from 1 to 2',
    );
    expect(userError(() => parseShard('0/0'))).toMatch(/shard count must be an integer from 1 to 1000/);
    expect(userError(() => parseShard('1/1001'))).toMatch(/shard count must be an integer from 1 to 1000/);
    expect(userError(() => shardCases([1, 2], { index: 1.5, count: 2 }))).toMatch(/shard index/);
  });
});

describe('shardCases', () => {
  it('deals the cases round-robin in their order', () => {
    const items = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    expect(shardCases(items, { index: 1, count: 3 })).toEqual(['a', 'd', 'g']);
    expect(shardCases(items, { index: 2, count: 3 })).toEqual(['b', 'e']);
    expect(shardCases(items, { index: 3, count: 3 })).toEqual(['c', 'f']);
    expect(shardCases(items, { index: 1, count: 1 })).toEqual(items);
    expect(shardCases(['a'], { index: 2, count: 2 })).toEqual([]);
  });

  it('splits each built-in suite into disjoint shards that cover it, sizes within one', () => {
    for (const suite of Object.values(BUILTIN_SUITES)) {
      const ids = suite.cases.map((c) => caseId(c.kernel, c.size));
      for (const count of [1, 2, 3, 4, 7, ids.length]) {
        const shards = Array.from({ length: count }, (_, i) => shardCases(ids, { index: i + 1, count }));
        expect(shards.flat().sort()).toEqual([...ids].sort());
        const sizes = shards.map((s) => s.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
        expect(shards.map((_, i) => shardCases(ids, { index: i + 1, count }))).toEqual(shards);
      }
    }
  });

  it('property: a partition, sizes within one, the same on every call', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 70 }), (length, count) => {
        const items = Array.from({ length }, (_, i) => i);
        const shards = Array.from({ length: count }, (_, i) => shardCases(items, { index: i + 1, count }));
        const seen = shards.flat();
        expect(seen.sort((a, b) => a - b)).toEqual(items);
        const sizes = shards.map((s) => s.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
        expect(shardCases(items, { index: count, count })).toEqual(shards[count - 1]);
      }),
    );
  });
});
