import { describe, expect, it } from 'vitest';
import { attentionCost } from '../../kernels/attention/cost.ts';
import { attentionReference } from '../../kernels/attention/reference.ts';
import { gemmCost } from '../../kernels/gemm/cost.ts';
import { gemmKernel } from '../../kernels/gemm/index.ts';
import { gemmReference } from '../../kernels/gemm/reference.ts';
import { gemvReference } from '../../kernels/gemv/reference.ts';
import { sumReference } from '../../kernels/reduce/reference.ts';
import { builtinKernelRegistry, createKernelRegistry } from '../../kernels/registry.ts';
import { fp32Tolerance, seededRandom } from '../../kernels/shared.ts';
import { softmaxCost } from '../../kernels/softmax/cost.ts';
import { softmaxReference } from '../../kernels/softmax/reference.ts';
import { copyCost, triadCost } from '../../kernels/stream/cost.ts';
import { triadReference } from '../../kernels/stream/reference.ts';

describe('kernel registry', () => {
  it('holds every built-in kernel by name', () => {
    expect(builtinKernelRegistry().names()).toEqual([
      'gemm',
      'gemm-f16',
      'gemv',
      'stream-copy',
      'stream-triad',
      'reduce-sum',
      'softmax',
      'attention',
      'h2d',
      'd2h',
    ]);
  });

  it('rejects a duplicate name', () => {
    expect(() => createKernelRegistry([gemmKernel, gemmKernel])).toThrow(
      'kernel "gemm" is already registered',
    );
  });

  it('rejects an unknown name and lists the known ones', () => {
    expect(() => builtinKernelRegistry().get('gem')).toThrow(
      /unknown kernel "gem" \(known: gemm, gemm-f16, gemv/,
    );
  });

  it('rejects a name that is not kebab-case', () => {
    expect(() => createKernelRegistry([{ ...gemmKernel, name: 'Gemm_2' }])).toThrow('must be kebab-case');
  });
});

describe('Float64 references (golden, by hand)', () => {
  it('gemm [[1,2],[3,4]] x [[5,6],[7,8]] = [[19,22],[43,50]]', () => {
    const c = gemmReference(Float32Array.of(1, 2, 3, 4), Float32Array.of(5, 6, 7, 8), 2, 2, 2);
    expect([...c]).toEqual([19, 22, 43, 50]);
  });

  it('gemm of a 1 x 3 row by a 3 x 2 matrix (decode-like m = 1)', () => {
    const c = gemmReference(Float32Array.of(1, 2, 3), Float32Array.of(1, 0, 0, 1, 1, 1), 1, 2, 3);
    expect([...c]).toEqual([4, 5]);
  });

  it('gemv [[1,2],[3,4]] x [1,1] = [3,7]', () => {
    expect([...gemvReference(Float32Array.of(1, 2, 3, 4), Float32Array.of(1, 1), 2, 2)]).toEqual([3, 7]);
  });

  it('triad b + 3c and sum', () => {
    expect([...triadReference(Float32Array.of(1, 2), Float32Array.of(10, 20), 3)]).toEqual([31, 62]);
    expect([...sumReference(Float32Array.of(0.5, 1.5, 2))]).toEqual([4]);
  });

  it('softmax of [0, ln 3] is [1/4, 3/4]; of equal values is uniform', () => {
    const s = softmaxReference([0, Math.log(3), 5, 5], 2, 2);
    expect(s[0]).toBeCloseTo(0.25, 12);
    expect(s[1]).toBeCloseTo(0.75, 12);
    expect([s[2], s[3]]).toEqual([0.5, 0.5]);
  });

  it('attention with identical keys averages the values', () => {
    const q = Float32Array.of(1, 0, 0, 1);
    const k = Float32Array.of(1, 1, 1, 1);
    const v = Float32Array.of(2, 4, 6, 8);
    expect([...attentionReference(q, k, v, 2, 2)]).toEqual([4, 6, 4, 6]);
  });
});

describe('costs', () => {
  it('gemm is 2mnk flops and 4(mk + kn + mn) bytes', () => {
    expect(gemmCost(2, 3, 4)).toEqual({ flops: 48, bytes: 4 * (8 + 12 + 6) });
  });

  it('STREAM copy moves 8n bytes, triad 12n bytes and 2n flops', () => {
    expect(copyCost(10)).toEqual({ flops: 0, bytes: 80 });
    expect(triadCost(10)).toEqual({ flops: 20, bytes: 120 });
  });

  it('the three-pass softmax is 7 flops and 16 bytes (3 reads, 1 write) per element', () => {
    expect(softmaxCost(2, 3)).toEqual({ flops: 7 * 6, bytes: 16 * 6 });
  });

  it('attention is 4 s^2 d + 5 s^2 flops over q, k, v, o', () => {
    expect(attentionCost(4, 2)).toEqual({ flops: 4 * 16 * 2 + 5 * 16, bytes: 16 * 4 * 2 });
  });
});

describe('shared helpers', () => {
  it('the fp32 tolerance grows with the reduction length and has a floor', () => {
    expect(fp32Tolerance(1)).toBe(1e-5);
    expect(fp32Tolerance(1024)).toBeCloseTo(2 * 2 ** -23 * 1024, 15);
  });

  it('seeded inputs are reproducible and differ by seed', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const first = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(first);
    expect(seededRandom(43)()).not.toBe(first[0]);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});
