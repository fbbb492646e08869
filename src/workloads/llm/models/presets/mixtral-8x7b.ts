/**
 * Mistral AI Mixtral 8x7B (MoE).
 * @module
 */
import type { ModelPreset } from './preset.ts';

/** Mixtral 8x7B: 32 layers of 8 experts (2 per token), GQA with 8 KV heads, 32k vocabulary. */
export const mixtral8x7b: ModelPreset = {
  id: 'mixtral-8x7b',
  name: 'Mixtral 8x7B',
  hfRepo: 'mistralai/Mixtral-8x7B-v0.1',
  configUrl: 'https://huggingface.co/mistralai/Mixtral-8x7B-v0.1/blob/main/config.json',
  published: {
    totalParams: 46.7e9,
    activeParams: 12.9e9,
    activeConvention: 'with-embedding',
    source:
      'https://mistral.ai/news/mixtral-of-experts/: "Mixtral has 46.7B total parameters but only uses 12.9B parameters per token"',
    verified: false,
  },
  config: {
    architectures: ['MixtralForCausalLM'],
    attention_dropout: 0.0,
    bos_token_id: 1,
    eos_token_id: 2,
    hidden_act: 'silu',
    hidden_size: 4096,
    initializer_range: 0.02,
    intermediate_size: 14336,
    max_position_embeddings: 32768,
    model_type: 'mixtral',
    num_attention_heads: 32,
    num_experts_per_tok: 2,
    num_hidden_layers: 32,
    num_key_value_heads: 8,
    num_local_experts: 8,
    output_router_logits: false,
    rms_norm_eps: 1e-5,
    rope_theta: 1000000.0,
    router_aux_loss_coef: 0.02,
    sliding_window: null,
    tie_word_embeddings: false,
    torch_dtype: 'bfloat16',
    transformers_version: '4.36.0.dev0',
    use_cache: true,
    vocab_size: 32000,
  },
};
