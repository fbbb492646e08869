/**
 * The model's one roofline formula, one collective formula and one estimate assembly, against numbers worked
 * out by hand, and the caches that must hit for structured clones of a GPU (sweep workers).
 */
import { describe, expect, it } from 'vitest';
import { BUILT_IN_GPUS } from '../../src/hardware/catalog.ts';
import { capacityCheck } from '../../src/model/capacity.ts';
import {
  type CollectiveFit,
  type CollectiveLink,
  collectiveTime,
  collectiveTimeRange,
} from '../../src/model/collectives.ts';
import {
  addBreakdownRow,
  assembleFromBreakdown,
  assembleOneOp,
  type EstimateHeader,
  newBreakdown,
} from '../../src/model/estimate.ts';
import { gpuResources } from '../../src/model/resources.ts';
import {
  type OpResources,
  type OpTimeRangeOut,
  opTime,
  opTimeRange,
  opTimeRangeInto,
  opTimeSec,
} from '../../src/model/roofline.ts';
import type { OpCost, Scenario } from '../../src/model/types.ts';
import { resourceAssumptions } from '../../src/workloads/common.ts';
import { assembleEstimate } from '../oracle/assemble.ts';

const res: OpResources = {
  peakOpsPerSec: 1e15,
  memoryBytesPerSec: 2e12,
  smCount: null,
  curve: { etaMax: 0.8, kHalf: 100 },
  memoryLine: { intercept: 0.7, slope: 0.2 },
  launchLatencySec: 2e-6,
  computeScale: 1,
  memoryScale: 1,
};
const op = (flops: number, bytes: number, precision: OpCost['precision'] = 'bf16'): OpCost => ({
  op: 'x',
  flops,
  bytes,
  readFraction: 0.5,
  precision,
  shape: null,
});

describe('the roofline core', () => {
  it('takes the slower of compute and memory, plus the launch', () => {
    // compute 1e12 / (1e15 x 0.8) = 1.25 ms; memory 1e9 / (2e12 x (0.7 + 0.2 x 0.5)) = 0.625 ms.
    const t = opTime(op(1e12, 1e9), res);
    expect(t.timeSec).toBeCloseTo(1.25e-3 + 2e-6, 15);
    expect(t.bound).toBe('compute');
    // memory 4e9 / 1.6e12 = 2.5 ms.
    const m = opTime(op(1e12, 4e9), res);
    expect(m.timeSec).toBeCloseTo(2.5e-3 + 2e-6, 15);
    expect(m.bound).toBe('memory');
  });

  it('does not time the flops of an op without a precision; an empty op costs the launch', () => {
    const dataOnly = opTime(op(1e15, 1e9, null), res);
    expect(dataOnly.timeSec).toBeCloseTo(0.625e-3 + 2e-6, 15);
    expect(dataOnly.bound).toBe('memory');
    expect(opTime(op(0, 0), res)).toMatchObject({ timeSec: 2e-6, bound: 'memory' });
  });

  it('clamps eta_c at 1 and eta_m to [0.05, 1]', () => {
    expect(opTimeSec(op(1e12, 0), { ...res, computeScale: 2 })).toBeCloseTo(1e-3 + 2e-6, 15);
    expect(opTimeSec(op(0, 1e9), { ...res, memoryScale: 2 })).toBeCloseTo(0.5e-3 + 2e-6, 15);
    expect(opTimeSec(op(0, 1e9), { ...res, memoryScale: 0.01 })).toBeCloseTo(1e-2 + 2e-6, 15);
  });

  it('every view gives the same numbers, bit for bit, in every scenario', () => {
    const out: OpTimeRangeOut = { nominalSec: 0, optimisticSec: 0, pessimisticSec: 0, bound: 'memory' };
    for (const gpu of BUILT_IN_GPUS.filter((g) => (g.peakDenseOpsPerSec.bf16.value ?? 0) > 0)) {
      const byScenario = gpuResources(gpu, 'bf16').byScenario;
      for (const m of [1, 8, 100, 4096]) {
        const cost: OpCost = {
          ...op(2 * m * 4096 * 4096, m * 4096 * 2 + 4096 * 4096 * 2),
          shape: { m, n: 4096, k: 4096, batch: 1 },
        };
        opTimeRangeInto(cost, byScenario, out);
        const range = opTimeRange(cost, byScenario);
        const ends: Record<Scenario, number> = {
          nominal: out.nominalSec,
          optimistic: out.optimisticSec,
          pessimistic: out.pessimisticSec,
        };
        for (const scenario of ['nominal', 'optimistic', 'pessimistic'] as const) {
          expect(opTime(cost, byScenario[scenario]).timeSec).toBe(ends[scenario]);
          expect(opTimeSec(cost, byScenario[scenario])).toBe(ends[scenario]);
        }
        expect(range.nominal).toEqual(opTime(cost, byScenario.nominal));
        expect(out.bound).toBe(range.nominal.bound);
        expect([range.optimisticSec, range.pessimisticSec]).toEqual([out.optimisticSec, out.pessimisticSec]);
      }
    }
  });
});

