/**
 * `training`: step time, tokens/s, MFU and GPU-hours of pre-training a model on `numGpus` GPUs with
 * TP/PP/DP/EP, dense or MoE. A configuration that does not fit is a result with the memory needed.
 * @module
 */

import { msg, param, UserError } from '../../errors.ts';
import type { GpuSpec } from '../../hardware/types.ts';
import { attentionBackwardTimeRatio } from '../../model/attention-efficiency.ts';
import { capacityCheck } from '../../model/capacity.ts';
import { ATTENTION_KERNEL_NAMES } from '../../model/data/attention-points.ts';
import { FP8_WGRAD_EFFICIENCY } from '../../model/data/wgrad-points.ts';
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
import { mtpModulesOf } from './mtp.ts';
import { describeLayout, PARALLEL_PARAMS, resolveLayout } from './parallel-layout.ts';
import type { PassShape } from './pass.ts';
import { passSetup } from './pass-setup.ts';
import {
  ACTIVATION_BYTES_PER_TOKEN_HIDDEN,
  type ActivationPlan,
  layersPerStage,
  RECOMPUTE_MODES,
  TRAINING_BYTES_PER_PARAM,
  type TrainingMemory,
  trainingMemory,
  trainingParamCounts,
  trainingStep,
} from './training-model.ts';
import { dualPipeShare, PIPELINE_SCHEDULES, tpOverlapShare } from './training-overlap.ts';

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
  {
    key: 'attentionKernel',
    flag: '--attention-kernel',
    description:
      "attention kernel: auto|fa2|fa3 (auto: FA3 on Hopper, FA2 elsewhere; fa3 needs Hopper; the backward at the kernel's published backward rate)",
    kind: 'choice',
    choices: ['auto', 'fa2', 'fa3'],
    default: 'auto',
  },
  {
    key: 'recompute',
    flag: '--recompute',
    description:
      'activation recomputation: auto|selective|full (auto: selective when it fits, else full recomputation of the fewest layers per stage that fits)',
    kind: 'choice',
    choices: RECOMPUTE_MODES,
    default: 'auto',
  },
  {
    key: 'tpCommOverlap',
    flag: '--tp-comm-overlap',
    description:
      'overlap TP all-gathers/reduce-scatters with the GEMMs beside them (Megatron-LM --tp-comm-overlap, Transformer Engine userbuffers): on|off',
    kind: 'choice',
    choices: ['on', 'off'],
    default: 'on',
  },
  {
    key: 'pipelineSchedule',
    flag: '--pipeline-schedule',
    description:
      'pipeline schedule: 1f1b|dualpipe (DeepSeek-V3: EP all-to-all and PP sends hidden behind compute, smaller bubble, two parameter copies)',
    kind: 'choice',
    choices: PIPELINE_SCHEDULES,
    default: '1f1b',
  },
  {
    key: 'mtp',
    flag: '--mtp',
    description:
      'train the multi-token-prediction module too (models with one, e.g. deepseek-v3, which trained with depth 1): on|off',
    kind: 'choice',
    choices: ['on', 'off'],
    default: 'off',
  },
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
  checkWeightDtype(p);
  const spec = llmModel(p);
  const layout = resolveLayout(spec, p);
  const perReplica = p.globalBatch / layout.dp;
  if (!Number.isInteger(perReplica / p.microBatch)) {
    throw new UserError(
      msg`${param('globalBatch')} ${p.globalBatch} must be a multiple of ${param('dp')} ${layout.dp} x ${param('microBatch')} ${p.microBatch}`,
    );
  }
  const microBatches = perReplica / p.microBatch;
  const dualPipe = p.pipelineSchedule === 'dualpipe';
  if (dualPipe) checkDualPipe(layout.pp, microBatches);
  const setup = passSetup(gpu, spec, layout, p.precision, 'bf16', 'precision', p.attentionKernel);
  const attentionKernel = setup.attention.prefill.kernel;
  const fwd: PassShape = {
    sequences: p.microBatch,
    newTokens: p.seqLen,
    priorTokens: 0,
    decode: false,
    // The loss needs every token's logits.
    logitsPerSequence: p.seqLen,
  };
  const bf16Setup =
    p.precision === 'bf16'
      ? setup
      : passSetup(gpu, spec, layout, 'bf16', 'bf16', 'precision', p.attentionKernel);
  const oneCopy = trainingParamCounts(bf16Setup);
  // DualPipe keeps two copies of the parameters (DeepSeek-V3 report, Table 2): weights, gradients, state.
  const params = dualPipe
    ? {
        denseParamsPerGpu: 2 * oneCopy.denseParamsPerGpu,
        expertParamsPerGpu: 2 * oneCopy.expertParamsPerGpu,
      }
    : oneCopy;
  // Micro-batches of activations the first stage holds: 1F1B min(M, pp); DualPipe pp + 1 (Table 2).
  const inFlight = dualPipe ? layout.pp + 1 : Math.min(microBatches, layout.pp);
  const memoryOf = (activations: ActivationPlan) =>
    trainingMemory(setup, params, p.microBatch, p.seqLen, inFlight, activations);
  const { activations, memory, selective } = chooseRecompute(
    gpu,
    p.recompute,
    layersPerStage(setup),
    memoryOf,
  );
  const tokensPerStep = p.globalBatch * p.seqLen;
  const flopsPerTrainedToken = 3 * flopsPerToken(spec, (p.seqLen + 1) / 2, 'prefill').total;
  const bf16Peak = gpu.peakDenseOpsPerSec.bf16.value ?? Number.NaN;
  const capacity = capacityCheck(gpu, memory.totalBytes);
  const cap = gpu.memoryCapacityBytes.value;
  const warnings = [...layout.warnings, ...contextWarnings(spec, p.seqLen, () => msg`${param('seqLen')}`)];
  const step = trainingStep(setup, fwd, params, microBatches, {
    activations,
    tpCommOverlap: p.tpCommOverlap === 'on',
    schedule: p.pipelineSchedule,
    mtpModules: p.mtp === 'on' ? mtpModulesOf(spec) : 0,
  });
  const { recomputedLayers: k, layersPerStage: perStage } = activations;
  const hiddenMs = (sec: number) => `${(sec * 1e3).toPrecision(3)} ms`;
  const assumptions = [
    ...(capacity.fits || cap === null
      ? []
      : [
          `does not fit: needs ${formatBytes(memory.totalBytes)} per GPU of ${formatBytes(cap)}; minimum GPUs: ${Math.ceil((memory.totalBytes * layout.numGpus) / cap)} (sharding the same state evenly)`,
        ]),
    `model ${spec.id} (${spec.source}): ${(spec.params.total / 1e9).toFixed(1)}B params, ${(spec.params.active / 1e9).toFixed(1)}B active`,
    describeLayout(layout),
    dualPipe
      ? `step: global batch ${p.globalBatch} x ${p.seqLen} tokens; ${microBatches} micro-batch(es) of ${p.microBatch} per DP replica; DualPipe (pipelineSchedule dualpipe; DeepSeek-V3 report, Table 2): bubble (PP/2 - 1)(F&B + B - 3W) = ${layout.pp / 2 - 1} x (F&B + B - 3W) per stage with W = forward compute, B = ${2 + k / perStage}x it; two copies of the parameters, ${inFlight} micro-batches of activations in flight`
      : `step: global batch ${p.globalBatch} x ${p.seqLen} tokens; ${microBatches} micro-batch(es) of ${p.microBatch} per DP replica; 1F1B pipeline with ${layout.pp - 1} bubble slot(s) per stage (pipelineSchedule 1f1b)`,
    k === 0
      ? `backward = 2x forward compute (attention: below) and the same collectives again; selective activation recomputation (attention recomputed, as FlashAttention's backward does; its cost not counted); recompute ${p.recompute}`
      : k === perStage
        ? `full activation recomputation (recompute ${p.recompute}${p.recompute === 'auto' ? `: selective needs ${formatBytes(selective.totalBytes)} per GPU` : ''}): the forward runs twice, so compute is 4x forward and TP/EP collectives 3x`
        : `full activation recomputation of ${k} of ${perStage} layers per stage (Megatron-LM --recompute-method block; recompute ${p.recompute}: selective needs ${formatBytes(selective.totalBytes)} per GPU): compute ${3 + k / perStage}x forward, TP/EP collectives ${2 + k / perStage}x`,
    `MFU = model flops (3x forward: 2 x active params per token + causal attention) / (GPUs x bf16 dense peak ${formatFlops(bf16Peak)}), the usual convention even for fp8 training`,
    `DP gradient all-reduce of bf16 gradients (dense over DP ${layout.dp}${params.expertParamsPerGpu > 0 ? `, experts over their ${layout.ep > 1 ? (layout.dp * layout.tp) / layout.ep : layout.dp} replicas` : ''}), bucketed to overlap the last micro-batch's backward; only the excess is exposed`,
    `memory per GPU: weights ${formatBytes(memory.weightBytes)} (bf16) + gradients ${formatBytes(memory.gradBytes)} (fp32) + Adam state ${formatBytes(memory.optimizerBytes)} (fp32 master, m, v; sharded over DP, ZeRO-1) + activations ${formatBytes(memory.activationBytes)} (${ACTIVATION_BYTES_PER_TOKEN_HIDDEN} B x tokens x hidden / TP per layer kept${k > 0 ? `, 2 B (layer input) for the ${k} recomputed layer(s)` : ''}, ${inFlight} micro-batch(es) in flight)`,
    `bytes per parameter: ${TRAINING_BYTES_PER_PARAM.weights} + ${TRAINING_BYTES_PER_PARAM.grads} + ${TRAINING_BYTES_PER_PARAM.optimizer}/DP`,
    `GEMMs in ${p.precision}; attention bf16; MoE routing uniform (perfectly balanced experts)`,
    ...(p.precision === 'fp8'
      ? [
          `fp8 weight-gradient GEMMs at ${FP8_WGRAD_EFFICIENCY} of the forward curve's rate at their shape (DeepGEMM's published fine-grained fp8 weight-gradient figures on H800, pull request 95; model/data/wgrad-points.ts)`,
        ]
      : []),
    `attention backward: 2.5x the forward's flops at ${ATTENTION_KERNEL_NAMES[attentionKernel]}'s published backward rate, ${attentionBackwardTimeRatio(attentionKernel, p.seqLen).toFixed(2)}x the forward's time at sequence ${p.seqLen} (FlashAttention-3 paper, backward and forward figures); the LM head scores all ${p.seqLen} tokens of each sequence`,
    `memory-bound kernels by the bytes they move on the memory line, a launch each: ${p.precision === 'fp8' ? 'fp8 casts of GEMM inputs and gradients, ' : ''}norms, rotary, SwiGLU${params.expertParamsPerGpu > 0 ? ', MoE permute' : ''} (rows "fwd+bwd norms", ...); copies, fills and other small kernels not counted`,
    ...(setup.links.tp
      ? [
          p.tpCommOverlap === 'on'
            ? `TP ${layout.tp}: 2 all-reduces' bytes per layer forward, 2 backward, as sequence-parallel all-gathers and reduce-scatters overlapped with the GEMMs beside them (tpCommOverlap on; Megatron-LM --tp-comm-overlap with Transformer Engine userbuffers, whose defaults take ${1} SM for the ring-exchange all-gathers and 16 for the reduce-scatters): hidden = min(GEMMs, s x TP traffic), s = ${tpOverlapShare(gpu).toFixed(3)}, ${hiddenMs(step.hiddenTpSec)} hidden per step (hiddenMs); ${setup.links.tp.description}`
            : `TP ${layout.tp}: 2 all-reduces per layer forward, 2 backward, not overlapped (tpCommOverlap off); ${setup.links.tp.description}`,
        ]
      : []),
    ...(setup.links.ep
      ? [
          `EP ${layout.ep}: all-to-all dispatch + combine per MoE layer forward and backward, ${dualPipe ? 'overlapped by DualPipe' : 'not overlapped (pipelineSchedule 1f1b)'}; ${setup.links.ep.description}`,
        ]
      : []),
    ...(setup.links.pp
      ? [`PP ${layout.pp}: activation sends between stages; ${setup.links.pp.description}`]
      : []),
    ...(dualPipe && (setup.links.ep || setup.links.pp)
      ? [
          `DualPipe overlap: a forward and a backward chunk run together, so EP all-to-all and PP sends hide behind compute, which runs on the other SMs for the whole slot: slot = max(compute left after TP overlap / s, EP + PP) where that beats running them in turn, s = ${dualPipeShare(gpu).toFixed(3)} (20 SMs communicate, DeepSeek-V3 report; its profile launches its GEMMs on 112 of 132 SMs); where the split is made, the exposed EP + PP time is at least the compute slowed by it; ${hiddenMs(step.hiddenEpPpSec)} hidden per step (hiddenMs)`,
        ]
      : []),
    ...(p.mtp === 'on'
      ? [
          `multi-token prediction (mtp on; DeepSeek-V3 report, section 2.2: depth 1): ${spec.mtpModulesInConfig} module(s), each costed as one average layer plus a second LM head over every token, forward and backward (row "fwd+bwd mtp module"); its all-to-all and its memory are not counted, nor its flops in MFU`,
        ]
      : []),
    'not modelled: failures and restarts, checkpointing, data loading, stragglers, load imbalance across experts',
    ...resourceAssumptions(gpu, setup.linear, true),
  ];
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
 * The activation plan: `selective` keeps every layer's activations; `full` recomputes every layer; `auto`
 * is selective when it fits, else the fewest fully recomputed layers per stage that fit (all of them when
 * none does: the estimate then reports the memory needed).
 */
