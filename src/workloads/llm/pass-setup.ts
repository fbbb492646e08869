/**
 * Timing of LLM forward passes on a parallel layout: the per-GPU ops of {@link forwardOps} plus the
 * communication the layout adds (TP all-reduce, EP all-to-all dispatch and combine, pipeline sends), every
 * collective through the calibrated collective model. Shared by `llm-serving` and `training`; links and
 * resources are resolved once per setup so that a pass costs a few dozen multiplications.
 * @module
 */

import { type ForwardInput, type ForwardOps, linearMathPrecision } from '../../../test/oracle/forward-ops.ts';
import type { GpuSpec } from '../../hardware/types.ts';
import { collectiveOp } from '../../model/collective-op.ts';
import { collectiveLinkFor, type ResolvedLink } from '../../model/interconnect.ts';
import { type GpuResources, gpuResources } from '../../model/resources.ts';
import { opTime } from '../../model/roofline.ts';
import type { OpTime, Scenario } from '../../model/types.ts';
import type { KvDtype, WeightDtype } from './models/dtypes.ts';
import type { ModelSpec } from './models/types.ts';
import type { ParallelLayout } from './parallel-layout.ts';
import { type ForwardPlan, forwardPlan } from './plan.ts';

/** Everything a pass needs that does not depend on the batch. */
export interface PassSetup {
  readonly gpu: GpuSpec;
  readonly spec: ModelSpec;
  readonly layout: ParallelLayout;
  readonly weightDtype: WeightDtype;
  readonly kvDtype: KvDtype;
  readonly linear: GpuResources;
  readonly bf16: GpuResources;
  /** The model's per-GPU ops on this layout, built once. */
  readonly plan: ForwardPlan;
  /** Links of the TP group, the EP group and a pipeline hop; null where the layout has none. */
  readonly links: {
    readonly tp: ResolvedLink | null;
    readonly ep: ResolvedLink | null;
    readonly pp: ResolvedLink | null;
  };
}

const setupCache = new WeakMap<GpuSpec, WeakMap<ModelSpec, Map<string, PassSetup>>>();

/**
 * Resolve resources, links and the op plan once; cached per (GPU object, model object, layout, dtypes), so
 * repeated estimates on one setup reuse it. Throws a UserError when a group needs a link the catalog lacks.
 */
export function passSetup(
  gpu: GpuSpec,
  spec: ModelSpec,
  layout: ParallelLayout,
  weightDtype: WeightDtype,
  kvDtype: KvDtype,
  flag = '--weight-dtype',
): PassSetup {
  let perGpu = setupCache.get(gpu);
  if (!perGpu) {
    perGpu = new WeakMap();
    setupCache.set(gpu, perGpu);
  }
  let perSpec = perGpu.get(spec);
  if (!perSpec) {
    perSpec = new Map();
    perGpu.set(spec, perSpec);
  }
  // Every layout field is in the key: the setup carries the layout (and its warnings) for assumptions.
  const { tp, ep, pp, dp, gpusPerNode, numGpus, nodes } = layout;
  const key = `${tp}|${ep}|${pp}|${dp}|${gpusPerNode}|${numGpus}|${nodes}|${weightDtype}|${kvDtype}`;
  let setup = perSpec.get(key);
  if (!setup) {
    setup = buildSetup(gpu, spec, layout, weightDtype, kvDtype, flag);
    perSpec.set(key, setup);
  }
  return setup;
}

function buildSetup(
  gpu: GpuSpec,
  spec: ModelSpec,
  layout: ParallelLayout,
  weightDtype: WeightDtype,
  kvDtype: KvDtype,
  flag: string,
): PassSetup {
  const { tp, ep, pp, dp, gpusPerNode } = layout;
  // Pipeline neighbours sit tp x dp GPUs apart: on another node once a stage fills one.
  const ppCrossesNodes = tp * dp >= gpusPerNode;
  return {
    gpu,
    spec,
    layout,
    weightDtype,
    kvDtype,
    linear: gpuResources(gpu, linearMathPrecision(weightDtype), flag),
    bf16: gpuResources(gpu, 'bf16'),
    plan: forwardPlan(spec, weightDtype, kvDtype, tp, ep),
    links: {
      tp: tp > 1 ? collectiveLinkFor(gpu, tp, gpusPerNode, true) : null,
      ep: ep > 1 ? collectiveLinkFor(gpu, ep, gpusPerNode, false) : null,
      pp: pp > 1 ? collectiveLinkFor(gpu, ppCrossesNodes ? gpusPerNode + 1 : 2, gpusPerNode, false) : null,
    },
  };
}

