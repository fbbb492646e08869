import { describe, expect, it } from 'vitest';
import {
  flopsPerToken,
  kvBytesPerToken,
  kvBytesPerTokenPerLayer,
  modelWeightBytes,
} from '../../src/workloads/llm/models/costs.ts';
import { presetModelSpec } from '../../src/workloads/llm/models/resolve.ts';
import { decodeStepCost, prefillCost } from '../../src/workloads/llm/models/step-cost.ts';

// Llama-3-8B by hand: hidden 4096, 32 layers, 32 query heads and 8 KV heads of 128, FFN 14336, vocab 128256.
// Per layer: q 16,777,216 + k 4,194,304 + v 4,194,304 + o 16,777,216 + gate/up/down 176,160,768 = 218,103,808
// matrix params, plus 2 x 4096 norm weights = 218,112,000. LM head 525,336,576 (untied). Final norm 4096.
const spec = presetModelSpec('llama-3-8b');

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

  it('one decode step at batch 1, context 4096, bf16: 15.55 GB read', () => {
    const step = decodeStepCost(spec, {
      batch: 1,
      contextTokens: 4096,
      weightDtype: 'bf16',
      kvDtype: 'bf16',
    });
    // 32 layers x 218,112,000 x 2 + (LM head 525,336,576 + final norm 4096) x 2 = 15,009,849,344.
    expect(step.weightBytes).toBe(15_009_849_344);
    expect(step.embeddingBytes).toBe(8192); // one row of 4096 at 2 bytes
    expect(step.kvReadBytes).toBe(4096 * 131_072); // 536,870,912
    expect(step.kvWriteBytes).toBe(131_072);
    expect(step.totalBytes).toBe(15_546_859_520);
    // 2 x (32 x 218,103,808 + 525,336,576) = 15,009,316,864.
    expect(step.linearFlops).toBe(15_009_316_864);
    // 4 x 32 heads x 128 x 4097 keys x 32 layers.
    expect(step.attentionFlops).toBe(2_148_007_936);
  });

  it('batch 8 at context 1024: weights once, KV and flops eight times', () => {
    const one = decodeStepCost(spec, { batch: 1, contextTokens: 1024, weightDtype: 'bf16', kvDtype: 'bf16' });
    const eight = decodeStepCost(spec, {
      batch: 8,
      contextTokens: 1024,
      weightDtype: 'bf16',
      kvDtype: 'bf16',
    });
    expect(eight.weightBytes).toBe(one.weightBytes);
    expect(eight.kvReadBytes).toBe(8 * one.kvReadBytes);
    expect(eight.totalFlops).toBe(8 * one.totalFlops);
  });

  it('flops per token by op add up', () => {
    const f = flopsPerToken(spec, 4097, 'decode');
    expect(f.attentionProj).toBe(32 * 2 * 41_943_040);
    expect(f.ffn).toBe(32 * 2 * 176_160_768);
    expect(f.lmHead).toBe(2 * 4096 * 128_256);
    expect(f.attentionCore).toBe(2_148_007_936);
    expect(f.total).toBe(15_009_316_864 + 2_148_007_936);
  });

  it('prefill of 2048 tokens: causal attention over 2048 x 2049 / 2 pairs', () => {
    const p = prefillCost(spec, { tokens: 2048, weightDtype: 'bf16', kvDtype: 'bf16' });
    expect(p.linearFlops).toBe(2048 * 15_009_316_864);
    expect(p.attentionFlops).toBe(((2048 * 2049) / 2) * 16_384 * 32);
    expect(p.kvWriteBytes).toBe(2048 * 131_072);
    expect(p.weightBytes).toBe(15_009_849_344);
  });
});

describe('deepseek-v3 MLA and MoE costs', () => {
  const ds = presetModelSpec('deepseek-v3');

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
    const step = decodeStepCost(ds, { batch: 1, contextTokens: 0, weightDtype: 'fp8', kvDtype: 'fp8' });
    const big = decodeStepCost(ds, { batch: 4096, contextTokens: 0, weightDtype: 'fp8', kvDtype: 'fp8' });
    expect(step.weightBytes).toBeLessThan(40e9);
    expect(big.weightBytes).toBeGreaterThan(650e9);
  });
});