describe('the collective core', () => {
  // Ramp S / (S + 1 MB): 0.5 at 1 MB, so the effective rate there is 100 GB/s x 0.8 x 0.5 = 40 GB/s.
  const fit: CollectiveFit = {
    epsilon: { nvls: 0.8, ring: 0.8, bridge: 0.8, nic: 0.8 },
    rampExponent: 1,
    rampHalfBytes: 1e6,
  };
  const link: CollectiveLink = {
    linkClass: 'ring',
    bandwidthBytesPerSec: 100e9,
    hopLatencySec: 5e-6,
    inSwitchReduction: false,
  };

  it('all-reduce takes the faster of ring and tree', () => {
    // ring 2 x 7 x 5 us + 1.75 MB / 40 GB/s = 113.75 us; tree 2 x 3 x 5 us + 2 MB / 40 GB/s = 80 us.
    const small = collectiveTime('all-reduce', 1e6, 8, link, fit);
    expect(small.algorithm).toBe('tree');
    expect(small.timeSec).toBeCloseTo(80e-6, 15);
    expect(small.busBytes).toBe(1.75e6);
    expect(small.busBandwidthBytesPerSec).toBeCloseTo(1.75e6 / 80e-6, 3);
    // 100 MB: rate 80 GB/s x 100/101; ring 70 us + 2209.375 us < tree 30 us + 2525 us.
    const large = collectiveTime('all-reduce', 1e8, 8, link, fit);
    expect(large.algorithm).toBe('ring');
    expect(large.timeSec).toBeCloseTo(70e-6 + 1.75e8 / (80e9 * (100 / 101)), 15);
  });

  it('NVLS, all-gather and all-to-all', () => {
    const nvls = collectiveTime('all-reduce', 1e6, 8, { ...link, inSwitchReduction: true }, fit);
    expect(nvls).toMatchObject({ algorithm: 'nvls' });
    expect(nvls.timeSec).toBeCloseTo(30e-6 + 43.75e-6, 15);
    const gather = collectiveTime('all-gather', 1e6, 8, link, fit);
    expect(gather).toMatchObject({ algorithm: 'ring' });
    expect(gather.timeSec).toBeCloseTo(35e-6 + 21.875e-6, 15);
    const a2a = collectiveTime('all-to-all', 1e6, 8, link, fit);
    expect(a2a).toMatchObject({ algorithm: 'pairwise' });
    expect(a2a.timeSec).toBeCloseTo(10e-6 + 21.875e-6, 15);
  });

  it('the range view equals the single view at each scale, bit for bit', () => {
    for (const kind of ['all-reduce', 'all-gather', 'reduce-scatter', 'all-to-all'] as const) {
      for (const bytes of [1e3, 1e6, 3e7, 1e9]) {
        const range = collectiveTimeRange(kind, bytes, 16, link, fit, 1.2, 0.7);
        expect(range.nominal).toEqual(collectiveTime(kind, bytes, 16, link, fit));
        expect(range.optimisticSec).toBe(collectiveTime(kind, bytes, 16, link, fit, 1.2).timeSec);
        expect(range.pessimisticSec).toBe(collectiveTime(kind, bytes, 16, link, fit, 0.7).timeSec);
      }
    }
  });
});

describe('estimate assembly', () => {
  const gpu = BUILT_IN_GPUS[0]!;
  const header: EstimateHeader = {
    gpu: gpu.id,
    workload: 'test',
    params: {},
    throughputMetric: 'tflops',
    capacity: capacityCheck(gpu, 1),
    confidence: 'calibrated',
    assumptions: ['a'],
  };

  it('warnings default to none and pass through, before the assumptions', () => {
    const rows = newBreakdown();
    addBreakdownRow(rows, 'x', 1, 2, 1e-3, 'memory');
    const plain = assembleFromBreakdown(header, rows, {}, 1e-3, 1e-3);
    expect(plain.warnings).toEqual([]);
    const warned = assembleFromBreakdown({ ...header, warnings: ['w'] }, rows, {}, 1e-3, 1e-3);
    expect(warned.warnings).toEqual(['w']);
    const keys = Object.keys(warned);
    expect(keys.indexOf('warnings')).toBe(keys.indexOf('assumptions') - 1);
  });

  it('a one-op estimate equals the three-scenario evaluation of its op', () => {
    const byScenario = gpuResources(gpu, 'bf16').byScenario;
    const cost: OpCost = {
      ...op(2 * 512 ** 3, 3 * 512 * 512 * 2),
      shape: { m: 512, n: 512, k: 512, batch: 1 },
    };
    const fast = assembleOneOp(header, cost, byScenario, (sec) => ({ tflops: cost.flops / sec / 1e12 }));
    const slow = assembleEstimate({
      ...header,
      evaluate: (scenario) => {
        const t = opTime(cost, byScenario[scenario]);
        return { ops: [t], metrics: { tflops: cost.flops / t.timeSec / 1e12 } };
      },
    });
    expect(fast).toEqual(slow);
    expect(fast.range.low).toBe(opTime(cost, byScenario.optimistic).timeSec * 1e3);
  });
});

describe('caches hit for structured clones of a GPU', () => {
  const gpu = BUILT_IN_GPUS.find((g) => g.id === 'h100-sxm')!;

  it('resources and their assumption lines', () => {
    const clone = structuredClone(gpu);
    const res = gpuResources(gpu, 'bf16');
    expect(gpuResources(clone, 'bf16')).toBe(res);
    expect(gpuResources(clone, 'fp8')).not.toBe(res);
    expect(resourceAssumptions(clone, gpuResources(clone, 'bf16'), true)).toBe(
      resourceAssumptions(gpu, res, true),
    );
  });

  it('but not for a GPU whose figures differ', () => {
    const faster = structuredClone(gpu);
    const bandwidth = faster.memoryBandwidthBytesPerSec as { value: number | null };
    bandwidth.value = 2 * (gpu.memoryBandwidthBytesPerSec.value ?? 0);
    const res = gpuResources(faster, 'bf16');
    expect(res).not.toBe(gpuResources(gpu, 'bf16'));
    expect(res.byScenario.nominal.memoryBytesPerSec).toBe(bandwidth.value);
    expect(resourceAssumptions(faster, res, false)).not.toEqual(
      resourceAssumptions(gpu, gpuResources(gpu, 'bf16'), false),
    );
  });
});
