/**
 * The model parameters every LLM workload takes (`model` or `modelConfig`, dtypes, TP, GPUs per node), their
 * checks against the model, and the warnings an estimate carries about its inputs. The LLM workloads share one
 * flag vocabulary: a flag that makes no sense for one of them is declared there as refused
 * ({@link refusedParam}), so a user who types it learns why.
 * @module
 */

import { type Message, msg, param, UserError } from '../../errors.ts';
import { DEFAULT_GPUS_PER_NODE } from '../../model/interconnect.ts';
import { ATTENTION_KERNEL_PARAM } from '../kernels/attention.ts';
import type { ParamSpec, ParamsOf } from '../params.ts';
import { KV_DTYPES, WEIGHT_DTYPES } from './models/dtypes.ts';
import { MODEL_PRESET_IDS } from './models/presets/index.ts';
import { resolveModelSpec } from './models/resolve.ts';
import type { ModelSpec } from './models/types.ts';

/** How the model is named: a preset id or a config file ('' for the one not given). */
const MODEL_CHOICE_PARAMS = [
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
] as const satisfies readonly ParamSpec[];

/** The TP group: its GPUs and the scale-up domain it sits in. */
const TP_GROUP_PARAMS = [
  { key: 'tp', flag: '--tp', description: 'tensor-parallel GPUs', kind: 'integer', default: 1 },
  {
    key: 'gpusPerNode',
    flag: '--gpus-per-node',
    description: 'GPUs sharing a scale-up (NVLink) domain',
    kind: 'integer',
    default: DEFAULT_GPUS_PER_NODE,
  },
] as const satisfies readonly ParamSpec[];

/** The precision weights are stored in, which the weight GEMMs read them in (`weightDtype`). */
export const WEIGHT_DTYPE_PARAM = {
  key: 'weightDtype',
  flag: '--weight-dtype',
  description: `weight precision: ${WEIGHT_DTYPES.join('|')} (int4 is weight-only, bf16 math)`,
  kind: 'choice',
  choices: WEIGHT_DTYPES,
  default: 'bf16',
} as const satisfies ParamSpec;

/** Model, dtype and TP parameters shared by the LLM inference workloads. */
export const LLM_MODEL_PARAMS = [
  ...MODEL_CHOICE_PARAMS,
  WEIGHT_DTYPE_PARAM,
  {
    key: 'kvDtype',
    flag: '--kv-dtype',
    description: `KV-cache precision: ${KV_DTYPES.join('|')}`,
    kind: 'choice',
    choices: KV_DTYPES,
    default: 'bf16',
  },
  ...TP_GROUP_PARAMS,
  ATTENTION_KERNEL_PARAM,
] as const satisfies readonly ParamSpec[];

/**
 * Parsed {@link LLM_MODEL_PARAMS}: `model` (a preset id, '' when `modelConfig` is given), `modelConfig` (a
 * config.json path, '' when `model` is given), the weight and KV-cache dtypes, `tp`, `gpusPerNode` and
 * `attentionKernel`.
 */
export type LlmModelParams = ParamsOf<typeof LLM_MODEL_PARAMS>;

/**
 * The model parameters of training: {@link LLM_MODEL_PARAMS} without the dtypes (training declares
 * `weightDtype` after its `precision`, and refuses `kvDtype`).
 */
export const TRAINING_MODEL_PARAMS = [
  ...MODEL_CHOICE_PARAMS,
  ...TP_GROUP_PARAMS,
] as const satisfies readonly ParamSpec[];

/**
 * `tokens`: prefill tokens per GPU, as DeepSeek's profile data states a prefill batch ("16K tokens per GPU");
 * a TP group then runs `tokens x tp` of them. 0: not given.
 */
export const PREFILL_TOKENS_PARAM = {
  key: 'tokens',
  flag: '--tokens',
  description:
    'prefill tokens per GPU: sets --batch to tokens x tp / input-len prompts per TP group (0: off)',
  kind: 'integer',
  default: 0,
  min: 0,
} as const satisfies ParamSpec;

/**
 * A parameter of the shared LLM vocabulary that a workload refuses: declared, so the CLI takes its flag (not
 * listed in the help) and giving it is the error `why`, which names the parameter and what to give instead
 * (see `ParamSpec.refused`); it is not in the parsed params.
 */
export function refusedParam<const K extends string>(key: K, flag: string, why: Message) {
  return {
    key,
    flag,
    description: 'not taken here',
    kind: 'string',
    refused: why,
  } as const satisfies ParamSpec;
}

/** Resolve the model parameters and check TP against the model; errors name the parameter. */
export function llmModel(p: Pick<LlmModelParams, 'model' | 'modelConfig' | 'tp'>): ModelSpec {
  const spec = resolveModelSpec({
    model: p.model === '' ? undefined : p.model,
    modelConfig: p.modelConfig === '' ? undefined : p.modelConfig,
  });
  const heads = spec.attention.queryHeads;
  if (heads % p.tp !== 0) {
    throw new UserError(msg`${param('tp')} ${p.tp} must divide the ${heads} attention heads of ${spec.id}`);
  }
  return spec;
}

/**
 * The warnings (`Estimate.warnings`) an LLM estimate carries about its context: they stay estimates, not
 * errors. `what` gives the parameters the positions come from, e.g. `` () => msg`${param('context')} 9000 + 1 new token` ``.
 */
export function contextWarnings(spec: ModelSpec, positions: number, what: () => Message): Message[] {
  // `what` is built only for a warning: estimates call this on every evaluation.
  return positions > spec.maxContextTokens
    ? [
        msg`${what()} = ${positions} positions exceeds ${spec.id}'s max_position_embeddings (${spec.maxContextTokens})`,
      ]
    : [];
}
