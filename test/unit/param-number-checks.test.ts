/**
 * The number checks of workload parameters at their edges: integers are safe integers (|n| < 2^53) of at
 * least the spec's `min`; numbers and sizes are finite, positive (or 0 where `min` is 0) and at most 1e18.
 * Written to the behaviour the zod checks they replaced had (`int().min(min).safe()`,
 * `positive().max(1e18)`), error texts included.
 */
import { describe, expect, it } from 'vitest';
import { MAX_PARAM_VALUE, type ParamSpec, parseParam } from '../../src/workloads/params.ts';

const count: ParamSpec = { key: 'm', flag: '--m', description: 'rows', kind: 'integer' };
const fromZero: ParamSpec = { ...count, key: 'pp', min: 0 };
const orMax: ParamSpec = { ...count, key: 'batch', kind: 'integer-or-max' };
const rate: ParamSpec = { key: 'rate', flag: '--rate', description: 'rate', kind: 'number' };
const size: ParamSpec = { key: 'bytes', flag: '--bytes', description: 'size', kind: 'bytes' };

const errorOf = (spec: ParamSpec, raw: unknown): string => {
  try {
    parseParam(spec, raw);
  } catch (error) {
    return (error as Error).message;
  }
  return 'accepted';
};

describe('integer parameters', () => {
  it('accept safe integers from their minimum', () => {
    expect(parseParam(count, '1')).toBe(1);
    expect(parseParam(count, 2 ** 53 - 1)).toBe(2 ** 53 - 1);
    expect(parseParam(fromZero, '0')).toBe(0);
    expect(parseParam(orMax, ' MAX ')).toBe('max');
    expect(parseParam(orMax, '4096')).toBe(4096);
  });

  it.each([
    ['0', count, 'm must be a positive integer (got "0")'],
    ['1.5', count, 'm must be a positive integer (got "1.5")'],
    [2 ** 53, count, 'm must be a positive integer (got 9007199254740992)'],
    ['1e300', count, 'm must be a positive integer (got "1e300")'],
    [Number.POSITIVE_INFINITY, count, 'm must be a positive integer (got null)'],
    [Number.NaN, count, 'm must be a positive integer (got null)'],
    ['-1', fromZero, 'pp must be an integer >= 0 (got "-1")'],
    ['0', orMax, 'batch must be a positive integer or "max" (got "0")'],
    [2 ** 53, orMax, 'batch must be a positive integer or "max" (got 9007199254740992)'],
  ])('refuse %s', (raw, spec, message) => {
    expect(errorOf(spec, raw)).toBe(message);
  });
});

describe('number and size parameters', () => {
  it('accept positive finite values up to 1e18', () => {
    expect(parseParam(rate, Number.MIN_VALUE)).toBe(Number.MIN_VALUE);
    expect(parseParam(rate, '1e18')).toBe(MAX_PARAM_VALUE);
    expect(parseParam(size, '16MiB')).toBe(16 * 2 ** 20);
    expect(parseParam(size, 1e18)).toBe(1e18);
  });

  it.each([
    ['0', rate, 'rate must be a positive number up to 1e18 (got "0")'],
    ['1.000001e18', rate, 'rate must be a positive number up to 1e18 (got "1.000001e18")'],
    [Number.POSITIVE_INFINITY, rate, 'rate must be a positive number up to 1e18 (got null)'],
    [Number.NaN, rate, 'rate must be a positive number up to 1e18 (got null)'],
    ['-0', size, 'bytes must be a positive size in bytes up to 1e18 (e.g. 4096, 16MB, 8GiB) (got "-0")'],
    [
      '1.1EiB',
      size,
      'bytes must be a positive size in bytes up to 1e18 (e.g. 4096, 16MB, 8GiB) (got "1.1EiB")',
    ],
  ])('refuse %s', (raw, spec, message) => {
    expect(errorOf(spec, raw)).toBe(message);
  });
});
