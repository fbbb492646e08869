/**
 * The training model, without estimate plumbing: per-GPU memory (weights, gradients, optimizer state,
 * activations), the step's rows (forward + backward of every micro-batch with the 1F1B pipeline bubble, TP
 * and EP collectives, pipeline sends) and the exposed DP gradient all-reduce.
 *
 * - Backward costs twice the forward's compute (attention: FlashAttention's backward, 2.5x the forward's flops
 *   at its published rate, `attentionBackwardTimeRatio`) and repeats its collectives once. The memory-bound
 *   kernels around them (fp8 casts, norms, rotary, SwiGLU, MoE permute: training-elementwise.ts) run on the
 *   compute stream beside them. Activations are kept with
 *   selective recomputation (its cost folded in) when they fit; otherwise full recomputation keeps only each
 *   layer's input and re-runs the forward (compute x4 instead of x3, collectives x3 instead of x2).
 * - Partial recomputation (Megatron-LM `--recompute-method block`): `k` of a stage's layers keep only their
 *   input and re-run their forward, so compute is `3 + k/n` forwards and TP/EP collectives `2 + k/n`.
 * - 1F1B: a stage runs `M + pp - 1` micro-batch slots per step, `M = global batch / (dp x micro batch)`;
 *   DualPipe and TP overlap: see training-overlap.ts.
 * - DP gradients (bf16) are all-reduced (ZeRO-1 reduce-scatter + all-gather moves the same bytes) in
 *   buckets that overlap the last micro-batch's backward; only the excess is exposed.
 * @module
 */
import { attentionBackwardTimeRatio } from '../../model/attention-efficiency.ts';
import { collectiveOp } from '../../model/collective-op.ts';
import { ATTENTION_BACKWARD_FLOPS_RATIO } from '../../model/data/attention-points.ts';
import { FP8_WGRAD_EFFICIENCY } from '../../model/data/wgrad-points.ts';
import type { DeepEpRange } from '../../model/deepep.ts';
import {
  addBreakdownRow,
  addOverlappedRow,
  type BreakdownAccumulator,
  newBreakdown,
} from '../../model/estimate.ts';
import { collectiveLinkFor } from '../../model/interconnect.ts';
import { type OpTimeRangeOut, opTime, opTimeRangeInto } from '../../model/roofline.ts';
import type { OpCost, Scenario } from '../../model/types.ts';
import { lmHeadCost } from './attention-head-ops.ts';
import {
  collectiveRangeInto,
  evaluatePass,
  ONCE,
  type PassShape,
  passAttention,
  type RangeTotals,
  type RowStyle,
  zeroTotals,
} from './pass.ts';
import type { PassCollective, PassSetup } from './pass-setup.ts';
import { type LinearPlan, linearCostInto, opCostScratch } from './plan.ts';
import { type ElementwiseClass, trainingElementwise } from './training-elementwise.ts';
import {
  dualPipeShare,
  hiddenComm,
  type MicroBatchParts,
  type OverlapShares,
  type PipelineSchedule,
  pipelineStageSec,
  tpOverlapShare,
} from './training-overlap.ts';

/** Bytes per parameter: bf16 weights, fp32 gradient accumulation, Adam fp32 master + m + v (sharded). */
export const TRAINING_BYTES_PER_PARAM = { weights: 2, grads: 4, optimizer: 12 } as const;
/** Activation bytes per token per layer per hidden unit with sequence parallelism and selective recomputation (Korthikanti et al. 2022: 34 s b h / t). */
export const ACTIVATION_BYTES_PER_TOKEN_HIDDEN = 34;

/** Parameters one GPU stores, split by the group their gradients are reduced over. */
export interface TrainingParamCounts {
  /** Attention, dense FFN, shared experts, embeddings: replicated over `dp`. */
  readonly denseParamsPerGpu: number;
  /** Routed experts: replicated over `dp x tp / ep` (or over `dp` when experts follow TP). */
  readonly expertParamsPerGpu: number;
}

