/**
 * THE ORACLE (test code only): the LLM pass computation that `src/workloads/llm/pass.ts` replaced, kept as
 * an independent reference. It builds each pass as a list of per-GPU ops (`forwardOps`), writes the
 * communication rules out again (TP all-reduce, EP dispatch and combine, PP sends), and times every scenario
 * separately with `opTime` / `collectiveOp`. Tests compare the evaluator's estimates against it.
 *
 * Sharding (Megatron-style TP over `tp` GPUs): see `src/workloads/llm/plan.ts`.
 * @module
 */

import type { GpuSpec } from '../../src/hardware/types.ts';
import { attentionBackwardTimeRatio, attentionKernelOnGpu } from '../../src/model/attention-efficiency.ts';
import { collectiveOp } from '../../src/model/collective-op.ts';
import { ATTENTION_KERNEL_FITS, type AttentionKernel } from '../../src/model/data/attention-points.ts';
import { FP8_WGRAD_EFFICIENCY } from '../../src/model/data/wgrad-points.ts';
import {
  deepEpBytesPerElement,
  deepEpSec,
  remoteGroupsPerToken,
  runsDeepEp,
} from '../../src/model/deepep.ts';
import { collectiveLinkFor } from '../../src/model/interconnect.ts';
import { gpuResources } from '../../src/model/resources.ts';
import { opTime } from '../../src/model/roofline.ts';
import type { KernelEfficiency, OpCost, OpTime, Scenario } from '../../src/model/types.ts';
import type { AttentionKernelChoice } from '../../src/workloads/kernels/attention.ts';
import { attentionCost, lmHeadCost } from '../../src/workloads/llm/attention-head-ops.ts';
import { causalQueryKeyPairs } from '../../src/workloads/llm/models/costs.ts';
import type { KvDtype, WeightDtype } from '../../src/workloads/llm/models/dtypes.ts';
import type { ModelSpec } from '../../src/workloads/llm/models/types.ts';
import type { PassSetup } from '../../src/workloads/llm/pass-setup.ts';
import {
  type ForwardPlan,
  forwardPlan,
  kvCacheBytesPerGpu,
  type LinearPlan,
  linearCostInto,
  opCostScratch,
} from '../../src/workloads/llm/plan.ts';
import { trainingElementwise } from '../../src/workloads/llm/training-elementwise.ts';
import {
  expertReplicas,
  type Recompute,
  TRAINING_BYTES_PER_PARAM,
  type TrainingParamCounts,
} from '../../src/workloads/llm/training-model.ts';

export { linearMathPrecision } from '../../src/workloads/llm/plan.ts';

/** TP all-reduce of a pass: NCCL message size (bytes) and count. */
export interface AllReduceOfPass {
  readonly messageBytes: number;
  readonly count: number;
}

/** EP all-to-all per MoE layer: dispatch and combine message sizes, count, group size. */
export interface AllToAllOfPass {
  readonly dispatchBytes: number;
  readonly combineBytes: number;
  readonly count: number;
  readonly gpus: number;
}

function linearCost(l: LinearPlan, plan: ForwardPlan, tokens: number): OpCost {
  const out = opCostScratch();
  linearCostInto(l, plan, tokens, out);
  return out;
}

function allReduceOf(plan: ForwardPlan, tokens: number): AllReduceOfPass | null {
  return plan.tp > 1
    ? { messageBytes: tokens * plan.spec.hiddenSize * 2, count: 2 * plan.spec.layerCount }
    : null;
}

function allToAllOf(plan: ForwardPlan, tokens: number): AllToAllOfPass | null {
  if (plan.ep <= 1 || plan.moeLayers === 0) return null;
  const elements = (tokens / plan.tp) * plan.moeExpertsPerToken * plan.spec.hiddenSize;
  return {
    dispatchBytes: elements * (plan.weightDtype === 'fp8' ? 1 : 2),
    combineBytes: elements * 2,
    count: plan.moeLayers,
    gpus: plan.ep,
  };
}

