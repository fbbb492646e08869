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
          attentionKernel: 'auto',
        });
        const s = c.shape!;
        expect(2 * s.m * s.n * s.k * s.batch).toBeCloseTo(c.flops, 0);
        expect(s.n).toBe(128);
        expect(s.m).toBe(1024 * (heads / kvHeads));
      }
    }
  });

  it('GQA prefill 4096 x 4096 on H100 SXM (bf16, not causal): hand-computed on FA3, compute-bound', () => {
    const e = estimateWorkload({
      workload: 'attention',
      gpu: 'h100',
      params: { batch: 1, heads: 32, kvHeads: 8, qLen: 4096, kvLen: 4096 },
    });
    const flops = 4 * 32 * 4096 * 4096 * 128; // 274.9 GFLOP
    // auto on Hopper: FA3. E = 1 / (1 + (989.4e12 / 132) / (512 x 2.879e10)) = 0.66291; 32 heads x 32 query
    // tiles = 1024 blocks on 132 SMs (1024/1056); non-causal half-point 199 keys: 4096/4295.
    const eta = (1 / (1 + 989.4e12 / 132 / (512 * 2.879e10))) * (4096 / 4295) * (1024 / 1056);
    const expectedMs = (flops / (989.4e12 * eta)) * 1e3 + launchMs;
    expect(e.metrics.timeMs).toBeCloseTo(expectedMs, 9);
    expect(expectedMs).toBeCloseTo(0.45739, 4); // 0.3467 ms on the GEMM curve before
    expect(e.bound).toBe('compute');
    expect(e.assumptions.join('\n')).toMatch(
      /prefill attention: FlashAttention-3 kernel at 61% of dense peak/,
    );
  });

  it('--attention-kernel fa2 on H100 prefill is slower than auto (FA3); fa3 on A100 is refused', () => {
    const at = (gpu: string, attentionKernel: string) =>
      estimateWorkload({
        workload: 'attention',
        gpu,
        params: { heads: 32, kvHeads: 8, qLen: 4096, kvLen: 4096, causal: true, attentionKernel },
      });
    expect(at('h100', 'fa2').metrics.timeMs!).toBeGreaterThan(at('h100', 'auto').metrics.timeMs!);
    expect(() => at('a100', 'fa3')).toThrow(/attentionKernel|attention-kernel/);
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