/** Per-GPU parameter counts of a stage. `bf16Setup` is the layout with bf16 weights (2 B each). */
export function trainingParamCounts(bf16Setup: PassSetup): TrainingParamCounts {
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

/** Recompute settings a user picks: `auto` is the least recomputation that fits in memory. */
export const RECOMPUTE_MODES = ['auto', 'selective', 'full'] as const;

/**
 * How a stage keeps activations: `recomputedLayers` of its `layersPerStage` layers are fully recomputed
 * (only their input kept, Megatron's `--recompute-method block`); the rest keep the selective-recomputation
 * activations. The backward of a recomputed layer re-runs its forward, collectives included.
 */
export interface ActivationPlan {
  readonly recomputedLayers: number;
  readonly layersPerStage: number;
}

/** Layers one pipeline stage holds (the first stage's share, rounded up). */
export function layersPerStage(setup: PassSetup): number {
  return Math.ceil(setup.spec.layerCount / setup.layout.pp);
}

/** Share of a stage's layers whose forward runs twice. */
export function recomputedShare(plan: ActivationPlan): number {
  return plan.layersPerStage > 0 ? plan.recomputedLayers / plan.layersPerStage : 0;
}

/** Adam state one GPU holds (fp32 master, m, v), sharded over its parameters' data-parallel replicas (ZeRO-1). */
function optimizerStateBytes(setup: PassSetup, params: TrainingParamCounts): number {
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

/**
 * Memory per GPU for micro-batches of `microBatch` sequences of `seqLen` tokens. The first stage holds
 * `inFlight` micro-batches of activations (1F1B: `min(M, pp)`; DualPipe: `pp + 1`). A stage that recomputes
 * any layer also holds one layer's full activations while it does.
 */
export function trainingMemory(
  setup: PassSetup,
  params: TrainingParamCounts,
  microBatch: number,
  seqLen: number,
  inFlight: number,
  activations: ActivationPlan,
): TrainingMemory {
  const { spec, layout } = setup;
  const all = params.denseParamsPerGpu + params.expertParamsPerGpu;
  const weightBytes = all * TRAINING_BYTES_PER_PARAM.weights;
  const gradBytes = all * TRAINING_BYTES_PER_PARAM.grads;
  const optimizerBytes = optimizerStateBytes(setup, params);
  const perLayer = (ACTIVATION_BYTES_PER_TOKEN_HIDDEN * microBatch * seqLen * spec.hiddenSize) / layout.tp;
  const layerInput = (2 * microBatch * seqLen * spec.hiddenSize) / layout.tp;
  const { recomputedLayers: k, layersPerStage: n } = activations;
  const activationBytes = inFlight * ((n - k) * perLayer + k * layerInput) + (k > 0 ? perLayer : 0);
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
  /** Nominal communication hidden over the step, seconds: TP traffic (TE overlap) and EP + PP (DualPipe). */
  readonly hiddenTpSec: number;
  readonly hiddenEpPpSec: number;
}

/** How a step runs: activations kept, TP overlap, pipeline schedule. */
export interface StepOptions {
  readonly activations: ActivationPlan;
  readonly tpCommOverlap: boolean;
  readonly schedule: PipelineSchedule;
  /**
   * Multi-token-prediction modules trained beside the model (DeepSeek-V3: 1): each one average layer of the
   * pass plus a second LM head over every token, forward and backward; its all-to-all is not counted.
   */
  readonly mtpModules: number;
}

const STEP_ROWS: RowStyle = { prefix: 'fwd+bwd ', countOnes: true };
const SCENARIOS = ['nominal', 'optimistic', 'pessimistic'] as const;
const totalKey = {
  nominal: 'nominalSec',
  optimistic: 'optimisticSec',
  pessimistic: 'pessimisticSec',
} as const;

/**
 * One training step on one GPU: the forward pass of a micro-batch (`fwd`) weighted to forward + backward
 * (compute x3, collectives x2, plus the recomputed layers' forward), less the communication overlap hides,
 * over the pipeline schedule's slots; then the exposed DP gradient all-reduce and the optimizer step.
 * Rows: compute and communication scaled to the step (1F1B: `(M + pp - 1) / pp` micro-batches' worth;
 * DualPipe: `M / pp` and a bubble row), communication split into exposed `timeMs` and `hiddenMs`.
 */
export function trainingStep(
  setup: PassSetup,
  fwd: PassShape,
  params: TrainingParamCounts,
  microBatches: number,
  options: StepOptions,
): TrainingStep {
  const { layout, gpu } = setup;
  const { pp } = layout;
  const r = recomputedShare(options.activations);
  const opsWeight = 3 + r;
  const commWeight = 2 + r;
  // One forward pass, unweighted: its rows (labels, bytes, nominal times) and its compute in each scenario.
  const once = newBreakdown();
  const compute = zeroTotals();
  evaluatePass(setup, fwd, ONCE, { rows: once, style: STEP_ROWS, totals: zeroTotals(), ops: compute });
  // The attention backward beyond the 2x forward that `opsWeight` gives every op.
  const attentionExtra = attentionBackwardTimeRatio(setup.attention.prefill.kernel, fwd.newTokens) - 2;
  const layers = setup.plan.spec.layerCount;
  const m = options.mtpModules;
  // The MTP modules' forward: one average layer (the pass without its LM head, over the layers) + an LM head.
  const head = opTotals(
    lmHeadCost(setup.plan, fwd.sequences * (fwd.logitsPerSequence ?? 1)),
    setup.bf16.byScenario,
  );
  const mtp = zeroTotals();
  for (const key of Object.values(totalKey)) {
    mtp[key] = m * ((compute[key] - head[key]) / layers + head[key]);
  }
  // Every forward compute op, with the MTP modules; their attention and memory-bound kernels scale as a layer.
  const forward = zeroTotals();
  for (const key of Object.values(totalKey)) forward[key] = compute[key] + mtp[key];
  const perLayer = 1 + m / layers;
  const attentionBase = opTotals(passAttention(setup, fwd), setup.bf16.byScenario, layers);
  const attention = scaleTotals(attentionBase, perLayer);
  const elementwise = elementwiseTimes(setup, fwd, r);
  const elementwiseTotal = scaleTotals(elementwise.total, perLayer);
  const elementwiseBackward = scaleTotals(elementwise.backward, perLayer);
  // fp8 weight-gradient GEMMs run at FP8_WGRAD_EFFICIENCY of the forward curve (DeepGEMM's published
  // figures): their time beyond the forward's, the backward's other half.
  const wgradSlowdown = setup.plan.linears.some((l) => l.precision === 'fp8')
    ? 1 / FP8_WGRAD_EFFICIENCY - 1
    : 0;
  const wgradBase =
    wgradSlowdown > 0 ? scaleTotals(linearTotals(setup, fwd, true), wgradSlowdown) : zeroTotals();
  const wgrad = scaleTotals(wgradBase, perLayer);
  const comm = collectiveTimes(setup, fwd);
  const shares: OverlapShares = {
    tp: options.tpCommOverlap && comm.tp.nominalSec > 0 ? tpOverlapShare(gpu) : null,
    dualPipe: options.schedule === 'dualpipe' ? dualPipeShare(gpu) : null,
  };
  const linear = shares.tp === null ? zeroTotals() : linearTotals(setup, fwd);
  const at = (scenario: Scenario) => {
    const key = totalKey[scenario];
    const parts: MicroBatchParts = {
      computeSec:
        opsWeight * forward[key] + attentionExtra * attention[key] + elementwiseTotal[key] + wgrad[key],
      linearSec: opsWeight * linear[key],
      tpSec: commWeight * comm.tp[key],
      epSec: commWeight * comm.ep[key],
      ppSec: commWeight * comm.pp[key],
    };
    const hidden = hiddenComm(parts, shares);
    const pairSec =
      parts.computeSec + parts.tpSec + parts.epSec + parts.ppSec - hidden.tpSec - hidden.epPpSec;
    const stage = pipelineStageSec(
      options.schedule,
      pairSec,
      (2 + r) * forward[key] + attentionExtra * attention[key] + elementwiseBackward[key] + wgrad[key],
      forward[key] + wgrad[key],
      microBatches,
      pp,
    );
    return { parts, hidden, stage };
  };
  const [nominal, optimistic, pessimistic] = SCENARIOS.map(at) as [
    ReturnType<typeof at>,
    ReturnType<typeof at>,
    ReturnType<typeof at>,
  ];
  // Rows: 1F1B's bubble slots run the same work, so every row is scaled by all the slots; DualPipe's bubble
  // is its own row.
  const perStep = (options.schedule === '1f1b' ? microBatches + pp - 1 : microBatches) / pp;
  const rows = newBreakdown();
  const opRows = setup.plan.linears.length + 2;
  const attentionRow = setup.plan.linears.length;
  once.rows.forEach((row, i) => {
    if (i < opRows) {
      const w = opsWeight * perStep;
      // Attention: its backward runs 2.5x the forward's flops (not 2x) in `2 + attentionExtra` forwards' time.
      const flopsW = i === attentionRow ? w + (ATTENTION_BACKWARD_FLOPS_RATIO - 2) * perStep : w;
      const fp8 = i < attentionRow && (setup.plan.linears[i] as LinearPlan).precision === 'fp8';
      const timeW = i === attentionRow ? w + attentionExtra * perStep : fp8 ? w + wgradSlowdown * perStep : w;
      addBreakdownRow(rows, row.op, row.flops * flopsW, row.bytes * w, (row.timeMs / 1e3) * timeW, row.bound);
      return;
    }
    const c = setup.collectives[i - opRows] as PassCollective;
    const w = commWeight * perStep;
    const { parts, hidden } = nominal;
    const share =
      groupOf(c) === 'tp'
        ? parts.tpSec > 0
          ? hidden.tpSec / parts.tpSec
          : 0
        : parts.epSec + parts.ppSec > 0
          ? hidden.epPpSec / (parts.epSec + parts.ppSec)
          : 0;
    const sec = (row.timeMs / 1e3) * w;
    if (share > 0) addOverlappedRow(rows, row.op, row.bytes * w, sec * (1 - share), sec * share);
    else addBreakdownRow(rows, row.op, row.flops * w, row.bytes * w, sec, row.bound);
  });
  if (m > 0) {
    let flops = 0;
    for (let i = 0; i < opRows; i++) flops += (once.rows[i] as (typeof once.rows)[number]).flops;
    const headFlops = lmHeadCost(setup.plan, fwd.sequences * (fwd.logitsPerSequence ?? 1)).flops;
    const share = m / layers;
    const sec =
      opsWeight * mtp.nominalSec +
      share *
        (attentionExtra * attentionBase.nominalSec + elementwise.total.nominalSec + wgradBase.nominalSec);
    addBreakdownRow(
      rows,
      `${STEP_ROWS.prefix}mtp module x${m}`,
      m * ((flops - headFlops) / layers + headFlops) * opsWeight * perStep,
      0,
      sec * perStep,
      'compute',
    );
  }
  elementwise.classes.forEach((c, i) => {
    const bytes = (c.forwardBytes * (1 + r) + c.backwardBytes) * perStep;
    const label = `${STEP_ROWS.prefix}${c.label} x${c.layers}`;
    addBreakdownRow(rows, label, 0, bytes, (elementwise.nominalSec[i] as number) * perStep, 'memory');
  });
  if (options.schedule === 'dualpipe') {
    addBreakdownRow(
      rows,
      `dualpipe bubble (${pp / 2 - 1} x (F&B + B - 3W) / ${pp})`,
      0,
      0,
      nominal.stage.bubbleSec,
      'compute',
    );
  }
  // The backward of one micro-batch on one stage: 2x the forward's compute.
  const backwardSec = (key: keyof RangeTotals) => (2 * compute[key]) / pp;
  const dp = {
    nominalSec: gradientAllReduceSec(setup, params, 'nominal'),
    optimisticSec: gradientAllReduceSec(setup, params, 'optimistic'),
    pessimisticSec: gradientAllReduceSec(setup, params, 'pessimistic'),
  };
  const exposed = (key: keyof RangeTotals) => Math.max(0, dp[key] - backwardSec(key));
  const dpSec = dp.nominalSec;
  const exposedSec = exposed('nominalSec');
  const dpShare = dpSec > 0 ? Math.round((100 * exposedSec) / dpSec) : 0;
  const dpLabel = `dp gradient all-reduce (exposed ${dpShare}% of ${(dpSec * 1e3).toPrecision(3)} ms)`;
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
  const stageSec = (s: typeof nominal) => s.stage.steadySec + s.stage.bubbleSec;
  const perPass = (x: number) =>
    (x * (options.schedule === '1f1b' ? microBatches + pp - 1 : microBatches)) / pp;
  return {
    rows,
    optimisticSec:
      stageSec(optimistic) + exposed('optimisticSec') + opTime(optimizer, res.optimistic).timeSec,
    pessimisticSec:
      stageSec(pessimistic) + exposed('pessimisticSec') + opTime(optimizer, res.pessimistic).timeSec,
    hiddenTpSec: perPass(nominal.hidden.tpSec),
    hiddenEpPpSec: perPass(nominal.hidden.epPpSec),
  };
}

/** `t` times `factor` in each scenario. */
function scaleTotals(t: RangeTotals, factor: number): RangeTotals {
  return {
    nominalSec: t.nominalSec * factor,
    optimisticSec: t.optimisticSec * factor,
    pessimisticSec: t.pessimisticSec * factor,
  };
}

/** `cost` run `times` times in each scenario on `byScenario`, seconds. */
function opTotals(cost: OpCost, byScenario: PassSetup['bf16']['byScenario'], times = 1): RangeTotals {
  const t: OpTimeRangeOut = { nominalSec: 0, optimisticSec: 0, pessimisticSec: 0, bound: 'compute' };
  opTimeRangeInto(cost, byScenario, t);
  return scaleTotals(t, times);
}

/** A micro-batch's memory-bound kernels: each class's nominal time, and all of them (and the backward's share) by scenario. */
interface ElementwiseTimes {
  readonly classes: readonly ElementwiseClass[];
  readonly nominalSec: readonly number[];
  readonly total: RangeTotals;
  readonly backward: RangeTotals;
}

/**
 * The memory-bound kernels of one micro-batch forward + backward (the recomputed share `r` of the forward run
 * again), timed on the memory line with a launch per kernel.
 */
function elementwiseTimes(setup: PassSetup, fwd: PassShape, r: number): ElementwiseTimes {
  const classes = trainingElementwise(setup.plan, fwd.sequences * fwd.newTokens);
  const res = setup.bf16.byScenario;
  const total = zeroTotals();
  const backward = zeroTotals();
  const nominalSec: number[] = [];
  const t: OpTimeRangeOut = { nominalSec: 0, optimisticSec: 0, pessimisticSec: 0, bound: 'memory' };
  for (const c of classes) {
    const bytes = c.forwardBytes * (1 + r) + c.backwardBytes;
    const cost: OpCost = {
      op: c.label,
      flops: 0,
      bytes,
      readFraction: c.readFraction,
      precision: null,
      shape: null,
    };
    opTimeRangeInto(cost, res, t);
    // opTime charges one launch; the class launches `kernels`.
    const launches = (key: Scenario) => (c.kernels - 1) * res[key].launchLatencySec;
    const backShare = (c.backwardBytes + r * c.forwardBytes) / bytes;
    const nominal = t.nominalSec + launches('nominal');
    const optimistic = t.optimisticSec + launches('optimistic');
    const pessimistic = t.pessimisticSec + launches('pessimistic');
    nominalSec.push(nominal);
    total.nominalSec += nominal;
    total.optimisticSec += optimistic;
    total.pessimisticSec += pessimistic;
    backward.nominalSec += nominal * backShare;
    backward.optimisticSec += optimistic * backShare;
    backward.pessimisticSec += pessimistic * backShare;
  }
  return { classes, nominalSec, total, backward };
}

type CommGroup = 'tp' | 'ep' | 'pp';

/** Which parallel group a setup collective belongs to (labels are pass-setup.ts's: `tp`, `ep ...`, `pp send`). */
function groupOf(c: PassCollective): CommGroup {
  if (c.label === 'tp') return 'tp';
  return c.label.startsWith('pp') ? 'pp' : 'ep';
}

/**
 * One forward pass's communication by group in each scenario, seconds (count included): the same
 * collectives and the same calls as the pass evaluator (DeepEP normal kernels, or NCCL).
 */
function collectiveTimes(setup: PassSetup, fwd: PassShape): Record<CommGroup, RangeTotals> {
  const out = { tp: zeroTotals(), ep: zeroTotals(), pp: zeroTotals() };
  const tokens = fwd.sequences * fwd.newTokens;
  const range: DeepEpRange = { nominalSec: 0, optimisticSec: 0, pessimisticSec: 0 };
  for (const c of setup.collectives) {
    const t = out[groupOf(c)];
    collectiveRangeInto(setup, c, fwd, tokens, range);
    t.nominalSec += range.nominalSec * c.count;
    t.optimisticSec += range.optimisticSec * c.count;
    t.pessimisticSec += range.pessimisticSec * c.count;
  }
  return out;
}

/**
 * One forward pass's weight GEMMs in each scenario, seconds: what TE's TP overlap runs beside (`fp8Only`:
 * those in fp8, whose weight-gradient GEMMs run at {@link FP8_WGRAD_EFFICIENCY}).
 */
function linearTotals(setup: PassSetup, fwd: PassShape, fp8Only = false): RangeTotals {
  const { plan } = setup;
  const out = zeroTotals();
  const cost = opCostScratch();
  const t: OpTimeRangeOut = { nominalSec: 0, optimisticSec: 0, pessimisticSec: 0, bound: 'compute' };
  for (const l of plan.linears) {
    if (fp8Only && l.precision !== 'fp8') continue;
    linearCostInto(l, plan, fwd.sequences * fwd.newTokens, cost);
    opTimeRangeInto(cost, setup.linear.byScenario, t);
    out.nominalSec += t.nominalSec * l.repeat;
    out.optimisticSec += t.optimisticSec * l.repeat;
    out.pessimisticSec += t.pessimisticSec * l.repeat;
  }
  return out;
}

/** Time of the DP gradient all-reduce(s) of one step, before overlap. */
function gradientAllReduceSec(setup: PassSetup, params: TrainingParamCounts, scenario: Scenario): number {
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
