/**
 * Qwen3 30B-A3B (MoE).
 * @module
 */
import type { ModelPreset } from './preset.ts';

/** Qwen3 30B-A3B: 48 MoE layers of 128 experts (8 per token), GQA with 4 KV heads, head_dim 128. */
export const qwen3_30bA3b: ModelPreset = {
  id: 'qwen3-30b-a3b',
  name: 'Qwen3 30B-A3B',
  hfRepo: 'Qwen/Qwen3-30B-A3B',
  configUrl: 'https://huggingface.co/Qwen/Qwen3-30B-A3B/blob/main/config.json',
  published: {
    totalParams: 30.5e9,
    activeParams: 3.3e9,
    activeConvention: 'with-embedding',
    source:
      'https://huggingface.co/Qwen/Qwen3-30B-A3B model card: "Number of Parameters: 30.5B in total and 3.3B activated; Number of Paramaters (Non-Embedding): 29.9B". The config gives 3.353B activated: the card truncates to two digits.',
    verified: true,
  },
  config: {
    architectures: ['Qwen3MoeForCausalLM'],
    attention_bias: false,
    attention_dropout: 0.0,
    bos_token_id: 151643,
    decoder_sparse_step: 1,
    eos_token_id: 151645,
    head_dim: 128,
    hidden_act: 'silu',
    hidden_size: 2048,
    initializer_range: 0.02,
    intermediate_size: 6144,
    max_position_embeddings: 40960,
    max_window_layers: 48,
    mlp_only_layers: [],
    model_type: 'qwen3_moe',
    moe_intermediate_size: 768,
    norm_topk_prob: true,
    num_attention_heads: 32,
    num_experts: 128,
    num_experts_per_tok: 8,
    num_hidden_layers: 48,
    num_key_value_heads: 4,
    output_router_logits: false,
    rms_norm_eps: 1e-6,
    rope_scaling: null,
    rope_theta: 1000000.0,
    router_aux_loss_coef: 0.001,
    sliding_window: null,
    tie_word_embeddings: false,
    torch_dtype: 'bfloat16',
    transformers_version: '4.51.0',
    use_cache: true,
    use_sliding_window: false,
    vocab_size: 151936,
  },
};
