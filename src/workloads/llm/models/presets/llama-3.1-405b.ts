/**
 * Meta Llama 3.1 405B.
 * @module
 */
import type { ModelPreset } from './preset.ts';

/** Meta Llama 3.1 405B: 126 layers, GQA with 8 KV heads, 128k context (llama3 rope scaling). */
export const llama31_405b: ModelPreset = {
  id: 'llama-3.1-405b',
  name: 'Meta Llama 3.1 405B',
  hfRepo: 'meta-llama/Llama-3.1-405B',
  configUrl: 'https://huggingface.co/meta-llama/Llama-3.1-405B/blob/main/config.json',
  published: {
    totalParams: 405.9e9,
    activeParams: null,
    activeConvention: 'with-embedding',
    source:
      'https://huggingface.co/meta-llama/Llama-3.1-405B: safetensors parameter count (405.9B; the page rounds it to "406B params"); Meta names the model 405B',
    verified: false,
  },
  config: {
    architectures: ['LlamaForCausalLM'],
    attention_bias: false,
    attention_dropout: 0.0,
    bos_token_id: 128000,
    eos_token_id: 128001,
    hidden_act: 'silu',
    hidden_size: 16384,
    initializer_range: 0.02,
    intermediate_size: 53248,
    max_position_embeddings: 131072,
    mlp_bias: false,
    model_type: 'llama',
    num_attention_heads: 128,
    num_hidden_layers: 126,
    num_key_value_heads: 8,
    pretraining_tp: 1,
    rms_norm_eps: 1e-5,
    rope_scaling: {
      factor: 8.0,
      low_freq_factor: 1.0,
      high_freq_factor: 4.0,
      original_max_position_embeddings: 8192,
      rope_type: 'llama3',
    },
    rope_theta: 500000.0,
    tie_word_embeddings: false,
    torch_dtype: 'bfloat16',
    transformers_version: '4.43.0.dev0',
    use_cache: true,
    vocab_size: 128256,
  },
};
