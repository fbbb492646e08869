/**
 * `training`: step time, tokens/s, MFU and GPU-hours of pre-training a model on `numGpus` GPUs with
 * TP/PP/DP/EP, dense or MoE. A configuration that does not fit is a result with the memory needed.
 * @module
 */

import { msg, param, UserError } from '../../errors.ts';
import type { GpuSpec } from '../../hardware/types.ts';
import { capacityCheck } from '../../model/capacity.ts';
import { assembleFromBreakdown, type Estimate } from '../../model/estimate.ts';
import { formatBytes, integerParam, resourceAssumptions } from '../common.ts';
import type { ParamSpec, ParamsOf } from '../params.ts';
import type { TypedWorkload } from '../types.ts';
import {
  contextWarnings,
  llmModel,
  refusedParam,
  TRAINING_MODEL_PARAMS,
  WEIGHT_DTYPE_PARAM,
} from './model-params.ts';
import { flopsPerToken } from './models/costs.ts';
import { describeLayout, PARALLEL_PARAMS, resolveLayout } from './parallel-layout.ts';
import type { PassShape } from './pass.ts';
import { passSetup } from './pass-setup.ts';
import {
  ACTIVATION_BYTES_PER_TOKEN_HIDDEN,
  type Recompute,
  TRAINING_BYTES_PER_PARAM,
  trainingMemory,
  trainingParams,
  trainingStep,
} from './training-model.ts';

/** Math precisions training supports. */
export const TRAINING_PRECISIONS = ['bf16', 'fp8'] as const;

const TRAINING_PARAMS = [
  ...TRAINING_MODEL_PARAMS,
  ...PARALLEL_PARAMS,
  {
    key: 'trainTokens',
    flag: '--train-tokens',
    description: 'tokens to train on (for GPU-hours)',
    kind: 'number',
    default: 1e12,
  },
  integerParam('globalBatch', 'sequences per optimizer step, all DP replicas together', 1024),
  {
    key: 'seqLen',
    flag: '--seq-len',
    aliases: ['--context'],
    description: 'tokens per sequence',
    kind: 'integer',
    default: 4096,
  },
  integerParam('microBatch', 'sequences per micro-batch', 1),
  {
    key: 'precision',
    flag: '--precision',
    description: `GEMM precision: ${TRAINING_PRECISIONS.join('|')} (fp8: linear layers in fp8, attention bf16)`,
    kind: 'choice',
    choices: TRAINING_PRECISIONS,
    default: 'bf16',
  },
  WEIGHT_DTYPE_PARAM,
  refusedParam(
    'kvDtype',
    '--kv-dtype',
    msg`${param('kvDtype')}: training keeps no KV cache (attention runs in bf16 over each sequence)`,
  ),
  refusedParam(
    'tokens',
    '--tokens',
    msg`${param('tokens')} is prefill tokens per GPU (llm-prefill); the tokens training runs on are ${param('trainTokens')}: give ${param('trainTokens')} instead`,
  ),
] as const satisfies readonly ParamSpec[];

/**
 * Parsed `training` parameters: the model's and the layout's, `trainTokens` to train on (for GPU-hours),
 * `globalBatch` (sequences per optimizer step, all DP replicas together), `seqLen`, `microBatch` (sequences
 * per micro-batch), the GEMM `precision` and `weightDtype` (bf16: the precision training stores its weights
 * in, as for inference). `kvDtype` and `tokens` are refused: they belong to the inference workloads.
 */
export type TrainingParams = ParamsOf<typeof TRAINING_PARAMS>;