function chooseRecompute(
  gpu: GpuSpec,
  mode: TrainingParams['recompute'],
  perStage: number,
  memoryOf: (a: ActivationPlan) => TrainingMemory,
): { activations: ActivationPlan; memory: TrainingMemory; selective: TrainingMemory } {
  const plan = (recomputedLayers: number): ActivationPlan => ({ recomputedLayers, layersPerStage: perStage });
  const selective = memoryOf(plan(0));
  if (mode === 'selective') return { activations: plan(0), memory: selective, selective };
  const start = mode === 'full' ? perStage : 0;
  for (let k = start; k < perStage; k++) {
    const memory = k === 0 ? selective : memoryOf(plan(k));
    if (capacityCheck(gpu, memory.totalBytes).fits) return { activations: plan(k), memory, selective };
  }
  return { activations: plan(perStage), memory: memoryOf(plan(perStage)), selective };
}

/** DualPipe's own constraints (deepseek-ai/DualPipe `step`: even ranks, even chunks, chunks >= 2 x ranks). */
function checkDualPipe(pp: number, microBatches: number): void {
  if (pp < 2 || pp % 2 !== 0) {
    throw new UserError(
      msg`${param('pipelineSchedule')} dualpipe needs an even ${param('pp')} of at least 2 (got ${pp}): it runs micro-batches from both ends of the pipeline`,
    );
  }
  if (microBatches % 2 !== 0 || microBatches < 2 * pp) {
    throw new UserError(
      msg`${param('pipelineSchedule')} dualpipe needs an even number of micro-batches per DP replica, at least 2 x ${param('pp')} = ${2 * pp} (got ${microBatches} = ${param('globalBatch')} / (${param('dp')} x ${param('microBatch')}))`,
    );
  }
}

/**
 * Reject a `weightDtype` other than bf16 (`tokens` and `kvDtype` are refused params). Training stores bf16
 * weights (an fp32 master copy sits in the optimizer state) and casts them for each GEMM: `precision` chooses
 * the GEMMs' precision.
 */
function checkWeightDtype(p: TrainingParams): void {
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
