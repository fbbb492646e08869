import { describe, expect, it } from 'vitest';
import { BUILT_IN_GPUS } from '../../src/hardware/catalog.ts';
import type { GpuSpec } from '../../src/hardware/types.ts';
import type { Estimate } from '../../src/model/estimate.ts';
import {
  flopsPerToken,
  kvBytesPerToken,
  kvBytesPerTokenPerLayer,
  modelWeightBytes,
} from '../../src/workloads/llm/models/costs.ts';
import { presetModelSpec } from '../../src/workloads/llm/models/resolve.ts';
import { forwardPlan } from '../../src/workloads/llm/plan.ts';
import { estimateLlmDecode, estimateLlmPrefill } from '../../src/workloads/llm/prefill-decode.ts';

// Llama-3-8B by hand: hidden 4096, 32 layers, 32 query heads and 8 KV heads of 128, FFN 14336, vocab 128256.
// Per layer: q 16,777,216 + k 4,194,304 + v 4,194,304 + o 16,777,216 + gate/up/down 176,160,768 = 218,103,808
// matrix params, plus 2 x 4096 norm weights = 218,112,000. LM head 525,336,576 (untied). Final norm 4096.
const spec = presetModelSpec('llama-3-8b');
/** One TP group (the layout parameters at their defaults) and no prefill `tokens`. */
const NO_LAYOUT = {
  ep: 1,
  pp: 1,
  dp: 1,
  numGpus: 0,
  nodes: 0,
  tokens: 0,
  twoBatchOverlap: 'off',
  attentionKernel: 'auto',
} as const;
const NO_MTP = { mtp: 'off', mtpAcceptance: 0.85 } as const;

describe('llama-3-8b golden numbers', () => {
  it('KV cache: 2 x 8 heads x 128 = 2048 elements per token and layer', () => {
    expect(spec.kvElementsPerTokenPerLayer).toBe(2048);
    expect(kvBytesPerTokenPerLayer(spec, 'bf16')).toBe(4096);
    expect(kvBytesPerToken(spec, 'bf16')).toBe(131_072); // 128 KiB per token
    expect(kvBytesPerToken(spec, 'fp8')).toBe(65_536);
  });

  it('weights stored: bf16 16.06 GB; fp8 and int4 shrink the layers but not embedding and head', () => {
    expect(modelWeightBytes(spec, 'bf16')).toBe(2 * 8_030_261_248);
    // Layers: 32 x (218,103,808 x b + 8192 x 2); embedding + head + norm at 2 bytes.
    const fixed = 32 * 8192 * 2 + (2 * 525_336_576 + 4096) * 2;
    expect(modelWeightBytes(spec, 'fp8')).toBe(32 * 218_103_808 + fixed);
    expect(modelWeightBytes(spec, 'int4')).toBe(32 * 218_103_808 * 0.5 + fixed);
  });

  // The evaluator's own breakdown (what every LLM estimate is built from), row by row, on H100 at TP 1.
  const rowsOf = (e: Estimate) => Object.fromEntries(e.breakdown.map((r) => [r.op, [r.flops, r.bytes]]));
  const h100 = BUILT_IN_GPUS.find((g) => g.id === 'h100-sxm') as GpuSpec;
  const llama = {
    model: 'llama-3-8b',
    modelConfig: '',
    weightDtype: 'bf16',
    kvDtype: 'bf16',
    tp: 1,
    gpusPerNode: 8,
    ...NO_LAYOUT,
  } as const;

  it('one decode step at batch 1, context 4096, bf16: every row by hand', () => {
    const rows = rowsOf(estimateLlmDecode(h100, { ...llama, ...NO_MTP, batch: 1, context: 4096 }));
    // Weight GEMMs, 32 layers: flops 2 x k x n; bytes = weights k x n x 2 + activations (k + n) x 2.
    expect(rows['qkv-proj x32']).toEqual([32 * 2 * 4096 * 6144, 32 * (4096 * 6144 * 2 + (4096 + 6144) * 2)]);
    expect(rows['o-proj x32']).toEqual([32 * 2 * 4096 * 4096, 32 * (4096 * 4096 * 2 + (4096 + 4096) * 2)]);
    expect(rows['gate-up-proj x32']).toEqual([
      32 * 2 * 4096 * 28_672,
      32 * (4096 * 28_672 * 2 + (4096 + 28_672) * 2),
    ]);
    expect(rows['down-proj x32']).toEqual([
      32 * 2 * 14_336 * 4096,
      32 * (14_336 * 4096 * 2 + (14_336 + 4096) * 2),
    ]);
    // The four add up to 2 x 32 x 218,103,808 matrix params = 13,958,643,712 flops.
    // Attention per layer: 4 x 32 heads x 128 x 4097 keys flops; reads 4096 cached tokens x 4096 B of KV,
    // writes the new token's 4096 B, and q in / o out: 2 x 32 x 128 x 2 B.
    expect(rows['decode attention x32']).toEqual([
      2_148_007_936,
      32 * (4096 * 4096 + 4096 + 2 * 32 * 128 * 2),
    ]);
    // LM head: 128,256 x 4096 bf16 weights read, the hidden state in, fp32 logits out.
    expect(rows['lm-head']).toEqual([2 * 4096 * 128_256, 128_256 * 4096 * 2 + 4096 * 2 + 128_256 * 4]);
  });

  it('batch 8 at context 1024: weights once, KV and flops eight times', () => {
    const one = rowsOf(estimateLlmDecode(h100, { ...llama, ...NO_MTP, batch: 1, context: 1024 }));
    const eight = rowsOf(estimateLlmDecode(h100, { ...llama, ...NO_MTP, batch: 8, context: 1024 }));
    const weights = 32 * 4096 * 6144 * 2;
    const qkv = (b: number) => [b * 32 * 2 * 4096 * 6144, weights + b * 32 * (4096 + 6144) * 2];
    expect([one['qkv-proj x32'], eight['qkv-proj x32']]).toEqual([qkv(1), qkv(8)]);
    const [flops1, bytes1] = one['decode attention x32'] as number[];
    expect(eight['decode attention x32']).toEqual([8 * (flops1 as number), 8 * (bytes1 as number)]);
  });

  it('prefill of 2048 tokens: causal attention over 2048 x 2049 / 2 pairs, logits for the last token', () => {
    const rows = rowsOf(estimateLlmPrefill(h100, { ...llama, batch: 1, inputLen: 2048, context: 0 }));
    expect(rows['qkv-proj x32']?.[0]).toBe(2048 * 32 * 2 * 4096 * 6144);
    expect(rows['prefill attention x32']?.[0]).toBe(((2048 * 2049) / 2) * 16_384 * 32);
    // Prefill reads back the KV it writes: 2 x 2048 tokens x 4096 B per layer, plus q in and o out.
    expect(rows['prefill attention x32']?.[1]).toBe(32 * (2 * 2048 * 4096 + 2 * 2048 * 32 * 128 * 2));
    expect(rows['lm-head']?.[0]).toBe(2 * 4096 * 128_256);
  });

  it('flops per token by op add up', () => {
    const f = flopsPerToken(spec, 4097, 'decode');
    expect(f.attentionProj).toBe(32 * 2 * 41_943_040);
    expect(f.ffn).toBe(32 * 2 * 176_160_768);
    expect(f.lmHead).toBe(2 * 4096 * 128_256);
    expect(f.attentionCore).toBe(2_148_007_936);
    expect(f.total).toBe(15_009_316_864 + 2_148_007_936);
  });
});

