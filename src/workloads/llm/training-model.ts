/**
 * The training model, without estimate plumbing: per-GPU memory (weights, gradients, optimizer state,
 * activations), the step's rows (forward + backward of every micro-batch with the 1F1B pipeline bubble, TP
 * and EP collectives, pipeline sends) and the exposed DP gradient all-reduce.
 *
 * - Backward costs twice the forward's compute and repeats its collectives once. Activations are kept with
 *   selective recomputation (its cost folded in) when they fit; otherwise full recomputation keeps only each
 *   layer's input and re-runs the forward (compute x4 instead of x3, collectives x3 instead of x2).
 * - 1F1B: a stage runs `M + pp - 1` micro-batch slots per step, `M = global batch / (dp x micro batch)`.
 * - DP gradients (bf16) are all-reduced (ZeRO-1 reduce-scatter + all-gather moves the same bytes) in
 *   buckets that overlap the last micro-batch's backward; only the excess is exposed.
 * @module
 */
import { collectiveOp } from '../../model/collective-op.ts';
import { addBreakdownRow, type BreakdownAccumulator, newBreakdown } from '../../model/estimate.ts';
import { collectiveLinkFor } from '../../model/interconnect.ts';
import { opTime } from '../../model/roofline.ts';
import type { OpCost, Scenario } from '../../model/types.ts';
import { evaluatePass, type PassShape, type RangeTotals, type RowStyle, zeroTotals } from './pass.ts';
import type { PassSetup } from './pass-setup.ts';

/** Bytes per parameter: bf16 weights, fp32 gradient accumulation, Adam fp32 master + m + v (sharded). */
export const TRAINING_BYTES_PER_PARAM = { weights: 2, grads: 4, optimizer: 12 } as const;
/** Activation bytes per token per layer per hidden unit with sequence parallelism and selective recomputation (Korthikanti et al. 2022: 34 s b h / t). */
export const ACTIVATION_BYTES_PER_TOKEN_HIDDEN = 34;

/** Parameters one GPU stores, split by the group their gradients are reduced over. */
export interface TrainingParams {
  /** Attention, dense FFN, shared experts, embeddings: replicated over `dp`. */
  readonly denseParamsPerGpu: number;
  /** Routed experts: replicated over `dp x tp / ep` (or over `dp` when experts follow TP). */
  readonly expertParamsPerGpu: number;
}

/** Per-GPU parameter counts of a stage. `bf16Setup` is the layout with bf16 weights (2 B each). */
export function trainingParams(bf16Setup: PassSetup): TrainingParams {
  const { spec, layout } = bf16Setup;
  const total = bf16Setup.stageWeightBytes / 2;
  let expert = 0;
  const layersPerStage = Math.ceil(spec.layerCount / layout.pp) / spec.layerCount;
  for (const g of spec.layerGroups) {
    if (g.ffn.kind !== 'moe') continue;
    const perGpu =
      layout.ep > 1 ? Math.ceil(g.ffn.routedExperts / layout.ep) : g.ffn.routedExperts / layout.tp;
    expert += g.layerCount * layersPerStage * perGpu * g.paramsPerExpert;
  }
  return { denseParamsPerGpu: total - expert, expertParamsPerGpu: expert };
}

/** Size of the group an expert's gradient is reduced over. */
export function expertReplicas(setup: PassSetup): number {
  const { dp, tp, ep } = setup.layout;
  return ep > 1 ? (dp * tp) / ep : dp;
}

/** How activations are kept: `selective` (attention recomputed) or `full` (only layer inputs kept). */
export type Recompute = 'selective' | 'full';

/** Adam state one GPU holds (fp32 master, m, v), sharded over its parameters' data-parallel replicas (ZeRO-1). */
function optimizerStateBytes(setup: PassSetup, params: TrainingParams): number {
  const sharded =
    params.denseParamsPerGpu / setup.layout.dp + params.expertParamsPerGpu / expertReplicas(setup);
  return TRAINING_BYTES_PER_PARAM.optimizer * sharded;
}

/** Per-GPU memory of training. */
export interface TrainingMemory {
  readonly weightBytes: number;
  readonly gradBytes: number;
  readonly optimizerBytes: number;
  readonly activationBytes: number;
  readonly totalBytes: number;
}

