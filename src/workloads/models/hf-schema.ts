/**
 * zod schemas for the fields of Hugging Face `config.json` files that shape cost, one per `model_type`.
 * Other fields (rope settings, token ids, dtypes) are allowed and ignored. Fields with a documented
 * transformers default (`num_key_value_heads`, `head_dim`, `tie_word_embeddings`, ...) may be absent; every
 * other structural field is required, and a missing one is reported by name.
 * @module
 */
import { z } from 'zod';

const positiveInt = z
  .number({ error: 'must be a positive integer' })
  .int({ error: 'must be a positive integer' })
  .positive({ error: 'must be a positive integer' });
const nonNegativeInt = z
  .number({ error: 'must be an integer >= 0' })
  .int({ error: 'must be an integer >= 0' })
  .nonnegative({ error: 'must be an integer >= 0' });
const flag = z.boolean({ error: 'must be true or false' });

/** Just enough to dispatch on the architecture. */
export const modelTypeSchema = z.object({ model_type: z.string({ error: 'must be a string' }) });

const common = {
  hidden_size: positiveInt,
  num_hidden_layers: positiveInt,
  num_attention_heads: positiveInt,
  vocab_size: positiveInt,
  max_position_embeddings: positiveInt,
  tie_word_embeddings: flag.optional(),
};

const gqa = {
  ...common,
  /** Absent in llama-1 configs: defaults to `num_attention_heads` (multi-head attention). */
  num_key_value_heads: positiveInt.nullish(),
  /** Defaults to `hidden_size / num_attention_heads`. */
  head_dim: positiveInt.nullish(),
  intermediate_size: positiveInt,
};

/** llama (1, 2, 3, 3.1). */
export const llamaSchema = z.object({
  ...gqa,
  attention_bias: flag.optional(),
  mlp_bias: flag.optional(),
});

/** mistral: optional sliding window over every layer. */
export const mistralSchema = z.object({ ...gqa, sliding_window: positiveInt.nullish() });

/** mixtral: mistral with top-k routed experts in every layer. */
export const mixtralSchema = z.object({
  ...gqa,
  sliding_window: positiveInt.nullish(),
  num_local_experts: positiveInt,
  num_experts_per_tok: positiveInt,
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
  num_experts: positiveInt,
  num_experts_per_tok: positiveInt,
  moe_intermediate_size: positiveInt,
  decoder_sparse_step: positiveInt.optional(),
  mlp_only_layers: z.array(nonNegativeInt).optional(),
});

/** deepseek_v3 (and R1): MLA attention, MoE after the first `first_k_dense_replace` layers. */
export const deepseekV3Schema = z.object({
  ...common,
  intermediate_size: positiveInt,
  moe_intermediate_size: positiveInt,
  n_routed_experts: positiveInt,
  n_shared_experts: nonNegativeInt.nullable(),
  num_experts_per_tok: positiveInt,
  first_k_dense_replace: nonNegativeInt,
  moe_layer_freq: positiveInt.optional(),
  q_lora_rank: positiveInt.nullable(),
  kv_lora_rank: positiveInt,
  qk_rope_head_dim: positiveInt,
  qk_nope_head_dim: positiveInt,
  v_head_dim: positiveInt,
  num_nextn_predict_layers: nonNegativeInt.optional(),
});

/** Fields common to every grouped-query schema above. */
export type GqaConfig = z.output<typeof llamaSchema>;