/** One forward pass on one GPU of a TP group. */
export interface ForwardInput {
  readonly spec: ModelSpec;
  readonly weightDtype: WeightDtype;
  readonly kvDtype: KvDtype;
  /** Sequences in the pass. */
  readonly sequences: number;
  /** New tokens per sequence (1 for decode). */
  readonly newTokensPerSequence: number;
  /** Tokens already cached per sequence. */
  readonly priorTokens: number;
  readonly tp: number;
  /** Expert-parallel GPUs; 1 (the default) splits experts over `tp` like a dense FFN. */
  readonly ep?: number;
  /** The GPU and `attentionKernel` choice attention is costed on (see {@link oracleAttentionEfficiency}). */
  readonly gpu: GpuSpec;
  readonly attentionKernel?: AttentionKernelChoice;
  /** Tokens per sequence the LM head scores (training: all); absent: the last one. */
  readonly logitsPerSequence?: number;
}

/** An op with how many times the pass runs it (layers of its group). */
export interface RepeatedOp {
  readonly cost: OpCost;
  readonly repeat: number;
  /** `linear` ops run at the weight precision; `attention` and `lm-head` at bf16. */
  readonly math: 'linear' | 'attention' | 'lm-head';
}

/** The ops of a pass, its TP all-reduces, and what it holds in memory on each GPU. */
export interface ForwardOps {
  readonly ops: readonly RepeatedOp[];
  /** Tokens in the pass: sequences x new tokens per sequence. */
  readonly tokens: number;
  /** All-reduce message size (bytes) and count, when `tp > 1`. */
  readonly allReduce: AllReduceOfPass | null;
  /** EP all-to-all per MoE layer when `ep > 1`. */
  readonly allToAll: AllToAllOfPass | null;
  /** Of {@link weightBytesPerGpu}: the embedding, LM head and final norm (not split by pipeline stages). */
  readonly headBytesPerGpu: number;
  /** Weights stored per GPU (every expert), bytes. */
  readonly weightBytesPerGpu: number;
  /** KV cache held per GPU after the pass, bytes. */
  readonly kvCacheBytesPerGpu: number;
  /** A decode step (DeepEP low-latency kernels) rather than a prefill (normal kernels). */
  readonly decode: boolean;
  /** Routed experts of the MoE layers (DeepEP's deduplication). */
  readonly routedExperts: number;
  readonly moeExpertsPerToken: number;
}

/** Per-GPU ops of one forward pass. `decode`: MLA runs in its absorbed form. */
export function forwardOps(input: ForwardInput, decode: boolean): ForwardOps {
  const { spec, sequences, newTokensPerSequence } = input;
  const plan = forwardPlan(spec, input.weightDtype, input.kvDtype, input.tp, input.ep ?? 1);
  const tokens = sequences * newTokensPerSequence;
  const ops: RepeatedOp[] = [];
  for (const l of plan.linears) {
    ops.push({ cost: linearCost(l, plan, tokens), repeat: l.repeat, math: 'linear' });
  }
  ops.push({
    cost: oracleAttentionCost(input, plan, decode),
    repeat: spec.layerCount,
    math: 'attention',
  });
  ops.push({
    cost: lmHeadCost(plan, sequences * (input.logitsPerSequence ?? 1)),
    repeat: 1,
    math: 'lm-head',
  });
  return {
    ops,
    tokens,
    allReduce: allReduceOf(plan, tokens),
    allToAll: allToAllOf(plan, tokens),
    headBytesPerGpu: plan.headBytesPerGpu,
    weightBytesPerGpu: plan.weightBytesPerGpu,
    kvCacheBytesPerGpu: kvCacheBytesPerGpu(plan, sequences, input.priorTokens + newTokensPerSequence),
    decode,
    routedExperts: spec.layerGroups.reduce((n, g) => (g.ffn.kind === 'moe' ? g.ffn.routedExperts : n), 0),
    moeExpertsPerToken: plan.moeExpertsPerToken,
  };
}

/** The forward-pass input of `sequences` sequences of one TP group on a setup. */
export function passInput(
  setup: PassSetup,
  sequences: number,
  newTokensPerSequence: number,
  priorTokens: number,
): ForwardInput {
  return {
    spec: setup.spec,
    weightDtype: setup.weightDtype,
    kvDtype: setup.kvDtype,
    sequences,
    newTokensPerSequence,
    priorTokens,
    tp: setup.layout.tp,
    ep: setup.layout.ep,
    gpu: setup.gpu,
    attentionKernel: setup.attentionKernel,
  };
}

/**
 * The attention op of a pass: flops and bytes as the plan's `attentionCost` gives them, its kernel efficiency
 * written out again here from the fits (the evaluator's `attention-efficiency.ts` is not called).
 */