/** Estimate one training configuration. Metrics: `stepTimeS`, `tokensPerSec`, `mfu`, `gpuHours` (and `timeMs`, the step). */
export function estimateTraining(gpu: GpuSpec, p: TrainingParams): Estimate {
  refuseInferenceParams(p);
  const spec = llmModel(p);
  const layout = resolveLayout(spec, p);
  const perReplica = p.globalBatch / layout.dp;
  if (!Number.isInteger(perReplica / p.microBatch)) {
    throw new UserError(
      msg`${param('globalBatch')} ${p.globalBatch} must be a multiple of ${param('dp')} ${layout.dp} x ${param('microBatch')} ${p.microBatch}`,
    );
  }
  const microBatches = perReplica / p.microBatch;
  const setup = passSetup(gpu, spec, layout, p.precision, 'bf16', 'precision');
  const fwd: PassShape = { sequences: p.microBatch, newTokens: p.seqLen, priorTokens: 0, decode: false };
  const bf16Setup = p.precision === 'bf16' ? setup : passSetup(gpu, spec, layout, 'bf16', 'bf16');
  const params = trainingParams(bf16Setup);
  const selective = trainingMemory(setup, params, p.microBatch, p.seqLen, microBatches, 'selective');
  const recompute: Recompute = capacityCheck(gpu, selective.totalBytes).fits ? 'selective' : 'full';
  const memory =
    recompute === 'selective'
      ? selective
      : trainingMemory(setup, params, p.microBatch, p.seqLen, microBatches, 'full');
  const tokensPerStep = p.globalBatch * p.seqLen;
  const flopsPerTrainedToken = 3 * flopsPerToken(spec, (p.seqLen + 1) / 2, 'prefill').total;
  const bf16Peak = gpu.peakDenseOpsPerSec.bf16.value ?? Number.NaN;
  const capacity = capacityCheck(gpu, memory.totalBytes);
  const cap = gpu.memoryCapacityBytes.value;
  const warnings = [...layout.warnings, ...contextWarnings(spec, p.seqLen, () => msg`${param('seqLen')}`)];
  const assumptions = [
    ...(capacity.fits || cap === null
      ? []
      : [
          `does not fit: needs ${formatBytes(memory.totalBytes)} per GPU of ${formatBytes(cap)}; minimum GPUs: ${Math.ceil((memory.totalBytes * layout.numGpus) / cap)} (sharding the same state evenly)`,
        ]),
    `model ${spec.id} (${spec.source}): ${(spec.params.total / 1e9).toFixed(1)}B params, ${(spec.params.active / 1e9).toFixed(1)}B active`,
    describeLayout(layout),
    `step: global batch ${p.globalBatch} x ${p.seqLen} tokens; ${microBatches} micro-batch(es) of ${p.microBatch} per DP replica; 1F1B pipeline with ${layout.pp - 1} bubble slot(s) per stage`,
    recompute === 'selective'
      ? 'backward = 2x forward compute and the same collectives again; selective activation recomputation (its cost not counted)'
      : `full activation recomputation (selective needs ${formatBytes(selective.totalBytes)} per GPU): the forward runs twice, so compute is 4x forward and TP/EP collectives 3x`,
    `MFU = model flops (3x forward: 2 x active params per token + causal attention) / (GPUs x bf16 dense peak ${formatFlops(bf16Peak)}), the usual convention even for fp8 training`,
    `DP gradient all-reduce of bf16 gradients (dense over DP ${layout.dp}${params.expertParamsPerGpu > 0 ? `, experts over their ${layout.ep > 1 ? (layout.dp * layout.tp) / layout.ep : layout.dp} replicas` : ''}), bucketed to overlap the last micro-batch's backward; only the excess is exposed`,
    `memory per GPU: weights ${formatBytes(memory.weightBytes)} (bf16) + gradients ${formatBytes(memory.gradBytes)} (fp32) + Adam state ${formatBytes(memory.optimizerBytes)} (fp32 master, m, v; sharded over DP, ZeRO-1) + activations ${formatBytes(memory.activationBytes)} (${recompute === 'selective' ? `${ACTIVATION_BYTES_PER_TOKEN_HIDDEN} B` : '2 B (layer input)'} x tokens x hidden / TP per layer, ${recompute} recomputation, ${Math.min(microBatches, layout.pp)} micro-batch(es) in flight)`,
    `bytes per parameter: ${TRAINING_BYTES_PER_PARAM.weights} + ${TRAINING_BYTES_PER_PARAM.grads} + ${TRAINING_BYTES_PER_PARAM.optimizer}/DP`,
    `GEMMs in ${p.precision}; attention bf16; MoE routing uniform (perfectly balanced experts)`,
    ...(setup.links.tp
      ? [
          `TP ${layout.tp}: 2 all-reduces per layer forward, 2 backward, not overlapped; ${setup.links.tp.description}`,
        ]
      : []),
    ...(setup.links.ep
      ? [
          `EP ${layout.ep}: all-to-all dispatch + combine per MoE layer forward and backward, not overlapped; ${setup.links.ep.description}`,
        ]
      : []),
    ...(setup.links.pp
      ? [`PP ${layout.pp}: activation sends between stages; ${setup.links.pp.description}`]
      : []),
    'not modelled: failures and restarts, checkpointing, data loading, stragglers, load imbalance across experts',
    ...resourceAssumptions(gpu, setup.linear, true),
  ];
  const step = trainingStep(setup, fwd, params, microBatches, recompute);
  const stepSec = step.rows.totalSec;
  const tokensPerSec = tokensPerStep / stepSec;
  return assembleFromBreakdown(
    {
      gpu: gpu.id,
      workload: 'training',
      params: { ...p, model: spec.id },
      throughputMetric: 'tokensPerSec',
      capacity,
      confidence: setup.linear.curve.confidence,
      warnings,
      assumptions,
    },
    step.rows,
    {
      stepTimeS: stepSec,
      tokensPerSec,
      mfu: (tokensPerSec * flopsPerTrainedToken) / (layout.numGpus * bf16Peak),
      gpuHours: ((p.trainTokens / tokensPerSec) * layout.numGpus) / 3600,
    },
    step.optimisticSec,
    step.pessimisticSec,
  );
}

