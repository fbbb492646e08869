/**
 * Meta Llama 2 70B.
 * @module
 */
import type { ModelPreset } from './preset.ts';

/** Meta Llama 2 70B: 80 layers, GQA with 8 KV heads, 32k vocabulary, 4k context. */
export const llama2_70b: ModelPreset = {
  id: 'llama-2-70b',
  name: 'Meta Llama 2 70B',
  hfRepo: 'meta-llama/Llama-2-70b-hf',
  configUrl: 'https://huggingface.co/meta-llama/Llama-2-70b-hf/blob/main/config.json',
  published: {
    totalParams: 69.0e9,
    activeParams: null,
    activeConvention: 'with-embedding',
    source: 'https://huggingface.co/meta-llama/Llama-2-70b-hf: safetensors "Model size 69B params"',
    verified: false,
  },
  config: {
    _name_or_path: 'meta-llama/Llama-2-70b-hf',
    architectures: ['LlamaForCausalLM'],
    bos_token_id: 1,
    eos_token_id: 2,
    hidden_act: 'silu',
    hidden_size: 8192,
    initializer_range: 0.02,
    intermediate_size: 28672,
    max_position_embeddings: 4096,
    model_type: 'llama',
    num_attention_heads: 64,
    num_hidden_layers: 80,
    num_key_value_heads: 8,
    pretraining_tp: 1,
    rms_norm_eps: 1e-5,
    rope_scaling: null,
    tie_word_embeddings: false,
    torch_dtype: 'float16',
    transformers_version: '4.31.0.dev0',
    use_cache: true,
    vocab_size: 32000,
  },
};