describe('one weight formula', () => {
  it.each(['llama-3-8b', 'llama-3-70b', 'qwen3-8b', 'mixtral-8x7b', 'qwen3-30b-a3b', 'deepseek-v3'])(
    '%s: modelWeightBytes equals the plan weights of one GPU at TP 1, in every dtype',
    (id) => {
      const s = presetModelSpec(id);
      for (const dtype of ['bf16', 'fp8', 'int4'] as const) {
        const plan = forwardPlan(s, dtype, 'bf16', 1);
        expect(plan.weightBytesPerGpu).toBeCloseTo(modelWeightBytes(s, dtype), 0);
      }
    },
  );
});

describe('deepseek-v3 MLA and MoE costs', () => {
  const ds = presetModelSpec('deepseek-v3');
  const h200 = BUILT_IN_GPUS.find((g) => g.id === 'h200-sxm') as GpuSpec;
  const ds3 = {
    model: 'deepseek-v3',
    modelConfig: '',
    weightDtype: 'fp8',
    kvDtype: 'fp8',
    tp: 1,
    gpusPerNode: 8,
    ...NO_LAYOUT,
    context: 0,
  } as const;

  it('caches the 512-wide latent plus the 64-wide rope key: 576 elements per token and layer', () => {
    expect(ds.attention.kind).toBe('mla');
    expect(kvBytesPerTokenPerLayer(ds, 'bf16')).toBe(1152);
    expect(kvBytesPerToken(ds, 'bf16')).toBe(61 * 1152);
  });

  it('decodes with absorbed attention: 2 x 128 heads x (576 + 512) flops per key and layer', () => {
    expect(ds.attentionFlopsPerQueryKeyPerLayer).toEqual({
      prefill: 2 * 128 * (192 + 128),
      decode: 2 * 128 * (576 + 512),
    });
  });

  it('batch 1 reads the 8 routed + 1 shared experts of each MoE layer, not all 256', () => {
    const weightsRead = (batch: number) => {
      const e = estimateLlmDecode(h200, { ...ds3, ...NO_MTP, batch });
      return e.breakdown.filter((r) => r.op.includes('proj')).reduce((t, r) => t + r.bytes, 0);
    };
    expect(weightsRead(1)).toBeLessThan(40e9);
    expect(weightsRead(4096)).toBeGreaterThan(650e9);
  });
});
