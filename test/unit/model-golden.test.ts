import { describe, expect, it } from 'vitest';
import {
  BUILT_IN_GPUS,
  COLLECTIVE_FIT,
  COMPUTE_FIT,
  createCatalog,
  estimateWorkload,
  gemmCost,
  MEMORY_FIT,
  rooflineLowerBoundSec,
  WORKLOADS,
} from '../../src/index.ts';

const catalog = createCatalog(BUILT_IN_GPUS);
const launchMs = COMPUTE_FIT.launchLatencySec * 1e3;

describe('golden numbers, computed by hand from the documented formulas', () => {
  it('GEMM 8192^3 bf16 on H100 SXM: compute-bound, above its roofline', () => {
    const e = estimateWorkload({ workload: 'gemm', gpu: 'h100', params: { m: 8192, n: 8192, k: 8192 } });
    const flops = 2 * 8192 ** 3; // 1.0995e12
    const peak = 989.4e12; // catalog bf16 dense
    // 64 x 64 = 4096 tiles of 128x128 on 132 SMs: 32 waves, 4096/4224 useful; kt/(kt+450) = 8192/8642.
    const eta = 0.8825 * (8192 / 8642) * (4096 / 4224);
    const expectedMs = (flops / (peak * eta)) * 1e3 + launchMs;
    expect(e.metrics.timeMs).toBeCloseTo(expectedMs, 9);
    expect(expectedMs).toBeCloseTo(1.37416, 4);
    expect(e.metrics.tflops).toBeCloseTo(flops / (expectedMs / 1e3) / 1e12, 6);
    expect(e.bound).toBe('compute');
    expect(e.fits).toBe(true);
    const rooflineMs = (flops / peak) * 1e3; // 1.1113 ms
    expect(e.metrics.timeMs!).toBeGreaterThan(rooflineMs);
    expect(e.range.low!).toBeLessThan(e.metrics.timeMs!);
    expect(e.range.high!).toBeGreaterThan(e.metrics.timeMs!);
    expect(e.confidence).toBe('calibrated');
  });

  it('stream triad of 1 GB arrays on H100 SXM: memory-bound', () => {
    const e = estimateWorkload({
      workload: 'stream',
      gpu: 'h100',
      params: { bytes: '1GB', kernel: 'triad' },
    });
    const etaM = MEMORY_FIT.intercept + MEMORY_FIT.slope * (2 / 3); // 0.878
    const expectedMs = (3e9 / (3.35e12 * etaM)) * 1e3 + launchMs; // 1.0240 ms
    expect(e.metrics.timeMs).toBeCloseTo(expectedMs, 9);
    expect(expectedMs).toBeCloseTo(1.02396, 4);
    expect(e.metrics.bandwidthGBps).toBeCloseTo(3e9 / (expectedMs / 1e3) / 1e9, 6);
    expect(e.bound).toBe('memory');
  });

  it('decode-shaped FP8 GEMM (64 x 2112 x 7168) on H800 is memory-bound', () => {
    const e = estimateWorkload({
      workload: 'gemm',
      gpu: 'h800',
      params: { m: 64, n: 2112, k: 7168, dtype: 'fp8' },
    });
    expect(e.bound).toBe('memory');
    const cost = gemmCost(64, 2112, 7168, 'fp8');
    const etaM = MEMORY_FIT.intercept + MEMORY_FIT.slope * cost.readFraction;
    expect(e.metrics.timeMs).toBeCloseTo((cost.bytes / (3352e9 * etaM)) * 1e3 + launchMs, 9);
  });

  it('8-GPU all-reduce of 1 GB on H100 (NVLS) and H800, by the alpha-beta formula', () => {
    const ramp = (s: number) => {
      const x = (s / COLLECTIVE_FIT.rampHalfBytes) ** COLLECTIVE_FIT.rampExponent;
      return x / (1 + x);
    };
    const busBytes = ((2 * 7) / 8) * 1e9;
    const alpha = 6 * 3.33e-6; // NVLS: 2 ceil(log2 8) hops
    for (const [gpu, oneWay] of [
      ['h100', 450e9],
      ['h800', 200e9],
    ] as const) {
      const e = estimateWorkload({ workload: 'allreduce', gpu, params: { bytes: '1GB', gpusCount: 8 } });
      const t = alpha + busBytes / (oneWay * COLLECTIVE_FIT.epsilon.nvls * ramp(1e9));
      expect(e.metrics.timeMs).toBeCloseTo(t * 1e3, 9);
      expect(e.metrics.busBandwidthGBps).toBeCloseTo(busBytes / t / 1e9, 6);
      expect(e.metrics.algBandwidthGBps).toBeCloseTo(1e9 / t / 1e9, 6);
      expect(e.bound).toBe('interconnect');
    }
  });

  it('a group larger than a node uses the NIC', () => {
    const e = estimateWorkload({
      workload: 'allreduce',
      gpu: 'h800',
      params: { bytes: '1GB', gpusCount: 16 },
    });
    expect(e.assumptions.join('\n')).toMatch(/scale-out NIC, 50 GB\/s/);
    expect(e.metrics.busBandwidthGBps!).toBeLessThan(50);
  });

  it('pure roofline of GEMM 8192^3 bf16 on H100 is 1.111 ms', () => {
    expect(rooflineLowerBoundSec(gemmCost(8192, 8192, 8192, 'bf16'), 989.4e12, 3.35e12) * 1e3).toBeCloseTo(
      1.1113,
      3,
    );
  });

  it('an FP64 solve too large for memory is a result, not a crash', () => {
    const e = WORKLOADS.estimate('hpc-fp64', catalog.get('h100'), { n: 110000 });
    expect(e.fits).toBe(false);
    expect(e.bound).toBe('capacity');
    expect(e.memory.neededBytes).toBe(8 * 110000 ** 2);
    expect(e.metrics.timeMs).toBeNull();
    expect(JSON.stringify(e)).not.toMatch(/NaN|Infinity/);
  });

  it('H800 and H20 FP64 is a fraction of H100 on hpc-fp64', () => {
    const tf = (gpu: string) =>
      estimateWorkload({ workload: 'hpc-fp64', gpu, params: { n: 60000 } }).metrics.tflops!;
    expect(tf('h100')).toBeGreaterThan(30 * tf('h800'));
    expect(tf('h100')).toBeGreaterThan(30 * tf('h20'));
  });
});