/** The forward-pass input of `sequences` sequences of one TP group on this setup. */
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
  };
}

/** Activation bytes one pipeline hop sends for a pass (bf16 hidden state of the TP group's tokens). */
function hopBytes(setup: PassSetup, ops: ForwardOps): number {
  return ops.tokens * setup.spec.hiddenSize * 2;
}

/**
 * Communication rows of a pass in `scenario`, each already multiplied by its count. `times` multiplies
 * counts (e.g. 2 for a backward pass that repeats the forward's collectives).
 */
export function commRows(setup: PassSetup, ops: ForwardOps, scenario: Scenario, times = 1): OpTime[] {
  const { layout, gpu, links } = setup;
  const rows: OpTime[] = [];
  const add = (label: string, c: OpTime, count: number) =>
    rows.push({ ...c, op: `${label} ${c.op} x${count}`, bytes: c.bytes * count, timeSec: c.timeSec * count });
  if (ops.allReduce && links.tp) {
    const c = collectiveOp(
      gpu,
      'all-reduce',
      ops.allReduce.messageBytes,
      layout.tp,
      layout.gpusPerNode,
      scenario,
      links.tp,
    );
    add('tp', c.op, ops.allReduce.count * times);
  }
  if (ops.allToAll && links.ep) {
    const { dispatchBytes, combineBytes, count, gpus } = ops.allToAll;
    add(
      'ep dispatch',
      collectiveOp(gpu, 'all-to-all', dispatchBytes, gpus, layout.gpusPerNode, scenario, links.ep).op,
      count * times,
    );
    add(
      'ep combine',
      collectiveOp(gpu, 'all-to-all', combineBytes, gpus, layout.gpusPerNode, scenario, links.ep).op,
      count * times,
    );
  }
  if (layout.pp > 1 && links.pp) {
    // A send of B bytes moves what a 2-GPU all-gather of 2B moves per GPU.
    const c = collectiveOp(
      gpu,
      'all-gather',
      2 * hopBytes(setup, ops),
      2,
      layout.gpusPerNode,
      scenario,
      links.pp,
    );
    rows.push({
      ...c.op,
      op: `pp send x${(layout.pp - 1) * times}`,
      bytes: c.op.bytes * (layout.pp - 1) * times,
      timeSec: c.op.timeSec * (layout.pp - 1) * times,
    });
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

/** Time of a pass in seconds: compute/memory ops plus communication, no rows built. */
export function passTimeSec(setup: PassSetup, ops: ForwardOps, scenario: Scenario): number {
  const linear = setup.linear.byScenario[scenario];
  const bf16 = setup.bf16.byScenario[scenario];
  let t = 0;
  for (const { cost, repeat, math } of ops.ops)
    t += repeat * opTime(cost, math === 'linear' ? linear : bf16).timeSec;
  return t + commTimeSec(setup, ops, scenario);
}

/** Communication time of a pass in seconds. */
export function commTimeSec(setup: PassSetup, ops: ForwardOps, scenario: Scenario): number {
  let t = 0;
  for (const r of commRows(setup, ops, scenario)) t += r.timeSec;
  return t;
}

/** Weight bytes one GPU stores: its stage's share of the layers plus the embedding and LM head. */
export function stageWeightBytes(setup: PassSetup, ops: ForwardOps): number {
  const { pp } = setup.layout;
  const layers = setup.spec.layerCount;
  const layerBytes = ops.weightBytesPerGpu - ops.headBytesPerGpu;
  return (layerBytes * Math.ceil(layers / pp)) / layers + ops.headBytesPerGpu;
}