/** Memory per GPU for micro-batches of `microBatch` sequences of `seqLen` tokens. */
export function trainingMemory(
  setup: PassSetup,
  params: TrainingParams,
  microBatch: number,
  seqLen: number,
  microBatches: number,
  recompute: Recompute = 'selective',
): TrainingMemory {
  const { spec, layout } = setup;
  const all = params.denseParamsPerGpu + params.expertParamsPerGpu;
  const weightBytes = all * TRAINING_BYTES_PER_PARAM.weights;
  const gradBytes = all * TRAINING_BYTES_PER_PARAM.grads;
  const optimizerBytes = optimizerStateBytes(setup, params);
  // 1F1B: the first stage holds min(M, pp) micro-batches of its L/pp layers.
  const inFlight = Math.min(microBatches, layout.pp);
  const layersPerStage = Math.ceil(spec.layerCount / layout.pp);
  const perLayer = (ACTIVATION_BYTES_PER_TOKEN_HIDDEN * microBatch * seqLen * spec.hiddenSize) / layout.tp;
  const layerInput = (2 * microBatch * seqLen * spec.hiddenSize) / layout.tp;
  const activationBytes =
    recompute === 'selective'
      ? inFlight * layersPerStage * perLayer
      : inFlight * layersPerStage * layerInput + perLayer;
  return {
    weightBytes,
    gradBytes,
    optimizerBytes,
    activationBytes,
    totalBytes: weightBytes + gradBytes + optimizerBytes + activationBytes,
  };
}

/** One training step on one GPU: nominal breakdown rows and the step's time at each end of the range. */
export interface TrainingStep {
  readonly rows: BreakdownAccumulator;
  readonly optimisticSec: number;
  readonly pessimisticSec: number;
}

const STEP_ROWS: RowStyle = { prefix: 'fwd+bwd ', countOnes: true };

/**
 * One training step on one GPU: the forward pass of a micro-batch (`fwd`) weighted to forward + backward over
 * the stage's `M + pp - 1` micro-batch slots, then the exposed DP gradient all-reduce and the optimizer step.
 */
export function trainingStep(
  setup: PassSetup,
  fwd: PassShape,
  params: TrainingParams,
  microBatches: number,
  recompute: Recompute = 'selective',
): TrainingStep {
  const { layout } = setup;
  const slots = (microBatches + layout.pp - 1) / layout.pp;
  const full = recompute === 'full';
  const weights = { labelTimes: 1, ops: (full ? 4 : 3) * slots, comm: (full ? 3 : 2) * slots };
  const rows = newBreakdown();
  const totals = zeroTotals();
  const compute = zeroTotals();
  evaluatePass(setup, fwd, weights, { rows, style: STEP_ROWS, totals, ops: compute });
  // The backward of one micro-batch on one stage: 2x the forward's compute.
  const backwardSec = (computeSec: number) => (2 * (computeSec / weights.ops)) / layout.pp;
  const dp = {
    nominalSec: gradientAllReduceSec(setup, params, 'nominal'),
    optimisticSec: gradientAllReduceSec(setup, params, 'optimistic'),
    pessimisticSec: gradientAllReduceSec(setup, params, 'pessimistic'),
  };
  const exposed = (scenario: keyof RangeTotals) => Math.max(0, dp[scenario] - backwardSec(compute[scenario]));
  const dpSec = dp.nominalSec;
  const exposedSec = exposed('nominalSec');
  const share = dpSec > 0 ? Math.round((100 * exposedSec) / dpSec) : 0;
  const dpLabel = `dp gradient all-reduce (exposed ${share}% of ${(dpSec * 1e3).toPrecision(3)} ms)`;
  addBreakdownRow(rows, dpLabel, 0, 0, exposedSec, 'interconnect');
  // Optimizer step: reads and writes the sharded fp32 state once (memory-bound, small).
  const optimizer: OpCost = {
    op: 'optimizer step',
    flops: 0,
    bytes: 2 * optimizerStateBytes(setup, params),
    readFraction: 0.5,
    precision: null,
    shape: null,
  };
  const res = setup.bf16.byScenario;
  const step = opTime(optimizer, res.nominal);
  addBreakdownRow(rows, step.op, step.flops, step.bytes, step.timeSec, step.bound);
  return {
    rows,
    optimisticSec:
      totals.optimisticSec + exposed('optimisticSec') + opTime(optimizer, res.optimistic).timeSec,
    pessimisticSec:
      totals.pessimisticSec + exposed('pessimisticSec') + opTime(optimizer, res.pessimistic).timeSec,
  };
}

/** Time of the DP gradient all-reduce(s) of one step, before overlap. */
function gradientAllReduceSec(setup: PassSetup, params: TrainingParams, scenario: Scenario): number {
  const { layout, gpu } = setup;
  const { tp, dp, gpusPerNode } = layout;
  // Ranks order TP, then DP, then PP: a DP group leaves the node once tp x dp exceeds it.
  const crosses = tp * dp > gpusPerNode;
  const reduce = (bytes: number, group: number) => {
    if (group <= 1 || bytes <= 0) return 0;
    const link = collectiveLinkFor(gpu, crosses ? gpusPerNode + 1 : group, gpusPerNode, true);
    return collectiveOp(gpu, 'all-reduce', bytes, group, gpusPerNode, scenario, link).op.timeSec;
  };
  return (
    reduce(params.denseParamsPerGpu * 2, dp) + reduce(params.expertParamsPerGpu * 2, expertReplicas(setup))
  );
}
