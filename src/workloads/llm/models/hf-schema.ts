/**
 * zod schemas for the fields of Hugging Face `config.json` files that shape cost, one per `model_type`.
 * Other fields (rope settings, token ids, dtypes) are allowed and ignored. Fields with a documented
 * transformers default (`num_key_value_heads`, `head_dim`, `tie_word_embeddings`, ...) may be absent; every
 * other structural field is required, and a missing one is reported by name.
 * @module
 */
import { z } from 'zod';

/**
 * Upper bounds on model dimensions. They are far above any released model (405B: 126 layers, hidden
 * 16,384, 128 heads; DeepSeek-V3: 256 experts; vocabularies ~256k; contexts ~10M tokens) and low enough
 * that nothing the model derives from them overflows or allocates more than a few kB (one entry per
 * layer). A config beyond them is a typo or an attack, and is rejected naming the field.
 */
export const HF_LIMITS = {
  /** Layers, MTP modules, sparse-step periods. */
  layers: 10_000,
  /** hidden_size, intermediate sizes, head dims, LoRA ranks. */
  dimension: 1_000_000,
  /** Attention and KV heads. */
  heads: 10_000,
  /** Routed and shared experts. */
  experts: 10_000,
  vocabulary: 10_000_000,
  /** max_position_embeddings, sliding_window. */
  contextTokens: 1_000_000_000,
} as const;

/** An integer from 1 (or `min`, 0 or 1) to `max`: one problem per value, the first one found. */
function boundedInt(max: number, min: 0 | 1 = 1) {
  const what = min === 1 ? 'must be a positive integer' : 'must be an integer >= 0';
  return z
    .number({ error: what })
    .int({ error: what, abort: true })
    .min(min, { error: what, abort: true })
    .max(max, { error: `must be at most ${max.toLocaleString('en-US')}` });
}

const layerCount = boundedInt(HF_LIMITS.layers);
const layerIndex = boundedInt(HF_LIMITS.layers, 0);
const dimension = boundedInt(HF_LIMITS.dimension);
const heads = boundedInt(HF_LIMITS.heads);
const experts = boundedInt(HF_LIMITS.experts);
const tokens = boundedInt(HF_LIMITS.contextTokens);
const flag = z.boolean({ error: 'must be true or false' });

/** Just enough to dispatch on the architecture. */
export const modelTypeSchema = z.object({ model_type: z.string({ error: 'must be a string' }) });

const common = {
  hidden_size: dimension,
  num_hidden_layers: layerCount,
  num_attention_heads: heads,
  vocab_size: boundedInt(HF_LIMITS.vocabulary),
  max_position_embeddings: tokens,
  tie_word_embeddings: flag.optional(),
};

const gqa = {
  ...common,
  /** Absent in llama-1 configs: defaults to `num_attention_heads` (multi-head attention). */
  num_key_value_heads: heads.nullish(),
  /** Defaults to `hidden_size / num_attention_heads`. */
  head_dim: dimension.nullish(),
  intermediate_size: dimension,
};

/** llama (1, 2, 3, 3.1). */
export const llamaSchema = z.object({
  ...gqa,
  attention_bias: flag.optional(),
  mlp_bias: flag.optional(),
});

/** mistral: optional sliding window over every layer. */
export const mistralSchema = z.object({ ...gqa, sliding_window: tokens.nullish() });

/** mixtral: mistral with top-k routed experts in every layer. */
export const mixtralSchema = z.object({
  ...gqa,
  sliding_window: tokens.nullish(),
  num_local_experts: experts,
  num_experts_per_tok: experts,
});

/**
 * qwen2 (biases on q/k/v) and qwen3 (per-head q/k norms). Qwen's optional sliding window applies to some
 * layers only (`use_sliding_window`, `max_window_layers`); it is off in every released config and is not
 * modelled: the KV cache is costed for full attention.
 */
export const qwenSchema = z.object({ ...gqa, use_sliding_window: flag.optional() });

/** qwen3_moe: experts in every `decoder_sparse_step`-th layer except `mlp_only_layers`. */
export const qwen3MoeSchema = z.object({
  ...gqa,
  num_experts: experts,
  num_experts_per_tok: experts,
  moe_intermediate_size: dimension,
  decoder_sparse_step: layerCount.optional(),
  mlp_only_layers: z.array(layerIndex).max(HF_LIMITS.layers).optional(),
});

/** deepseek_v3 (and R1): MLA attention, MoE after the first `first_k_dense_replace` layers. */
export const deepseekV3Schema = z.object({
  ...common,
  intermediate_size: dimension,
  moe_intermediate_size: dimension,
  n_routed_experts: experts,
  n_shared_experts: boundedInt(HF_LIMITS.experts, 0).nullable(),
  num_experts_per_tok: experts,
  first_k_dense_replace: layerIndex,
  moe_layer_freq: layerCount.optional(),
  q_lora_rank: dimension.nullable(),
  kv_lora_rank: dimension,
  qk_rope_head_dim: dimension,
  qk_nope_head_dim: dimension,
  v_head_dim: dimension,
  num_nextn_predict_layers: layerIndex.optional(),
});

/** Fields common to every grouped-query schema above. */
export type GqaConfig = z.output<typeof llamaSchema>;
