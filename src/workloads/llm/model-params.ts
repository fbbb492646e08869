/**
 * The model parameters every LLM workload takes (`model` or `modelConfig`, dtypes, TP, GPUs per node), their
 * checks against the model, and the warnings an estimate carries about its inputs.
 * @module
 */

import { UserError } from '../../errors.ts';
import { DEFAULT_GPUS_PER_NODE } from '../../model/interconnect.ts';
import type { ParamSpec } from '../params.ts';
import { KV_DTYPES, type KvDtype, WEIGHT_DTYPES, type WeightDtype } from './models/dtypes.ts';
import { MODEL_PRESET_IDS } from './models/presets/index.ts';
import { resolveModelSpec } from './models/resolve.ts';
import type { ModelSpec } from './models/types.ts';

/** Model and parallelism flags shared by the LLM workloads. */
export interface LlmModelParams {
  /** Preset id; '' when `modelConfig` is given. */
  readonly model: string;
  /** Path of a Hugging Face config.json; '' when `model` is given. */
  readonly modelConfig: string;
  readonly weightDtype: WeightDtype;
  readonly kvDtype: KvDtype;
  readonly tp: number;
  readonly gpusPerNode: number;
}

/** Param specs for {@link LlmModelParams}. */
export const LLM_MODEL_PARAMS: readonly ParamSpec[] = [
  {
    key: 'model',
    flag: '--model',
    description: `built-in model: ${MODEL_PRESET_IDS.join('|')}`,
    kind: 'string',
    default: '',
  },
  {
    key: 'modelConfig',
    flag: '--model-config',
    description: 'path to a Hugging Face config.json (instead of --model)',
    kind: 'string',
    default: '',
  },
  {
    key: 'weightDtype',
    flag: '--weight-dtype',
    description: `weight precision: ${WEIGHT_DTYPES.join('|')} (int4 is weight-only, bf16 math)`,
    kind: 'choice',
    choices: WEIGHT_DTYPES,
    default: 'bf16',
  },
  {
    key: 'kvDtype',
    flag: '--kv-dtype',
    description: `KV-cache precision: ${KV_DTYPES.join('|')}`,
    kind: 'choice',
    choices: KV_DTYPES,
    default: 'bf16',
  },
  { key: 'tp', flag: '--tp', description: 'tensor-parallel GPUs', kind: 'integer', default: 1 },
  {
    key: 'gpusPerNode',
    flag: '--gpus-per-node',
    description: 'GPUs sharing a scale-up (NVLink) domain',
    kind: 'integer',
    default: DEFAULT_GPUS_PER_NODE,
  },
];

/** Resolve the model flags and check TP against the model; errors name the flag. */
export function llmModel(p: LlmModelParams): ModelSpec {
  const spec = resolveModelSpec({
    model: p.model === '' ? undefined : p.model,
    modelConfig: p.modelConfig === '' ? undefined : p.modelConfig,
  });
  const heads = spec.attention.queryHeads;
  if (heads % p.tp !== 0) {
    throw new UserError(`--tp ${p.tp} must divide the ${heads} attention heads of ${spec.id}`);
  }
  return spec;
}

/**
 * Warnings an LLM estimate carries about its inputs (they stay estimates, not errors). `what` names the flags
 * the positions come from, e.g. `--context 9000 + 1 new token`.
 */
export function contextWarnings(spec: ModelSpec, what: string, positions: number): string[] {
  return positions > spec.maxContextTokens
    ? [
        `warning: ${what} = ${positions} positions exceeds ${spec.id}'s max_position_embeddings (${spec.maxContextTokens})`,
      ]
    : [];
}
