import { describe, expect, it } from 'vitest';
import {
  assignPoint,
  parseSweepAxis,
  pointCoordinates,
  pointIndex,
  sweepGrid,
} from '../../src/analysis/sweep-grid.ts';
import type { ParamSpec } from '../../src/workloads/params.ts';

const batch: ParamSpec = { key: 'batch', flag: '--batch', description: 'b', kind: 'integer', default: 1 };
const context: ParamSpec = { key: 'context', flag: '--context', description: 'c', kind: 'integer', min: 0 };
const bytes: ParamSpec = { key: 'bytes', flag: '--bytes', description: 'm', kind: 'bytes' };
const ratio: ParamSpec = { key: 'ratio', flag: '--ratio', description: 'r', kind: 'number' };
const dtype: ParamSpec = {
  key: 'dtype',
  flag: '--dtype',
  description: 'd',
  kind: 'choice',
  choices: ['bf16', 'fp8'],
};

describe('parseSweepAxis', () => {
  it('a..b doubles from a and always includes b', () => {
    expect(parseSweepAxis(batch, '1..1024').values).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024]);
    expect(parseSweepAxis(batch, '3..20').values).toEqual([3, 6, 12, 20]);
    expect(parseSweepAxis(batch, '1..1024').spacing).toBe('log');
  });

  it('k suffixes are powers of 1024', () => {
    expect(parseSweepAxis(context, '1k..8k').values).toEqual([1024, 2048, 4096, 8192]);
    expect(parseSweepAxis(context, '4k').values).toEqual([4096]);
  });

  it('a..b:n gives n log-spaced points (geometric ratio)', () => {
    const v = parseSweepAxis(ratio, '1..1000:4').values as number[];
    expect(v).toHaveLength(4);
    expect(v[0]).toBe(1);
    expect(v[1]).toBeCloseTo(10, 9);
    expect(v[2]).toBeCloseTo(100, 9);
    expect(v[3]).toBe(1000);
  });

  it('integer log points round and drop duplicates', () => {
    expect(parseSweepAxis(batch, '1..4:10').values).toEqual([1, 2, 3, 4]);
  });

  it('a..b+s is linear, from 0 where the parameter allows it', () => {
    const axis = parseSweepAxis(context, '0..4096+1024');
    expect(axis.values).toEqual([0, 1024, 2048, 3072, 4096]);
    expect(axis.spacing).toBe('linear');
  });

  it('lists keep their order, take units and work for choices', () => {
    expect(parseSweepAxis(batch, '8,1,2').values).toEqual([8, 1, 2]);
    expect(parseSweepAxis(bytes, '1MB,1GiB').values).toEqual([1e6, 2 ** 30]);
    expect(parseSweepAxis(bytes, '1KB..1MB:4').values).toHaveLength(4);
    expect(parseSweepAxis(dtype, 'bf16,fp8').values).toEqual(['bf16', 'fp8']);
  });

  it.each([
    ['1024..1', /^batch: bad sweep range "1024..1": the end \(1\) is below the start \(1024\)/],
    ['a..8', /^batch: bad sweep range "a..8": both ends must be numbers/],
    ['1..8:0', /^batch: .*point count after ":" must be a positive integer/],
    ['1..8+0', /^batch: .*step after "\+" must be a positive number/],
    ['1..', /^batch: bad sweep range/],
    ['1,,2', /^batch: .*empty list item/],
    ['0..8+4', /^batch must be a positive integer \(got 0\)/],
    ['1.5,2', /^batch must be a positive integer/],
  ])('rejects batch %s naming the parameter', (raw, message) => {
    expect(() => parseSweepAxis(batch, raw)).toThrow(message);
  });

  it('non-integer parameters take decimal ranges: log, counted and linear', () => {
    const tpot: ParamSpec = {
      key: 'targetTpotMs',
      flag: '--target-tpot-ms',
      description: 't',
      kind: 'number',
    };
    expect(parseSweepAxis(tpot, '0.5..50').values).toEqual([0.5, 1, 2, 4, 8, 16, 32, 50]);
    expect(parseSweepAxis(tpot, '0.5..2+0.25').values).toEqual([0.5, 0.75, 1, 1.25, 1.5, 1.75, 2]);
    // Linear steps are tidied: 0.1 + 2 x 0.1 is 0.3, not 0.30000000000000004.
    expect(parseSweepAxis(tpot, '0.1..0.5+0.1').values).toEqual([0.1, 0.2, 0.3, 0.4, 0.5]);
    expect(parseSweepAxis(tpot, '.5..1.5:3').values).toHaveLength(3);
    expect(parseSweepAxis(tpot, '1e-1..1e+1+5e+0').values).toEqual([0.1, 5.1]);
    expect(parseSweepAxis(ratio, '1.5e+2..6e+2').values).toEqual([150, 300, 600]);
  });

  it.each([
    ['1.5..8', /^batch: bad sweep range "1\.5\.\.8": batch takes integers; the start 1\.5 is not one/],
    ['1..8.5', /: batch takes integers; the end 8\.5 is not one/],
    ['1..8+0.5', /: batch takes integers; the step 0\.5 is not one/],
  ])('integer parameters refuse decimal range %s, naming the parameter', (raw, message) => {
    expect(() => parseSweepAxis(batch, raw)).toThrow(message);
  });

  it('integer parameters still take suffixes that make integers, and round counted points', () => {
    expect(parseSweepAxis(batch, '0.5k..1k').values).toEqual([512, 1024]);
    expect(parseSweepAxis(batch, '1..10:3').values).toEqual([1, 3, 10]);
  });

  it('rejects a log range from 0 and a range on a choice parameter', () => {
    expect(() => parseSweepAxis(context, '0..4096')).toThrow(
      /^context: .*log-spaced range needs a start > 0/,
    );
    expect(() => parseSweepAxis(dtype, 'bf16..fp8')).toThrow(/^dtype: .*not numeric/);
    expect(() => parseSweepAxis(dtype, 'bf16,fp9')).toThrow(/^dtype must be one of bf16, fp8/);
  });
});

describe('sweepGrid', () => {
  it('walks the product with the last axis fastest, and indexes round-trip', () => {
    const grid = sweepGrid([parseSweepAxis(batch, '1,2,4'), parseSweepAxis(context, '0,8')], 2);
    expect(grid.points).toBe(6);
    const seen = Array.from({ length: 6 }, (_, i) => {
      const p: Record<string, unknown> = {};
      assignPoint(grid, i, p as never);
      expect(pointIndex(grid, pointCoordinates(grid, i))).toBe(i);
      return `${p.batch}/${p.context}`;
    });
    expect(seen).toEqual(['1/0', '1/8', '2/0', '2/8', '4/0', '4/8']);
  });

  it('a limit of its own: refused above it, naming maxEstimates; accepted at it', () => {
    const axis = parseSweepAxis(batch, '1..1000+1');
    expect(() => sweepGrid([axis], 2, 1999)).toThrow(
      /1000 points x 2 GPUs = 2000 estimates, over the limit of 1999: narrow batch or raise maxEstimates/,
    );
    expect(sweepGrid([axis], 2, 2000).points).toBe(1000);
  });

  it('refuses a grid over the estimate limit, naming the parameters', () => {
    const axis = parseSweepAxis(batch, '1..100000+1');
    expect(() => sweepGrid([axis, axis], 1)).toThrow(
      /over the limit of 50000000: narrow batch, batch or raise maxEstimates/,
    );
  });
});
