/**
 * Hugging Face `config.json` -> {@link ModelSpec}. This is the trust boundary for model descriptions: every
 * problem is a UserError naming the file (or preset) and the field.
 * @module
 */
import { type Stats, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { z } from 'zod';
import { UserError } from '../../../errors.ts';
import { memo } from '../../../util/memo.ts';
import { INPUT_LIMITS, printable } from '../../../util/read-input.ts';
import { parseWith, readJsonFile } from '../../../util/schema.ts';
import { type BuildOptions, buildModelSpec, type ModelArchitecture } from './build.ts';
import {
  deepseekV3Schema,
  type GqaConfig,
  llamaSchema,
  mistralSchema,
  mixtralSchema,
  modelTypeSchema,
  qwen3MoeSchema,
  qwenSchema,
} from './hf-schema.ts';
import type { FfnSpec, GqaAttention, ModelFamily, ModelSpec } from './types.ts';

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

/** Options for {@link modelSpecFromHfConfig}. */
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

const mistralAttention = (c: z.output<typeof mistralSchema>, label: string) =>
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
  family: ModelFamily,
  data: unknown,
  label: string,
  base: (c: GqaConfig | z.output<typeof deepseekV3Schema>) => Base,
): ModelArchitecture {
  switch (family) {
    case 'llama': {
      const c = parseWith(llamaSchema, data, label);
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
      const c = parseWith(mistralSchema, data, label);
      return {
        ...base(c),
        attention: mistralAttention(c, label),
        layerFfns: [{ ffn: denseFfn(c.intermediate_size), layerCount: c.num_hidden_layers }],
        mtpModulesInConfig: 0,
      };
    }
    case 'mixtral': {
      const c = parseWith(mixtralSchema, data, label);
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
      const c = parseWith(qwenSchema, data, label);
      const qwen3 = family === 'qwen3';
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
      const c = parseWith(qwen3MoeSchema, data, label);
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
      const c = parseWith(deepseekV3Schema, data, label);
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

/**
 * Validate a parsed `config.json` and build its {@link ModelSpec}. `label` names the source in errors
 * (a file path or `preset llama-3-8b`).
 */
export function modelSpecFromHfConfig(
  data: unknown,
  label: string,
  options: HfConfigOptions = {},
): ModelSpec {
  const { model_type: modelType } = parseWith(modelTypeSchema, data, label);
  const family = Object.hasOwn(SUPPORTED_MODEL_TYPES, modelType)
    ? SUPPORTED_MODEL_TYPES[modelType]
    : undefined;
  if (family === undefined) {
    throw new UserError(
      `${label}: model_type "${printable(modelType, 80)}" is not supported (supported: ${Object.keys(SUPPORTED_MODEL_TYPES).join(', ')})`,
    );
  }
  const base = (c: GqaConfig | z.output<typeof deepseekV3Schema>): Base => ({
    id: options.id ?? label,
    family,
    source: options.source ?? label,
    hiddenSize: c.hidden_size,
    vocabSize: c.vocab_size,
    maxContextTokens: c.max_position_embeddings,
    tiedEmbeddings: c.tie_word_embeddings ?? false,
  });
  return buildModelSpec(architecture(family, data, label, base), options);
}

/** The id a config file gets: its folder's name for `.../<name>/config.json`, else the file's stem. */
export function modelIdFromPath(path: string): string {
  const file = basename(path);
  if (file === 'config.json') return basename(dirname(path)) || 'model';
  return file.replace(/\.json$/i, '');
}

/** Specs of config files read, by options, path and file state ({@link configFileKey}). */
const specByFile = memo<ModelSpec>(64);

/**
 * The cache key of a config file: the path as given (the spec's id and source come from it) and resolved,
 * with the file's identity, size and times, so that an edited or replaced file is read again.
 */
function configFileKey(path: string, stats: Stats, options: BuildOptions): string {
  const state = `${stats.ino}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}`;
  return `${options.includeMtp ? 'mtp' : ''}\0${resolve(path)}\0${path}\0${state}`;
}

/**
 * Read the model config at `path` (the parameter `modelConfig`), a regular file of at most
 * {@link INPUT_LIMITS}.modelConfig bytes (4 MiB; real configs are a few kB); errors name the file and field.
 * The spec is cached by path and modification time (one `stat` per call): estimating on one config many
 * times parses it once. A file that cannot be read or is not valid is never cached: each call reports its
 * error.
 */
export function loadModelConfigFile(path: string, options: BuildOptions = {}): ModelSpec {
  let stats: Stats | undefined;
  try {
    stats = statSync(path);
  } catch {
    // Not cached: readModelConfigFile reports why the file cannot be read.
  }
  if (stats === undefined || !stats.isFile()) return readModelConfigFile(path, options);
  return specByFile.get(configFileKey(path, stats, options), () => readModelConfigFile(path, options));
}

function readModelConfigFile(path: string, options: BuildOptions): ModelSpec {
  const data = readJsonFile(path, { what: 'model config', maxBytes: INPUT_LIMITS.modelConfig });
  return modelSpecFromHfConfig(data, printable(path), {
    ...options,
    id: modelIdFromPath(path),
    source: path,
  });
}