function oracleAttentionCost(input: ForwardInput, plan: ForwardPlan, decode: boolean): OpCost {
  const { gpu, sequences, newTokensPerSequence: q, priorTokens } = input;
  const anyKernel = attentionKernelOnGpu('fa2', gpu, 512, decode);
  const line = gpuResources(gpu, 'bf16').byScenario.nominal.memoryLine;
  const kernels = { prefill: anyKernel, decode: anyKernel, memoryLine: line };
  const cost = attentionCost(plan, kernels, sequences, q, priorTokens, decode);
  const lineEta = Math.min(1, Math.max(0.05, line.intercept + line.slope * cost.readFraction));
  return { ...cost, kernel: oracleAttentionEfficiency(input, decode, lineEta) };
}

/**
 * The attention-kernel model, written out: auto picks FA3 prefill on Hopper (FA2 elsewhere), FlashInfer
 * decode (FlashMLA for MLA on Hopper); FlashMLA's prefill is auto's; FlashInfer's prefill off Hopper is FA2's
 * fit. `eta_c = E x k / (k + half) x rowFill x smFill` with `E = 1 / (1 / mma + (peak / SMs) / (flops per
 * pair x softmax rate))`; `memoryFactor = memoryEta x min(1, blocks x per-block rate / (line x memoryEta x
 * HBM))`.
 */
export function oracleAttentionEfficiency(
  input: ForwardInput,
  decode: boolean,
  lineEta: number,
): KernelEfficiency {
  const { gpu, spec, tp, sequences, newTokensPerSequence: q, priorTokens } = input;
  const hopper = gpu.architecture.value === 'hopper';
  const a = spec.attention;
  const mla = a.kind === 'mla';
  const choice = input.attentionKernel ?? 'auto';
  let kernel: AttentionKernel;
  if (choice === 'auto' || (choice === 'flashmla' && !decode)) {
    kernel = !decode ? (hopper ? 'fa3' : 'fa2') : mla && hopper ? 'flashmla' : 'flashinfer';
  } else kernel = choice;
  const fit = ATTENTION_KERNEL_FITS[kernel === 'flashinfer' && !decode && !hopper ? 'fa2' : kernel];
  const peak = gpu.peakDenseOpsPerSec.bf16.value as number;
  const sms = gpu.smCount.value as number;
  const hbm = gpu.memoryBandwidthBytesPerSec.value as number;
  const perPairHead = spec.attentionFlopsPerQueryKeyPerLayer[decode ? 'decode' : 'prefill'] / a.queryHeads;
  const e = 1 / (1 / fit.mmaEta + peak / sms / (perPairHead * fit.softmaxPairsPerSecPerSm));
  // Visible keys per query on average (causal, window-capped).
  const keys = causalQueryKeyPairs(spec, q, priorTokens) / q;
  const heads = a.queryHeads / tp;
  const kvHeads = mla ? 1 : Math.ceil(a.kvHeads / tp);
  let blocks: number;
  let computeEta: number;
  if (decode) {
    const problems = sequences * kvHeads;
    const rows = (q * heads) / kvHeads;
    const splits = fit.splitsKv ? Math.max(1, Math.min(sms / problems, keys / 256)) : 1;
    blocks = problems * splits;
    const tile = rows <= 8 ? 8 : rows <= 16 ? 16 : rows <= 32 ? 32 : 64;
    const smFill = fit.splitsKv ? Math.min(1, blocks / sms) : blocks / (Math.ceil(blocks / sms) * sms);
    const perBlock = keys / splits;
    computeEta = ((e * perBlock) / (perBlock + fit.keysHalf.nonCausal)) * Math.min(1, rows / tile) * smFill;
  } else {
    const tiles = Math.ceil(q / 128);
    blocks = sequences * heads * tiles;
    const smFill = blocks / (Math.ceil(blocks / sms) * sms);
    computeEta = ((e * keys) / (keys + fit.keysHalf.causal)) * (q / (128 * tiles)) * smFill;
  }
  const ceiling = (blocks * (970e9 / 8)) / (lineEta * fit.memoryEta * hbm);
  return { computeEta, memoryFactor: fit.memoryEta * Math.min(1, ceiling) };
}

