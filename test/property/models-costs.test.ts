import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_GPUS } from '../../src/hardware/catalog.ts';
import type { GpuSpec } from '../../src/hardware/types.ts';
import { newBreakdown } from '../../src/model/estimate.ts';
import { causalQueryKeyPairs, kvCacheBytes } from '../../src/workloads/llm/models/costs.ts';
import { KV_DTYPES, WEIGHT_DTYPES } from '../../src/workloads/llm/models/dtypes.ts';
import { modelSpecFromHfConfig } from '../../src/workloads/llm/models/hf-config.ts';
import type { ModelSpec } from '../../src/workloads/llm/models/types.ts';
import { resolveLayout } from '../../src/workloads/llm/parallel-layout.ts';
import { evaluatePass, ONCE, zeroTotals } from '../../src/workloads/llm/pass.ts';
import { passSetup } from '../../src/workloads/llm/pass-setup.ts';

const h100 = BUILT_IN_GPUS.find((g) => g.id === 'h100-sxm') as GpuSpec;
const single = { tp: 1, pp: 1, dp: 1, ep: 1, numGpus: 0, nodes: 0, gpusPerNode: 8 };

const dim = fc.integer({ min: 1, max: 64 });

/** Small but structurally varied configs of every family shape: dense GQA, MoE GQA, MLA MoE. */
const config = fc.oneof(
  fc.record({
    model_type: fc.constantFrom('llama', 'qwen2', 'qwen3', 'mistral'),
    kvHeads: fc.integer({ min: 1, max: 8 }),
    groups: fc.integer({ min: 1, max: 8 }),
    headDim: dim,
    num_hidden_layers: fc.integer({ min: 1, max: 96 }),
    intermediate_size: fc.integer({ min: 1, max: 4096 }),
    vocab_size: fc.integer({ min: 1, max: 200_000 }),
    tie_word_embeddings: fc.boolean(),
    sliding_window: fc.option(fc.integer({ min: 1, max: 4096 }), { nil: null }),
  }),
  fc.record({
    model_type: fc.constantFrom('mixtral', 'qwen3_moe'),
    kvHeads: fc.integer({ min: 1, max: 8 }),
    groups: fc.integer({ min: 1, max: 8 }),
    headDim: dim,
    num_hidden_layers: fc.integer({ min: 1, max: 96 }),
    intermediate_size: fc.integer({ min: 1, max: 4096 }),
    vocab_size: fc.integer({ min: 1, max: 200_000 }),
    experts: fc.integer({ min: 1, max: 256 }),
    perToken: fc.integer({ min: 1, max: 16 }),
  }),
  fc.record({
    model_type: fc.constant('deepseek_v3'),
    heads: fc.integer({ min: 1, max: 128 }),
    hidden_size: fc.integer({ min: 1, max: 8192 }),
    num_hidden_layers: fc.integer({ min: 1, max: 96 }),
    first_k_dense_replace: fc.integer({ min: 0, max: 8 }),
    q_lora_rank: fc.option(fc.integer({ min: 1, max: 2048 }), { nil: null }),
    kv_lora_rank: fc.integer({ min: 1, max: 1024 }),
    experts: fc.integer({ min: 1, max: 256 }),
    perToken: fc.integer({ min: 1, max: 16 }),
    shared: fc.integer({ min: 0, max: 2 }),
  }),
);

/** Turn a generated record into a Hugging Face config.json object and build it. */
function build(c: Record<string, unknown>): ModelSpec {
  if (c.model_type === 'deepseek_v3') {
    const hf = {
      ...c,
      num_attention_heads: c.heads,
      vocab_size: 1000,
      max_position_embeddings: 4096,
      intermediate_size: 512,
      moe_intermediate_size: 256,
      n_routed_experts: c.experts,
      num_experts_per_tok: Math.min(c.perToken as number, c.experts as number),
      n_shared_experts: c.shared,
      qk_rope_head_dim: 64,
      qk_nope_head_dim: 128,
      v_head_dim: 128,
    };
    return modelSpecFromHfConfig(hf, 'generated');
  }
  const heads = (c.kvHeads as number) * (c.groups as number);
  const hf = {
    ...c,
    num_attention_heads: heads,
    num_key_value_heads: c.kvHeads,
    head_dim: c.headDim,
    hidden_size: heads * (c.headDim as number),
    max_position_embeddings: 8192,
    num_local_experts: c.experts,
    num_experts: c.experts,
    num_experts_per_tok: Math.min((c.perToken as number) ?? 1, (c.experts as number) ?? 1),
    moe_intermediate_size: c.intermediate_size,
  };
  return modelSpecFromHfConfig(hf, 'generated');
}

