import { describe, expect, it } from 'vitest';
import { BUILT_IN_GPUS } from '../../src/hardware/catalog.ts';
import { memo, memoByObject, objectKey } from '../../src/util/memo.ts';

describe('memo', () => {
  it('makes a value once per key and returns the cached one after', () => {
    const cache = memo<number[]>(8);
    let made = 0;
    const make = () => {
      made++;
      return [made];
    };
    const first = cache.get('a', make);
    expect(cache.get('a', make)).toBe(first);
    expect(made).toBe(1);
    expect(cache.get('b', make)).toEqual([2]);
    expect(cache.size).toBe(2);
  });

  it('forgets its oldest entry past the limit, and only that one', () => {
    const cache = memo<string>(3);
    const made: string[] = [];
    const get = (key: string) =>
      cache.get(key, () => {
        made.push(key);
        return key.toUpperCase();
      });
    for (const key of ['a', 'b', 'c', 'd']) get(key);
    expect(cache.size).toBe(3);
    expect(made).toEqual(['a', 'b', 'c', 'd']);
    get('b');
    get('c');
    get('d');
    expect(made).toHaveLength(4); // b, c, d stayed
    expect(get('a')).toBe('A');
    expect(made).toEqual(['a', 'b', 'c', 'd', 'a']); // a was evicted and made again
    expect(cache.size).toBe(3);
  });

  it('caches undefined results as values, not as misses', () => {
    const cache = memo<undefined>(4);
    let made = 0;
    cache.get('x', () => {
      made++;
      return undefined;
    });
    cache.get('x', () => {
      made++;
      return undefined;
    });
    expect(made).toBe(1);
  });

  it('does not cache a make that throws', () => {
    const cache = memo<number>(4);
    expect(() =>
      cache.get('x', () => {
        throw new Error('no');
      }),
    ).toThrow('no');
    expect(cache.size).toBe(0);
    expect(cache.get('x', () => 7)).toBe(7);
  });
});

describe('objectKey', () => {
  const gpu = BUILT_IN_GPUS[0]!;

  it('gives a structured clone the key of its original (a sweep worker keeps its hits)', () => {
    const clone = structuredClone(gpu);
    expect(clone).not.toBe(gpu);
    expect(objectKey(clone)).toBe(objectKey(gpu));
    expect(objectKey(structuredClone(clone))).toBe(objectKey(gpu));
  });

  it('gives objects that differ in any field different keys', () => {
    const other = BUILT_IN_GPUS[1]!;
    expect(objectKey(other)).not.toBe(objectKey(gpu));
    const changed = structuredClone(gpu);
    (changed.smCount as { value: number | null }).value = (gpu.smCount.value ?? 0) + 1;
    expect(objectKey(changed)).not.toBe(objectKey(gpu));
    expect(objectKey({ a: 1 })).not.toBe(objectKey({ a: 2 }));
    expect(objectKey({ a: 1 })).toBe(objectKey({ a: 1 }));
  });

  it('keys are short, whatever the size of the object', () => {
    expect(objectKey(gpu).length).toBeLessThan(12);
  });
});

describe('memoByObject', () => {
  const gpu = BUILT_IN_GPUS[0]!;

  it('hits by identity, and for a structured clone by content', () => {
    const cache = memoByObject<{ made: number }>(8);
    let made = 0;
    const make = () => ({ made: ++made });
    const first = cache.get(gpu, make);
    expect(cache.get(gpu, make)).toBe(first);
    expect(cache.get(structuredClone(gpu), make)).toBe(first);
    expect(made).toBe(1);
    const changed = structuredClone(gpu);
    (changed.smCount as { value: number | null }).value = (gpu.smCount.value ?? 0) + 1;
    expect(cache.get(changed, make)).not.toBe(first);
    expect(made).toBe(2);
  });
});
