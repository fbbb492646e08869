/**
 * A Hugging Face `config.json` already known valid -> {@link ModelSpec}: the architecture each `model_type`
 * describes, and the checks across fields (KV heads divide query heads, top-k within the experts, ...).
 *
 * This module does not validate and loads no zod: `hf-config.ts` validates configs from files and other
 * untrusted sources against the schemas of `hf-schema.ts`, then calls it. The built-in presets, verbatim
 * published configs that test/unit/models-hf-config.test.ts loads through those schemas to the same spec,
 * come here directly (`resolve.ts`), so an estimate on a preset does not load the schemas.
 * @module
 */
import type { z } from 'zod';
import { UserError } from '../../../errors.ts';
import { printable } from '../../../util/read-input.ts';
import { type BuildOptions, buildModelSpec, type ModelArchitecture } from './build.ts';
import type {
  deepseekV3Schema,
  GqaConfig,
  llamaSchema,
  mistralSchema,
  mixtralSchema,
  qwen3MoeSchema,
  qwenSchema,
} from './hf-schema.ts';
import type { FfnSpec, GqaAttention, ModelFamily, ModelSpec } from './types.ts';

type MistralConfig = z.output<typeof mistralSchema>;
type DeepseekV3Config = z.output<typeof deepseekV3Schema>;

/** A config with its family, as the family's schema in `hf-schema.ts` outputs it. */
export type ValidHfConfig =
  | { readonly family: 'llama'; readonly config: z.output<typeof llamaSchema> }
  | { readonly family: 'mistral'; readonly config: MistralConfig }
  | { readonly family: 'mixtral'; readonly config: z.output<typeof mixtralSchema> }
  | { readonly family: 'qwen2' | 'qwen3'; readonly config: z.output<typeof qwenSchema> }
  | { readonly family: 'qwen3-moe'; readonly config: z.output<typeof qwen3MoeSchema> }
  | { readonly family: 'deepseek-v3'; readonly config: DeepseekV3Config };

/** Hugging Face `model_type` values understood, and the family each maps to. */
export const SUPPORTED_MODEL_TYPES: Readonly<Record<string, ModelFamily>> = {
  llama: 'llama',
  mistral: 'mistral',
  mixtral: 'mixtral',
  qwen2: 'qwen2',
  qwen3: 'qwen3',
  qwen3_moe: 'qwen3-moe',
  deepseek_v3: 'deepseek-v3',
};

/** Options for {@link modelSpecFromValidConfig} and `modelSpecFromHfConfig`. */
export interface HfConfigOptions extends BuildOptions {
  /** The model's id; defaults to the label. */
  readonly id?: string;
  /** Where the config came from (repo id or path); defaults to the label. */
  readonly source?: string;
}

type Base = Omit<ModelArchitecture, 'attention' | 'layerFfns' | 'mtpModulesInConfig'>;

function gqaAttention(
  c: GqaConfig,
  label: string,
  extra: Pick<GqaAttention, 'qkvBias' | 'oBias' | 'qkNorm' | 'slidingWindowTokens'>,
): GqaAttention {
  const queryHeads = c.num_attention_heads;
  const kvHeads = c.num_key_value_heads ?? queryHeads;
  if (queryHeads % kvHeads !== 0) {
    throw new UserError(
      `${label}: num_key_value_heads (${kvHeads}) must divide num_attention_heads (${queryHeads})`,
    );
  }
  let headDim = c.head_dim;
  if (headDim == null) {
    if (c.hidden_size % queryHeads !== 0) {
      throw new UserError(
        `${label}: head_dim is required when hidden_size (${c.hidden_size}) is not a multiple of num_attention_heads (${queryHeads})`,
      );
    }
    headDim = c.hidden_size / queryHeads;
  }
  return { kind: kvHeads === queryHeads ? 'mha' : 'gqa', queryHeads, kvHeads, headDim, ...extra };
}

const mistralAttention = (c: MistralConfig, label: string) =>
  gqaAttention(c, label, {
    qkvBias: false,
    oBias: false,
    qkNorm: false,
    slidingWindowTokens: c.sliding_window ?? null,
  });

/** Group a per-layer MoE mask into dense and MoE layer counts. */
function groupLayers(
  isMoe: readonly boolean[],
  dense: FfnSpec,
  moe: FfnSpec,
): ModelArchitecture['layerFfns'] {
  const moeLayers = isMoe.filter(Boolean).length;
  return [
    { ffn: dense, layerCount: isMoe.length - moeLayers },
    { ffn: moe, layerCount: moeLayers },
  ];
}

/** Routing picks `num_experts_per_tok` of the routed experts: it cannot pick more than there are. */
function checkTopK(label: string, perToken: number, expertsField: string, experts: number): void {
  if (perToken > experts) {
    throw new UserError(
      `${label}: num_experts_per_tok (${perToken}) must not exceed ${expertsField} (${experts})`,
    );
  }
}

const denseFfn = (intermediateSize: number, bias = false): FfnSpec => ({
  kind: 'dense',
  intermediateSize,
  bias,
});