const hasWindow = (s: ModelSpec) => s.attention.kind !== 'mla' && s.attention.slidingWindowTokens !== null;

describe('model cost invariants', () => {
  it('active parameters never exceed total; dense models touch every parameter', () => {
    fc.assert(
      fc.property(config, (c) => {
        const s = build(c);
        expect(s.params.active).toBeLessThanOrEqual(s.params.total);
        if (s.layerGroups.every((g) => g.ffn.kind === 'dense')) expect(s.params.active).toBe(s.params.total);
        expect(s.layerGroups.reduce((n, g) => n + g.layerCount, 0)).toBe(c.num_hidden_layers);
      }),
    );
  });

  it('without a sliding window, KV bytes are linear in context', () => {
    const context = fc.integer({ min: 0, max: 1 << 20 });
    fc.assert(
      fc.property(config, context, context, fc.constantFrom(...KV_DTYPES), (c, a, b, dtype) => {
        const s = build(c);
        fc.pre(!hasWindow(s));
        expect(kvCacheBytes(s, dtype, a + b)).toBe(kvCacheBytes(s, dtype, a) + kvCacheBytes(s, dtype, b));
      }),
    );
  });

  it('attention pairs add up over chunks (chunked prefill = one prefill), window or not', () => {
    const n = fc.integer({ min: 0, max: 20_000 });
    fc.assert(
      fc.property(config, n, n, n, (c, prior, x, y) => {
        const s = build(c);
        const whole = causalQueryKeyPairs(s, x + y, prior);
        expect(causalQueryKeyPairs(s, x, prior) + causalQueryKeyPairs(s, y, prior + x)).toBe(whole);
        expect(whole).toBeLessThanOrEqual((x + y) * prior + ((x + y) * (x + y + 1)) / 2);
      }),
    );
  });

  it("a decode pass's bytes and flops (the evaluator's rows) never fall as batch or context grows", () => {
    const batch = fc.integer({ min: 1, max: 512 });
    const ctx = fc.integer({ min: 0, max: 200_000 });
    fc.assert(
      fc.property(
        config,
        batch,
        batch,
        ctx,
        ctx,
        fc.constantFrom(...WEIGHT_DTYPES),
        (c, b1, b2, l1, l2, w) => {
          const s = build(c);
          const setup = passSetup(h100, s, resolveLayout(s, single), w, 'bf16');
          const cost = (batch: number, contextTokens: number) => {
            const sink = {
              rows: newBreakdown(),
              style: { prefix: '', countOnes: false },
              totals: zeroTotals(),
              ops: zeroTotals(),
            };
            evaluatePass(
              setup,
              { sequences: batch, newTokens: 1, priorTokens: contextTokens, decode: true },
              ONCE,
              sink,
            );
            const sum = (key: 'flops' | 'bytes') => sink.rows.rows.reduce((t, r) => t + r[key], 0);
            return { totalBytes: sum('bytes'), totalFlops: sum('flops') };
          };
          const [bLo, bHi] = b1 <= b2 ? [b1, b2] : [b2, b1];
          const [lLo, lHi] = l1 <= l2 ? [l1, l2] : [l2, l1];
          const lo = cost(bLo, lLo);
          const hi = cost(bHi, lHi);
          // Relative slack for floating-point rounding in the expected-experts formula.
          expect(hi.totalBytes).toBeGreaterThanOrEqual(lo.totalBytes * (1 - 1e-12));
          expect(hi.totalFlops).toBeGreaterThanOrEqual(lo.totalFlops * (1 - 1e-12));
        },
      ),
    );
  });
});