describe('bad input is a UserError naming the parameter', () => {
  const bad = (workload: string, gpu: string, params: Record<string, unknown>) => () =>
    estimateWorkload({ workload, gpu, params });
  it('fp8 on A100', () => {
    expect(bad('gemm', 'a100-sxm', { m: 8, n: 8, k: 8, dtype: 'fp8' })).toThrow(
      /^dtype fp8: a100-sxm has no fp8/,
    );
  });
  it('a collective on fewer than 2 GPUs', () => {
    expect(bad('allreduce', 'h100', { bytes: 1e6, gpusCount: 1 })).toThrow(
      /^gpusCount must be an integer >= 2/,
    );
  });
  it('zero and negative sizes, missing dims, unknown workloads', () => {
    expect(bad('gemm', 'h100', { m: 0, n: 8, k: 8 })).toThrow(/^m must be a positive integer/);
    expect(bad('stream', 'h100', { bytes: '-1GB' })).toThrow(/^bytes must be a positive size/);
    expect(bad('gemm', 'h100', { n: 8, k: 8 })).toThrow(/^gemm: m is required/);
    expect(bad('gem', 'h100', {})).toThrow(/unknown workload "gem"; did you mean gemm/);
    expect(bad('attention', 'h100', { heads: 32, kvHeads: 6, qLen: 1, kvLen: 8 })).toThrow(
      /^kvHeads 6 must divide heads 32/,
    );
  });
});
