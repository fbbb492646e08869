/**
 * What llm-prefill and llm-decode share: the model flags, validation that names the flag, and turning a
 * forward pass's ops into an {@link Estimate}.
 * @module
 */

import { type ForwardInput, forwardOps, linearMathPrecision } from '../../../test/oracle/forward-ops.ts';
import { UserError } from '../../errors.ts';
import type { GpuSpec } from '../../hardware/types.ts';
import { capacityCheck } from '../../model/capacity.ts';
import { collectiveOp } from '../../model/collective-op.ts';
import { assembleFromBreakdown, type Estimate, newBreakdown } from '../../model/estimate.ts';
import { DEFAULT_GPUS_PER_NODE } from '../../model/interconnect.ts';
import { gpuResources } from '../../model/resources.ts';
import { opTime } from '../../model/roofline.ts';
import type { Scenario } from '../../model/types.ts';
import { formatBytes, resourceAssumptions } from '../common.ts';
import type { ParamSpec } from '../params.ts';
import { KV_DTYPES, type KvDtype, WEIGHT_DTYPES, type WeightDtype } from './models/dtypes.ts';
import { MODEL_PRESET_IDS } from './models/presets/index.ts';
import { resolveModelSpec } from './models/resolve.ts';
import type { ModelSpec } from './models/types.ts';
import type { ParallelLayout } from './parallel-layout.ts';
import { addPassRange, type RangeTotals, type RowStyle } from './pass.ts';
import { passSetup } from './pass-setup.ts';
import { kvCacheBytesPerGpu } from './plan.ts';

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

/** What the caller derives its throughput metric from. */
export interface LlmRun {
  readonly workload: string;
  readonly gpu: GpuSpec;
  readonly params: Readonly<Record<string, number | string | boolean>>;
  readonly input: ForwardInput;
  readonly decode: boolean;
  readonly throughputMetric: string;
  /** Tokens the pass yields per GPU (output tokens for decode, input tokens for prefill). */
  readonly tokensPerGpu: number;
  readonly assumptions: readonly string[];
}

const PASS_ROWS: RowStyle = { prefix: '', countOnes: false };

/** Time one forward pass on one GPU of its TP group (the three scenarios in one pass over the ops). */
export function estimateLlmPass(run: LlmRun): Estimate {
  const { gpu, input } = run;
  const gpusPerNode = run.params.gpusPerNode as number;
  const setup = passSetup(
    gpu,
    input.spec,
    passLayout(input.tp, gpusPerNode),
    input.weightDtype,
    input.kvDtype,
  );
  const rows = newBreakdown();
  const totals: RangeTotals = { nominalSec: 0, optimisticSec: 0, pessimisticSec: 0 };
  const pass = {
    sequences: input.sequences,
    newTokens: input.newTokensPerSequence,
    priorTokens: input.priorTokens,
    decode: run.decode,
  };
  addPassRange(setup, pass, 1, PASS_ROWS, rows, totals);
  const { plan, linear } = setup;
  const kvCacheBytes = kvCacheBytesPerGpu(
    plan,
    input.sequences,
    input.priorTokens + input.newTokensPerSequence,
  );
  return assembleFromBreakdown(
    {
      gpu: gpu.id,
      workload: run.workload,
      params: run.params,
      throughputMetric: run.throughputMetric,
      capacity: capacityCheck(gpu, plan.weightBytesPerGpu + kvCacheBytes),
      confidence: linear.curve.confidence,
      assumptions: [
        ...run.assumptions,
        `model ${input.spec.id} (${input.spec.source}): ${(input.spec.params.total / 1e9).toFixed(1)}B params, ${(input.spec.params.active / 1e9).toFixed(1)}B active`,
        `memory per GPU: weights ${formatBytes(plan.weightBytesPerGpu)} + KV cache ${formatBytes(kvCacheBytes)}; activations and runtime workspace not counted`,
        `weights ${input.weightDtype} (embedding, LM head, norms and routers bf16), KV cache ${input.kvDtype}, activations bf16`,
        'MoE: routing assumed uniform, so a pass reads the expected number of distinct experts its tokens touch',
        ...(input.tp > 1
          ? [
              `TP ${input.tp}: Megatron sharding, 2 all-reduces of the hidden state per layer, not overlapped; ${setup.links.tp?.description ?? ''}`,
            ]
          : []),
        'norms, rotary embedding, activation functions and sampling are not costed (elementwise, small next to GEMMs)',
        ...resourceAssumptions(gpu, linear, true),
      ],
    },
    rows,
    { [run.throughputMetric]: run.tokensPerGpu / totals.nominalSec },
    totals.optimisticSec,
    totals.pessimisticSec,
  );
}

/** The layout of a single TP group (llm-prefill, llm-decode): no EP, PP or DP. */
function passLayout(tp: number, gpusPerNode: number): ParallelLayout {
  return {
    tp,
    pp: 1,
    dp: 1,
    ep: 1,
    numGpus: tp,
    nodes: Math.ceil(tp / gpusPerNode),
    gpusPerNode,
    warnings: [],
  };
}

/**
 * Fast path for sweeps and the serving estimator: the time of one pass in one scenario, in seconds, with no
 * breakdown, assumptions or capacity check. Equal to an estimate's `timeMs / 1e3` for the same scenario.
 */
export function llmPassTimeSec(
  gpu: GpuSpec,
  input: ForwardInput,
  decode: boolean,
  gpusPerNode: number,
  scenario: Scenario = 'nominal',
): number {
  const passes = forwardOps(input, decode);
  const linear = gpuResources(gpu, linearMathPrecision(input.weightDtype), '--weight-dtype').byScenario[
    scenario
  ];
  const bf16 = gpuResources(gpu, 'bf16').byScenario[scenario];
  let timeSec = 0;
  for (const { cost, repeat, math } of passes.ops) {
    timeSec += repeat * opTime(cost, math === 'linear' ? linear : bf16).timeSec;
  }
  if (passes.allReduce) {
    const { messageBytes, count } = passes.allReduce;
    timeSec +=
      count * collectiveOp(gpu, 'all-reduce', messageBytes, input.tp, gpusPerNode, scenario).op.timeSec;
  }
  return timeSec;
}