/**
 * Reject what the inference vocabulary means and training cannot: `tokens` (training's tokens are
 * `trainTokens`), `kvDtype`, and a `weightDtype` other than bf16. Training stores bf16 weights (an fp32 master
 * copy sits in the optimizer state) and casts them for each GEMM: `precision` chooses the GEMMs' precision.
 */
function refuseInferenceParams(p: TrainingParams): void {
  switch (p.weightDtype) {
    case 'bf16':
      return;
    case 'fp8':
      throw new UserError(
        msg`${param('weightDtype')} fp8: training stores its weights in bf16 (an fp32 master copy in the optimizer state) and casts them for each GEMM, so ${param('weightDtype')} stays bf16; fp8 GEMMs are ${param('precision')} fp8`,
      );
    case 'fp16':
      throw new UserError(
        msg`${param('weightDtype')} fp16: fp16 mixed precision (loss scaling) is not modelled; training stores bf16 weights`,
      );
    case 'int4':
      throw new UserError(
        msg`${param('weightDtype')} int4 is weight-only quantization for inference; training stores bf16 weights`,
      );
  }
}

function formatFlops(opsPerSec: number): string {
  return `${Math.round(opsPerSec / 1e12)} TFLOPS`;
}

/** The `training` workload. */
export const TRAINING_WORKLOAD: TypedWorkload<typeof TRAINING_PARAMS> = {
  kind: 'training',
  summary: 'LLM pre-training: step time, tokens/s, MFU (vs bf16 dense peak) and GPU-hours, dense or MoE',
  params: TRAINING_PARAMS,
  throughputMetric: 'tokensPerSec',
  throughputUnit: 'tokens/s',
  example:
    '--model llama-3-70b --num-gpus 64 --tp 8 --pp 2 --dp 4 --global-batch 512 --seq-len 8192 --train-tokens 15e12',
  estimate: estimateTraining,
};
