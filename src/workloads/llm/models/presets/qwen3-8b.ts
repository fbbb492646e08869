/**
 * Qwen3 8B.
 * @module
 */
import type { ModelPreset } from './preset.ts';

/** Qwen3 8B: 36 layers, GQA with 8 KV heads, q/k norms, 152k vocabulary. */
export const qwen3_8b: ModelPreset = {
  id: 'qwen3-8b',
  name: 'Qwen3 8B',
  hfRepo: 'Qwen/Qwen3-8B',
  configUrl: 'https://huggingface.co/Qwen/Qwen3-8B/blob/main/config.json',
  published: {
    totalParams: 8.2e9,
    activeParams: null,
    activeConvention: 'with-embedding',
    source:
      'https://huggingface.co/Qwen/Qwen3-8B model card: "Number of Parameters: 8.2B; Number of Paramaters (Non-Embedding): 6.95B"',
    verified: false,
  },
  config: {
    architectures: ['Qwen3ForCausalLM'],
    attention_bias: false,
    attention_dropout: 0.0,
    bos_token_id: 151643,
    eos_token_id: 151645,
    head_dim: 128,
    hidden_act: 'silu',
    hidden_size: 4096,
    initializer_range: 0.02,
    intermediate_size: 12288,
    max_position_embeddings: 40960,
    max_window_layers: 36,
    model_type: 'qwen3',
    num_attention_heads: 32,
    num_hidden_layers: 36,
    num_key_value_heads: 8,
    rms_norm_eps: 1e-6,
    rope_scaling: null,
    rope_theta: 1000000,
    sliding_window: null,
    tie_word_embeddings: false,
    torch_dtype: 'bfloat16',
    transformers_version: '4.51.0',
    use_cache: true,
    use_sliding_window: false,
    vocab_size: 151936,
  },
};