function architecture(
  valid: ValidHfConfig,
  label: string,
  base: (c: GqaConfig | DeepseekV3Config) => Base,
): ModelArchitecture {
  switch (valid.family) {
    case 'llama': {
      const c = valid.config;
      const bias = c.attention_bias ?? false;
      return {
        ...base(c),
        attention: gqaAttention(c, label, {
          qkvBias: bias,
          oBias: bias,
          qkNorm: false,
          slidingWindowTokens: null,
        }),
        layerFfns: [
          { ffn: denseFfn(c.intermediate_size, c.mlp_bias ?? false), layerCount: c.num_hidden_layers },
        ],
        mtpModulesInConfig: 0,
      };
    }
    case 'mistral': {
      const c = valid.config;
      return {
        ...base(c),
        attention: mistralAttention(c, label),
        layerFfns: [{ ffn: denseFfn(c.intermediate_size), layerCount: c.num_hidden_layers }],
        mtpModulesInConfig: 0,
      };
    }
    case 'mixtral': {
      const c = valid.config;
      checkTopK(label, c.num_experts_per_tok, 'num_local_experts', c.num_local_experts);
      const ffn: FfnSpec = {
        kind: 'moe',
        routedExperts: c.num_local_experts,
        expertsPerToken: c.num_experts_per_tok,
        expertIntermediateSize: c.intermediate_size,
        sharedExperts: 0,
        sharedIntermediateSize: 0,
        routerBias: false,
      };
      return {
        ...base(c),
        attention: mistralAttention(c, label),
        layerFfns: [{ ffn, layerCount: c.num_hidden_layers }],
        mtpModulesInConfig: 0,
      };
    }
    case 'qwen2':
    case 'qwen3': {
      const c = valid.config;
      const qwen3 = valid.family === 'qwen3';
      return {
        ...base(c),
        attention: gqaAttention(c, label, {
          qkvBias: !qwen3,
          oBias: false,
          qkNorm: qwen3,
          slidingWindowTokens: null,
        }),
        layerFfns: [{ ffn: denseFfn(c.intermediate_size), layerCount: c.num_hidden_layers }],
        mtpModulesInConfig: 0,
      };
    }
    case 'qwen3-moe': {
      const c = valid.config;
      checkTopK(label, c.num_experts_per_tok, 'num_experts', c.num_experts);
      const step = c.decoder_sparse_step ?? 1;
      const mlpOnly = new Set(c.mlp_only_layers ?? []);
      for (const [i, layer] of (c.mlp_only_layers ?? []).entries()) {
        if (layer >= c.num_hidden_layers) {
          throw new UserError(
            `${label}: mlp_only_layers[${i}] must be below num_hidden_layers (${c.num_hidden_layers})`,
          );
        }
      }
      const isMoe = Array.from(
        { length: c.num_hidden_layers },
        (_, i) => !mlpOnly.has(i) && (i + 1) % step === 0,
      );
      const moe: FfnSpec = {
        kind: 'moe',
        routedExperts: c.num_experts,
        expertsPerToken: c.num_experts_per_tok,
        expertIntermediateSize: c.moe_intermediate_size,
        sharedExperts: 0,
        sharedIntermediateSize: 0,
        routerBias: false,
      };
      return {
        ...base(c),
        attention: gqaAttention(c, label, {
          qkvBias: false,
          oBias: false,
          qkNorm: true,
          slidingWindowTokens: null,
        }),
        layerFfns: groupLayers(isMoe, denseFfn(c.intermediate_size), moe),
        mtpModulesInConfig: 0,
      };
    }
    case 'deepseek-v3': {
      const c = valid.config;
      checkTopK(label, c.num_experts_per_tok, 'n_routed_experts', c.n_routed_experts);
      const freq = c.moe_layer_freq ?? 1;
      const isMoe = Array.from(
        { length: c.num_hidden_layers },
        (_, i) => i >= c.first_k_dense_replace && i % freq === 0,
      );
      const shared = c.n_shared_experts ?? 0;
      const moe: FfnSpec = {
        kind: 'moe',
        routedExperts: c.n_routed_experts,
        expertsPerToken: c.num_experts_per_tok,
        expertIntermediateSize: c.moe_intermediate_size,
        sharedExperts: shared,
        sharedIntermediateSize: shared * c.moe_intermediate_size,
        routerBias: true,
      };
      return {
        ...base(c),
        attention: {
          kind: 'mla',
          queryHeads: c.num_attention_heads,
          qLoraRank: c.q_lora_rank,
          kvLoraRank: c.kv_lora_rank,
          qkNopeHeadDim: c.qk_nope_head_dim,
          qkRopeHeadDim: c.qk_rope_head_dim,
          vHeadDim: c.v_head_dim,
        },
        layerFfns: groupLayers(isMoe, denseFfn(c.intermediate_size), moe),
        mtpModulesInConfig: c.num_nextn_predict_layers ?? 0,
      };
    }
  }
}

/** The family of a `model_type`; a UserError naming `label` and the supported types when there is none. */
export function modelFamilyOf(modelType: string, label: string): ModelFamily {
  const family = Object.hasOwn(SUPPORTED_MODEL_TYPES, modelType)
    ? SUPPORTED_MODEL_TYPES[modelType]
    : undefined;
  if (family === undefined) {
    throw new UserError(
      `${label}: model_type "${printable(modelType, 80)}" is not supported (supported: ${Object.keys(SUPPORTED_MODEL_TYPES).join(', ')})`,
    );
  }
  return family;
}

/**
 * Build the {@link ModelSpec} of a valid config. `label` names the source in errors (a file path or
 * `preset llama-3-8b`); the checks across fields still throw UserErrors naming it and the fields.
 */
export function modelSpecFromValidConfig(
  valid: ValidHfConfig,
  label: string,
  options: HfConfigOptions = {},
): ModelSpec {
  const base = (c: GqaConfig | DeepseekV3Config): Base => ({
    id: options.id ?? label,
    family: valid.family,
    source: options.source ?? label,
    hiddenSize: c.hidden_size,
    vocabSize: c.vocab_size,
    maxContextTokens: c.max_position_embeddings,
    tiedEmbeddings: c.tie_word_embeddings ?? false,
  });
  return buildModelSpec(architecture(valid, label, base), options);
}
