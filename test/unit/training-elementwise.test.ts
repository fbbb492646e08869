/**
 * Training's memory-bound kernels and attention backward, against hand-computed numbers: Llama-3-8B (hidden
 * 4096, 32 layers, 32 query and 8 KV heads of 128, FFN 14336) at TP 2 on 8192 tokens; DeepSeek-V3's MoE
 * permute; the FlashAttention-3 paper's backward figures.
 */
import { describe, expect, it } from 'vitest';
import { attentionBackwardTimeRatio } from '../../src/model/attention-efficiency.ts';
import { presetModelSpec } from '../../src/workloads/llm/models/resolve.ts';
import { forwardPlan } from '../../src/workloads/llm/plan.ts';
import { trainingElementwise } from '../../src/workloads/llm/training-elementwise.ts';

const byLabel = (classes: ReturnType<typeof trainingElementwise>) =>
  Object.fromEntries(classes.map((c) => [c.label, c]));

describe('trainingElementwise', () => {
  const T = 8192;
  const llama = presetModelSpec('llama-3-8b');

  it('bf16 llama-3-8b at TP 2: norms, rotary and SwiGLU by hand; no fp8 casts, no permute', () => {
    const c = byLabel(trainingElementwise(forwardPlan(llama, 'bf16', 'bf16', 2), T));
    expect(Object.keys(c)).toEqual(['norms', 'rotary', 'SwiGLU']);
    // Norms: 32 layers x 4096 rows (8192 / TP 2) x 2 norms x 4096; forward 4 B, backward 6 B per element.
    const normElements = 32 * 4096 * 2 * 4096;
    expect(c.norms!.forwardBytes).toBe(4 * normElements);
    expect(c.norms!.backwardBytes).toBe(6 * normElements);
    expect(c.norms!.kernels).toBe(2 * 2 * 32);
    // Rotary: (16 q + 4 k heads per rank) x 128 on all 8192 tokens, 4 B each way, forward and backward.
    const rope = 32 * T * (16 + 4) * 128;
    expect(c.rotary!.forwardBytes).toBe(4 * rope);
    expect(c.rotary!.backwardBytes).toBe(4 * rope);
    // SwiGLU on the gate-up output, 2 x 14336 / TP 2 = 14336 wide: forward 1.5 x 2 B, backward 2.5 x 2 B.
    const n = 14336;
    expect(c.SwiGLU!.forwardBytes).toBe(32 * T * n * 3);
    expect(c.SwiGLU!.backwardBytes).toBe(32 * T * n * 5);
    expect(c.SwiGLU!.readFraction).toBeCloseTo(2.5 / 4, 12);
  });

  it('fp8 GEMMs add a cast of each input forward and three casts backward: 3 x (2k + 2n) bytes a row', () => {
    const c = byLabel(trainingElementwise(forwardPlan(llama, 'fp8', 'bf16', 1), T));
    // TP 1 per layer: qkv 4096 -> 6144, o 4096 -> 4096, gate-up 4096 -> 28672, down 14336 -> 4096.
    const kn = [
      [4096, 6144],
      [4096, 4096],
      [4096, 28672],
      [14336, 4096],
    ];
    const fwd = kn.reduce((s, [k]) => s + 3 * T * k!, 0) * 32;
    const bwd = kn.reduce((s, [k, n]) => s + 3 * T * (k! + 2 * n!), 0) * 32;
    expect(c['fp8 casts']!.forwardBytes).toBe(fwd);
    expect(c['fp8 casts']!.backwardBytes).toBe(bwd);
    expect(c['fp8 casts']!.kernels).toBe(4 * 4 * 32);
  });

  it('deepseek-v3 at EP 64: the permute moves 3 hidden rows per routed pair and 1 per token, in 58 MoE layers', () => {
    const spec = presetModelSpec('deepseek-v3');
    const c = byLabel(trainingElementwise(forwardPlan(spec, 'fp8', 'bf16', 1, 64), 4096));
    const permute = c['MoE permute']!;
    expect(permute.layers).toBe(58);
    // 8 experts per token: 4096 x 8 routed rows per layer; each of 7168 bf16 elements.
    const perLayer = 2 * 7168 * (3 * 4096 * 8 + 4096);
    expect(permute.forwardBytes).toBe(58 * perLayer);
    expect(permute.backwardBytes).toBe(58 * perLayer);
    expect(permute.readFraction).toBeCloseTo((2 * 8) / (3 * 8 + 1), 12);
  });
});

describe('attentionBackwardTimeRatio', () => {
  it('is 2.5 x forward rate / backward rate at the published sequence lengths', () => {
    expect(attentionBackwardTimeRatio('fa3', 4096)).toBeCloseTo((2.5 * 638) / 542, 12);
    expect(attentionBackwardTimeRatio('fa2', 1024)).toBeCloseTo((2.5 * 350) / 260, 12);
    // Inference kernels take FA3's figures.
    expect(attentionBackwardTimeRatio('flashmla', 4096)).toBe(attentionBackwardTimeRatio('fa3', 4096));
  });

  it('interpolates in log2(seq) between figures and holds the ends', () => {
    const mid = attentionBackwardTimeRatio('fa3', Math.sqrt(4096 * 8192));
    const a = (2.5 * 638) / 542;
    const b = (2.5 * 646) / 559;
    expect(mid).toBeCloseTo((a + b) / 2, 9);
    expect(attentionBackwardTimeRatio('fa3', 64)).toBeCloseTo((2.5 * 467) / 316, 12);
    expect(attentionBackwardTimeRatio('fa3', 1 << 20)).toBeCloseTo((2.5 * 648) / 561, 12);
  });

  it('never falls as the sequence shortens (the backward is relatively slower at short sequences)', () => {
    for (const kernel of ['fa2', 'fa3'] as const) {
      let last = Number.POSITIVE_INFINITY;
      for (let s = 256; s <= 65536; s *= 1.5) {
        const r = attentionBackwardTimeRatio(kernel, s);
        expect(r).toBeLessThanOrEqual(last + 1e-12);
        expect(r).toBeGreaterThan(2.5);
        last = r;
      }
    }
  });
});
