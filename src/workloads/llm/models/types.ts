/**
 * Normalized LLM descriptions. A {@link ModelSpec} is built once from a Hugging Face `config.json` (or a
 * preset) and carries every derived quantity the serving and training estimators need, so an estimate only
 * multiplies a handful of numbers: layers that share a description form one {@link LayerGroup}, costed once.
 *
 * Units are in the names. "Params" are element counts. Flops count a multiply-add as 2.
 * @module
 */

/** Architectures understood, one per Hugging Face `model_type` (kebab-case here). */
export const MODEL_FAMILIES = [
  'llama',
  'mistral',
  'mixtral',
  'qwen2',
  'qwen3',
  'qwen3-moe',
  'deepseek-v3',
] as const;
/** One of {@link MODEL_FAMILIES}. */
export type ModelFamily = (typeof MODEL_FAMILIES)[number];

/**
 * Multi-head or grouped-query attention (`mha` when every query head has its own KV head). MQA is `gqa`
 * with one KV head.
 */
export interface GqaAttention {
  readonly kind: 'mha' | 'gqa';
  readonly queryHeads: number;
  readonly kvHeads: number;
  readonly headDim: number;
  /** Whether the q/k/v projections carry biases (qwen2; llama with `attention_bias`). */
  readonly qkvBias: boolean;
  /** Whether the output projection carries a bias (llama with `attention_bias`). */
  readonly oBias: boolean;
  /** Qwen3's per-head RMSNorm on q and k. */
  readonly qkNorm: boolean;
  /** Mistral's sliding window: the KV cache holds at most this many tokens. `null`: full attention. */
  readonly slidingWindowTokens: number | null;
}

/**
 * DeepSeek multi-head latent attention. The KV cache holds the compressed latent (`kvLoraRank`) plus the
 * shared rope key (`qkRopeHeadDim`) per token and layer.
 */
export interface MlaAttention {
  readonly kind: 'mla';
  readonly queryHeads: number;
  /** Rank of the query down-projection; `null` when queries are projected directly (DeepSeek-V2-Lite). */
  readonly qLoraRank: number | null;
  readonly kvLoraRank: number;
  readonly qkNopeHeadDim: number;
  readonly qkRopeHeadDim: number;
  readonly vHeadDim: number;
}

/** The attention of every layer (all supported models use one kind throughout). */
export type AttentionSpec = GqaAttention | MlaAttention;

/** A gated (SwiGLU) feed-forward block: gate and up `hidden x intermediate`, down `intermediate x hidden`. */
export interface DenseFfn {
  readonly kind: 'dense';
  readonly intermediateSize: number;
  /** Llama's `mlp_bias`: biases on gate, up and down. */
  readonly bias: boolean;
}

/** A mixture-of-experts block of gated experts, with optional always-on shared experts. */
export interface MoeFfn {
  readonly kind: 'moe';
  readonly routedExperts: number;
  readonly expertsPerToken: number;
  readonly expertIntermediateSize: number;
  readonly sharedExperts: number;
  /** Intermediate size of all shared experts together (they act as one dense FFN); 0 when none. */
  readonly sharedIntermediateSize: number;
  /** DeepSeek-V3's per-expert routing bias (`e_score_correction_bias`). */
  readonly routerBias: boolean;
}

/** The feed-forward block of a layer. */
export type FfnSpec = DenseFfn | MoeFfn;

/** Names of the weight matrices of a layer, fused the way serving engines fuse them. */
export type LinearName =
  | 'qkv-proj'
  | 'q-proj'
  | 'q-a-proj'
  | 'q-b-proj'
  | 'kv-a-proj'
  | 'kv-b-proj'
  | 'o-proj'
  | 'gate-up-proj'
  | 'down-proj'
  | 'router'
  | 'shared-gate-up-proj'
  | 'shared-down-proj'
  | 'expert-gate-up-proj'
  | 'expert-down-proj';

