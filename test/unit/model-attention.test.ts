import { describe, expect, it } from 'vitest';
import { COMPUTE_FIT, estimateWorkload } from '../../src/index.ts';
import { attentionCost } from '../../src/workloads/kernels/attention.ts';

const launchMs = COMPUTE_FIT.launchLatencySec * 1e3;

describe('attention as one GEMM-shaped op with the fused kernel work', () => {
  it('the shape carries the op flops (QK^T and PV), whatever the head dim, GQA group or mask', () => {
    for (const headDim of [64, 128, 256]) {
      for (const [heads, kvHeads, causal] of [
        [32, 8, true],
        [16, 16, false],
      ] as const) {
        const c = attentionCost({
          batch: 2,
          heads,
          kvHeads,
          headDim,
          qLen: 1024,
          kvLen: 3000,
          dtype: 'bf16',
          causal,
        });
        const s = c.shape!;
        expect(2 * s.m * s.n * s.k * s.batch).toBeCloseTo(c.flops, 0);
        expect(s.n).toBe(128);
        expect(s.m).toBe(1024 * (heads / kvHeads));
      }
    }
  });

  it('GQA prefill 4096 x 4096 on H100 SXM (bf16, not causal): hand-computed, compute-bound', () => {
    const e = estimateWorkload({
      workload: 'attention',
      gpu: 'h100',
      params: { batch: 1, heads: 32, kvHeads: 8, qLen: 4096, kvLen: 4096 },
    });
    const flops = 4 * 32 * 4096 * 4096 * 128; // 274.9 GFLOP
    // m = 4096 x 4 = 16384 rows: 128 tiles per KV head x 8 = 1024 tiles on 132 SMs, 8 waves (1024/1056);
    // K loop 2 x 4096 x 128 / 128 = 8192, so kt/(kt + 450) = 8192/8642.
    const eta = 0.8825 * (8192 / 8642) * (1024 / 1056);
    const expectedMs = (flops / (989.4e12 * eta)) * 1e3 + launchMs;
    expect(e.metrics.timeMs).toBeCloseTo(expectedMs, 9);
    expect(expectedMs).toBeCloseTo(0.34668, 4);
    expect(e.bound).toBe('compute');
  });

  it('batch-8 GQA decode over 8k keys is memory-bound on H100 and H20', () => {
    for (const gpu of ['h100', 'h20']) {
      const e = estimateWorkload({
        workload: 'attention',
        gpu,
        params: { batch: 8, heads: 32, kvHeads: 8, qLen: 1, kvLen: 8192 },
      });
      expect(e.bound).toBe('memory');
    }
  });
});