/** Communication rows of a pass in `scenario`, each multiplied by its count (x `times`). */
export function commRows(setup: PassSetup, ops: ForwardOps, scenario: Scenario, times = 1): OpTime[] {
  const { layout, gpu, links } = setup;
  const rows: OpTime[] = [];
  const add = (label: string, c: OpTime, count: number) =>
    rows.push({ ...c, op: `${label} ${c.op} x${count}`, bytes: c.bytes * count, timeSec: c.timeSec * count });
  const per = layout.gpusPerNode;
  if (ops.allReduce && links.tp) {
    const { messageBytes, count } = ops.allReduce;
    add(
      'tp',
      collectiveOp(gpu, 'all-reduce', messageBytes, layout.tp, per, scenario, links.tp).op,
      count * times,
    );
  }
  if (ops.allToAll && links.ep && runsDeepEp(gpu)) {
    // DeepEP: a token's copies are its remote ranks (or nodes across nodes) in prefill, its experts in decode.
    const { count, gpus } = ops.allToAll;
    const mode = ops.decode ? 'low-latency' : 'normal';
    const groups = gpus <= per ? gpus : Math.ceil(gpus / per);
    const k = ops.moeExpertsPerToken;
    const copies = ops.decode ? k : remoteGroupsPerToken(ops.routedExperts, k, groups);
    const fp8 = setup.weightDtype === 'fp8';
    for (const direction of ['dispatch', 'combine'] as const) {
      const bytes =
        (ops.tokens / layout.tp) * copies * setup.spec.hiddenSize * deepEpBytesPerElement(direction, fp8);
      const timeSec = deepEpSec(mode, direction, bytes, gpus, links.ep, scenario);
      const n = count * times;
      rows.push({
        op: `ep ${direction} deepep ${mode} (${gpus} GPUs) x${n}`,
        flops: 0,
        bytes: bytes * n,
        timeSec: timeSec * n,
        bound: 'interconnect',
      });
    }
  } else if (ops.allToAll && links.ep) {
    const { dispatchBytes, combineBytes, count, gpus } = ops.allToAll;
    add(
      'ep dispatch',
      collectiveOp(gpu, 'all-to-all', dispatchBytes, gpus, per, scenario, links.ep).op,
      count * times,
    );
    add(
      'ep combine',
      collectiveOp(gpu, 'all-to-all', combineBytes, gpus, per, scenario, links.ep).op,
      count * times,
    );
  }
  if (layout.pp > 1 && links.pp) {
    const c = collectiveOp(
      gpu,
      'all-gather',
      2 * ops.tokens * setup.spec.hiddenSize * 2,
      2,
      per,
      scenario,
      links.pp,
    );
    const n = (layout.pp - 1) * times;
    rows.push({ ...c.op, op: `pp send x${n}`, bytes: c.op.bytes * n, timeSec: c.op.timeSec * n });
  }
  return rows;
}

/** Breakdown rows of a pass: compute/memory ops then communication, `label` prefixed. */
export function passRows(
  setup: PassSetup,
  ops: ForwardOps,
  scenario: Scenario,
  label: string,
  times = 1,
): OpTime[] {
  const rows: OpTime[] = [];
  const linear = setup.linear.byScenario[scenario];
  const bf16 = setup.bf16.byScenario[scenario];
  for (const { cost, repeat, math } of ops.ops) {
    const t = opTime(cost, math === 'linear' ? linear : bf16);
    const n = repeat * times;
    rows.push({
      ...t,
      op: `${t.op.startsWith(label) ? '' : label}${t.op} x${n}`,
      flops: t.flops * n,
      bytes: t.bytes * n,
      timeSec: t.timeSec * n,
    });
  }
  for (const r of commRows(setup, ops, scenario, times)) rows.push({ ...r, op: `${label}${r.op}` });
  return rows;
}

/** Time of a pass in seconds. */
export function passTimeSec(setup: PassSetup, ops: ForwardOps, scenario: Scenario): number {
  let t = 0;
  for (const r of passRows(setup, ops, scenario, '')) t += r.timeSec;
  return t;
}