/** One weight-matrix shape of a layer: `y[tokens x outFeatures] = x[tokens x inFeatures] W`. */
export interface LinearWeight {
  readonly name: LinearName;
  readonly part: 'attention' | 'ffn';
  readonly inFeatures: number;
  readonly outFeatures: number;
  /** Matrices of this shape in the layer: the routed-expert count for experts, else 1. */
  readonly copies: number;
  /** How many of the copies each token passes through (`expertsPerToken` for experts, else 1). */
  readonly copiesPerToken: number;
  /** `true`: stored in the weight dtype. `false`: kept in 16 bits (MoE routers). */
  readonly quantized: boolean;
}

/** Layers that share one description, with their per-layer costs computed once. */
export interface LayerGroup {
  readonly layerCount: number;
  readonly ffn: FfnSpec;
  /** Attention matrices first, then FFN matrices. */
  readonly linears: readonly LinearWeight[];
  /** All parameters of one layer (every expert), including norms and biases. */
  readonly paramsPerLayer: number;
  /** Parameters one token touches in one layer (active experts only). */
  readonly activeParamsPerLayer: number;
  /** Parameters of one layer stored in the weight dtype (the quantized matrices). */
  readonly quantizedParamsPerLayer: number;
  /** Parameters of one layer kept in 16 bits (norms, biases, routers). */
  readonly unquantizedParamsPerLayer: number;
  /** Parameters of one routed expert (0 for a dense layer). */
  readonly paramsPerExpert: number;
  /** q/k/v/o projection flops per token in one layer (MLA: the down and up projections). */
  readonly attentionProjFlopsPerToken: number;
  /** FFN flops per token in one layer: router, active experts, shared experts. */
  readonly ffnFlopsPerToken: number;
}

/** Parameter counts of the whole model. `active` is what one token touches; it includes the embedding. */
export interface ParamCounts {
  readonly total: number;
  readonly active: number;
  readonly embedding: number;
  /** The LM head's own matrix; 0 when tied to the embedding (it is still applied: see flops). */
  readonly lmHead: number;
  /** DeepSeek's multi-token-prediction modules; 0 unless asked for. Included in `total` and `active`. */
  readonly mtp: number;
}

/** One LLM, normalized. Build it with `modelSpecFromHfConfig`, `loadModelConfigFile` or `getModelPreset`. */
export interface ModelSpec {
  /** Preset id, or the name of the config's folder. */
  readonly id: string;
  readonly family: ModelFamily;
  /** Where the description came from: a preset's Hugging Face repo or a file path. */
  readonly source: string;
  readonly layerCount: number;
  readonly hiddenSize: number;
  readonly vocabSize: number;
  /** `max_position_embeddings`: the longest context the model supports. */
  readonly maxContextTokens: number;
  readonly tiedEmbeddings: boolean;
  readonly attention: AttentionSpec;
  /** Dense layers and MoE layers, grouped; `layerCount` sums to the model's layers. */
  readonly layerGroups: readonly LayerGroup[];
  readonly params: ParamCounts;
  /** DeepSeek multi-token-prediction modules included in `params` (0 unless asked for). */
  readonly mtpModules: number;
  /** Multi-token-prediction modules the model has (its config's `num_nextn_predict_layers`), counted or not. */
  readonly mtpModulesInConfig: number;
  /** KV-cache elements one token adds to one layer (MLA: latent + rope key). */
  readonly kvElementsPerTokenPerLayer: number;
  /** Linear flops per token over all layers and the LM head: the "2 x active params" term, exactly. */
  readonly linearFlopsPerToken: number;
  /** LM-head flops per token (`2 x hidden x vocab`), included in `linearFlopsPerToken`. */
  readonly lmHeadFlopsPerToken: number;
  /**
   * Attention score + value flops per (query token, key token) pair in one layer. Prefill uses the
   * materialized heads; decode uses MLA's absorbed form (scores on the latent), where it differs.
   */
  readonly attentionFlopsPerQueryKeyPerLayer: { readonly prefill: number; readonly decode: number };
}
