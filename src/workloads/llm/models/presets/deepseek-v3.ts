/**
 * DeepSeek-V3 (MLA + MoE); DeepSeek-R1 has the same architecture.
 * @module
 */
import type { ModelPreset } from './preset.ts';

/**
 * DeepSeek-V3: 61 layers (3 dense, then 58 MoE of 256 routed experts, 8 per token, plus 1 shared), MLA with
 * a 512-wide KV latent and a 64-wide rope key, one MTP module (ignored unless asked).
 */
export const deepseekV3: ModelPreset = {
  id: 'deepseek-v3',
  name: 'DeepSeek-V3',
  hfRepo: 'deepseek-ai/DeepSeek-V3',
  configUrl: 'https://huggingface.co/deepseek-ai/DeepSeek-V3/blob/main/config.json',
  published: {
    totalParams: 671e9,
    activeParams: 36.6e9,
    activeConvention: 'without-input-embedding',
    source:
      'https://github.com/deepseek-ai/DeepSeek-V3/blob/main/README_WEIGHTS.md: main model "Total parameters: 671B; Activation parameters: 36.6B (including 0.9B for the output Head)"; MTP module "11.5B unique parameters". The README rounds the activated count to 37B.',
    verified: true,
  },
  config: {
    architectures: ['DeepseekV3ForCausalLM'],
    attention_bias: false,
    attention_dropout: 0.0,
    auto_map: {
      AutoConfig: 'configuration_deepseek.DeepseekV3Config',
      AutoModel: 'modeling_deepseek.DeepseekV3Model',
      AutoModelForCausalLM: 'modeling_deepseek.DeepseekV3ForCausalLM',
    },
    aux_loss_alpha: 0.001,
    bos_token_id: 0,
    eos_token_id: 1,
    ep_size: 1,
    first_k_dense_replace: 3,
    hidden_act: 'silu',
    hidden_size: 7168,
    initializer_range: 0.02,
    intermediate_size: 18432,
    kv_lora_rank: 512,
    max_position_embeddings: 163840,
    model_type: 'deepseek_v3',
    moe_intermediate_size: 2048,
    moe_layer_freq: 1,
    n_group: 8,
    n_routed_experts: 256,
    n_shared_experts: 1,
    norm_topk_prob: true,
    num_attention_heads: 128,
    num_experts_per_tok: 8,
    num_hidden_layers: 61,
    num_key_value_heads: 128,
    num_nextn_predict_layers: 1,
    pretraining_tp: 1,
    q_lora_rank: 1536,
    qk_nope_head_dim: 128,
    qk_rope_head_dim: 64,
    quantization_config: {
      activation_scheme: 'dynamic',
      fmt: 'e4m3',
      quant_method: 'fp8',
      weight_block_size: [128, 128],
    },
    rms_norm_eps: 1e-6,
    rope_scaling: {
      beta_fast: 32,
      beta_slow: 1,
      factor: 40,
      mscale: 1.0,
      mscale_all_dim: 1.0,
      original_max_position_embeddings: 4096,
      type: 'yarn',
    },
    rope_theta: 10000,
    routed_scaling_factor: 2.5,
    scoring_func: 'sigmoid',
    seq_aux: true,
    tie_word_embeddings: false,
    topk_group: 4,
    topk_method: 'noaux_tc',
    torch_dtype: 'bfloat16',
    transformers_version: '4.33.1',
    use_cache: true,
    v_head_dim: 128,
    vocab_size: 129280,
  },
};
