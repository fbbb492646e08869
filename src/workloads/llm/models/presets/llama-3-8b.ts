/**
 * Meta Llama 3 8B.
 * @module
 */
import type { ModelPreset } from './preset.ts';

/** Meta Llama 3 8B: 32 layers, GQA with 8 KV heads, 128k vocabulary. */
export const llama3_8b: ModelPreset = {
  id: 'llama-3-8b',
  name: 'Meta Llama 3 8B',
  hfRepo: 'meta-llama/Meta-Llama-3-8B',
  configUrl: 'https://huggingface.co/meta-llama/Meta-Llama-3-8B/blob/main/config.json',
  published: {
    totalParams: 8.03e9,
    activeParams: null,
    activeConvention: 'with-embedding',
    source: 'https://huggingface.co/meta-llama/Meta-Llama-3-8B: safetensors "Model size 8.03B params"',
    verified: false,
  },
  config: {
    architectures: ['LlamaForCausalLM'],
    attention_bias: false,
    attention_dropout: 0.0,
    bos_token_id: 128000,
    eos_token_id: 128001,
    hidden_act: 'silu',
    hidden_size: 4096,
    initializer_range: 0.02,
    intermediate_size: 14336,
    max_position_embeddings: 8192,
    model_type: 'llama',
    num_attention_heads: 32,
    num_hidden_layers: 32,
    num_key_value_heads: 8,
    pretraining_tp: 1,
    rms_norm_eps: 1e-5,
    rope_scaling: null,
    rope_theta: 500000.0,
    tie_word_embeddings: false,
    torch_dtype: 'bfloat16',
    transformers_version: '4.40.0.dev0',
    use_cache: true,
    vocab_size: 128256,
  },
};