/** Rows of one training step in `scenario`, as the training model built them before the evaluator. */
export function trainingStepRows(
  setup: PassSetup,
  fwd: ForwardOps,
  params: TrainingParamCounts,
  microBatches: number,
  scenario: Scenario,
  recompute: Recompute,
  seqLen: number,
): OpTime[] {
  const { layout, gpu } = setup;
  const slots = (microBatches + layout.pp - 1) / layout.pp;
  const rows: OpTime[] = [];
  let backwardComputeSec = 0;
  const full = recompute === 'full';
  // FlashAttention's backward: 2.5x the forward's flops, in `backwardTimes` forwards' time.
  const backwardTimes = attentionBackwardTimeRatio(setup.attention.prefill.kernel, seqLen);
  // fp8 weight-gradient GEMMs take 1 / FP8_WGRAD_EFFICIENCY of the forward's time, not 1.
  const wgradExtra = 1 / FP8_WGRAD_EFFICIENCY - 1;
  const passRowsOf = passRows(setup, fwd, scenario, '');
  passRowsOf.forEach((r, i) => {
    const comm = r.bound === 'interconnect';
    const op = fwd.ops[i];
    const fp8Linear = op !== undefined && op.math === 'linear' && op.cost.precision === 'fp8';
    const factor = ((comm ? (full ? 3 : 2) : full ? 4 : 3) + (fp8Linear ? wgradExtra : 0)) * slots;
    const attention = r.op.includes('prefill attention');
    if (!comm) backwardComputeSec += (2 * r.timeSec) / layout.pp;
    rows.push({
      ...r,
      op: `fwd+bwd ${r.op}`,
      flops: r.flops * (attention ? factor + 0.5 * slots : fp8Linear ? factor - wgradExtra * slots : factor),
      bytes: r.bytes * (fp8Linear ? factor - wgradExtra * slots : factor),
      timeSec: r.timeSec * (attention ? factor + (backwardTimes - 2) * slots : factor),
    });
  });
  // Memory-bound kernels: each class's bytes forward (twice under full recomputation) and backward.
  const res = setup.bf16.byScenario[scenario];
  for (const c of trainingElementwise(setup.plan, fwd.tokens)) {
    const bytes = c.forwardBytes * (full ? 2 : 1) + c.backwardBytes;
    const cost: OpCost = {
      op: c.label,
      flops: 0,
      bytes,
      readFraction: c.readFraction,
      precision: null,
      shape: null,
    };
    const sec = opTime(cost, res).timeSec + (c.kernels - 1) * res.launchLatencySec;
    rows.push({
      op: `fwd+bwd ${c.label} x${c.layers}`,
      flops: 0,
      bytes: bytes * slots,
      timeSec: sec * slots,
      bound: 'memory',
    });
  }
  const { tp, dp, gpusPerNode } = layout;
  const crosses = tp * dp > gpusPerNode;
  const reduce = (bytes: number, group: number) => {
    if (group <= 1 || bytes <= 0) return 0;
    const link = collectiveLinkFor(gpu, crosses ? gpusPerNode + 1 : group, gpusPerNode, true);
    return collectiveOp(gpu, 'all-reduce', bytes, group, gpusPerNode, scenario, link).op.timeSec;
  };
  const dpSec =
    reduce(params.denseParamsPerGpu * 2, dp) + reduce(params.expertParamsPerGpu * 2, expertReplicas(setup));
  const exposed = Math.max(0, dpSec - backwardComputeSec);
  rows.push({
    op: `dp gradient all-reduce (exposed ${dpSec > 0 ? Math.round((100 * exposed) / dpSec) : 0}% of ${(dpSec * 1e3).toPrecision(3)} ms)`,
    flops: 0,
    bytes: 0,
    timeSec: exposed,
    bound: 'interconnect',
  });
  const optimizerBytes =
    2 *
    TRAINING_BYTES_PER_PARAM.optimizer *
    (params.denseParamsPerGpu / layout.dp + params.expertParamsPerGpu / expertReplicas(setup));
  const cost: OpCost = {
    op: 'optimizer step',
    flops: 0,
    bytes: optimizerBytes,
    readFraction: 0.5,
    precision: null,
    shape: null,
  };
  rows.push(opTime(cost, setup.bf16.byScenario[scenario]));
  return rows;
}

/** The old serving passes at batch `b` per GPU: one prompt alone, the cycle's prompts, the mid-decode step. */
export function servingPasses(
  setup: PassSetup,
  shape: { inputLen: number; outputLen: number },
  batchPerGpu: number,
): { firstToken: ForwardOps; prefill: ForwardOps; decode: ForwardOps } {
  const sequences = batchPerGpu * setup.layout.tp;
  const mid = shape.inputLen + Math.floor((shape.outputLen - 1) / 2);
  return {
    firstToken: forwardOps(passInput(setup, 1, shape.inputLen, 0), false),
    prefill: forwardOps(passInput(setup, sequences, shape.inputLen, 0), false),
    decode: forwardOps(passInput(setup, sequences, 1, mid), true),
  };
}
