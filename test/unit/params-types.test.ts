/**
 * Workload params typed from their specs: `ParamsOf` maps each kind to its value type, the kernel
 * workloads' `*Params` are derived from their specs, and `parseParams` returns that type. Checked by the
 * type checker (`npm run typecheck`); the runtime lines check the values agree.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Precision } from '../../src/hardware/types.ts';
import type {
  AttentionParams,
  CollectiveParams,
  GemmParams,
  HpcFp64Params,
  StreamParams,
} from '../../src/index.ts';
import { BUILT_IN_WORKLOADS } from '../../src/workloads/index.ts';
import { STREAM_WORKLOAD } from '../../src/workloads/kernels/stream.ts';
import { type ParamSpec, type ParamsOf, type ParamValue, parseParams } from '../../src/workloads/params.ts';
import type { AnyWorkload } from '../../src/workloads/types.ts';

const SPECS = [
  { key: 'count', flag: '--count', description: 'c', kind: 'integer' },
  { key: 'size', flag: '--size', description: 's', kind: 'bytes', default: 1024 },
  { key: 'rate', flag: '--rate', description: 'r', kind: 'number', default: 1 },
  { key: 'batch', flag: '--batch', description: 'b', kind: 'integer-or-max', default: 1 },
  {
    key: 'mode',
    flag: '--mode',
    description: 'm',
    kind: 'choice',
    choices: ['fast', 'slow'],
    default: 'fast',
  },
  { key: 'causal', flag: '--causal', description: 'c', kind: 'flag', default: false },
  { key: 'name', flag: '--name', description: 'n', kind: 'string', default: 'x' },
] as const satisfies readonly ParamSpec[];

describe('ParamsOf', () => {
  it('maps each kind to its value type', () => {
    expectTypeOf<ParamsOf<typeof SPECS>>().toEqualTypeOf<{
      readonly count: number;
      readonly size: number;
      readonly rate: number;
      readonly batch: number | 'max';
      readonly mode: 'fast' | 'slow';
      readonly causal: boolean;
      readonly name: string;
    }>();
    // Over plain specs it is a record of any parsed value.
    expectTypeOf<ParamsOf<readonly ParamSpec[]>>().toEqualTypeOf<{ readonly [x: string]: ParamValue }>();
  });

  it('parseParams returns the typed object', () => {
    const parsed = parseParams(SPECS, { count: '3', batch: 'max', mode: 'slow', causal: 'true' }, 'test');
    expectTypeOf(parsed).toEqualTypeOf<ParamsOf<typeof SPECS>>();
    expect(parsed).toEqual({
      count: 3,
      size: 1024,
      rate: 1,
      batch: 'max',
      mode: 'slow',
      causal: true,
      name: 'x',
    });
  });

  it("the kernel workloads' params come from their specs", () => {
    expectTypeOf<GemmParams>().toEqualTypeOf<{
      readonly m: number;
      readonly n: number;
      readonly k: number;
      readonly dtype: Precision;
      readonly batch: number;
    }>();
    expectTypeOf<StreamParams>().toEqualTypeOf<{
      readonly bytes: number;
      readonly kernel: 'copy' | 'triad';
    }>();
    expectTypeOf<AttentionParams['causal']>().toEqualTypeOf<boolean>();
    expectTypeOf<AttentionParams['dtype']>().toEqualTypeOf<Precision>();
    expectTypeOf<CollectiveParams>().toEqualTypeOf<{
      readonly bytes: number;
      readonly gpusCount: number;
      readonly gpusPerNode: number;
    }>();
    expectTypeOf<HpcFp64Params>().toEqualTypeOf<{ readonly n: number; readonly blockSize: number }>();
    // A typed definition is an AnyWorkload as it is, with no cast.
    expectTypeOf(STREAM_WORKLOAD).toMatchTypeOf<AnyWorkload>();
    expect(BUILT_IN_WORKLOADS).toContain(STREAM_WORKLOAD);
  });
});
