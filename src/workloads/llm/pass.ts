/**
 * One-pass evaluation of LLM forward passes on a {@link PassSetup}: the three scenarios of every op and
 * collective at once (one wave quantization, one link lookup, one ramp), straight from the cached
 * {@link ForwardPlan} with no intermediate op lists, labels built once per (plan, style, count). Same numbers,
 * in the same order of summation, as building `forwardOps` and running `passRows` / `passTimeSec` once per
 * scenario (a unit test compares the two).
 * @module
 */
import { collectiveOp, collectiveOpRange } from '../../model/collective-op.ts';
import { addBreakdownRow, type BreakdownAccumulator } from '../../model/estimate.ts';
import type { ResolvedLink } from '../../model/interconnect.ts';
import { type OpResources, type OpTimeRangeOut, opTimeRangeInto, opTimeSec } from '../../model/roofline.ts';
import type { OpCost, Scenario } from '../../model/types.ts';
import { attentionCost, lmHeadCost } from './attention-head-ops.ts';
import type { PassSetup } from './pass-setup.ts';
import { type ForwardPlan, linearCostInto, opCostScratch } from './plan.ts';

/** Running totals of time in the three scenarios, seconds; the evaluators add to them in place. */
export interface RangeTotals {
  nominalSec: number;
  optimisticSec: number;
  pessimisticSec: number;
}

/** One forward pass: `sequences` sequences of the TP group, `newTokens` each after `priorTokens` cached. */
export interface PassShape {
  readonly sequences: number;
  readonly newTokens: number;
  readonly priorTokens: number;
  /** Decode step (MLA absorbed). */
  readonly decode: boolean;
}

/**
 * How breakdown rows are labelled: `prefix` before each op (`prefill `), and whether a count of 1 is shown.
 * `passRows` style: `prefill qkv-proj x80`; single-pass style (`countOnes` false): `qkv-proj x80`, `lm-head`.
 */
export interface RowStyle {
  readonly prefix: string;
  readonly countOnes: boolean;
}

/** Labels of a pass's compute ops (linears, attention, LM head) for one style, decode flag and count. */
const labelCache = new WeakMap<ForwardPlan, Map<RowStyle, Map<number, readonly string[]>>>();
/** Distinct counts cached per (plan, style); beyond that labels are built per call. */
const LABEL_COUNTS = 1024;

function rowLabel(style: RowStyle, op: string, n: number): string {
  const head = `${op.startsWith(style.prefix) ? '' : style.prefix}${op}`;
  return style.countOnes || n > 1 ? `${head} x${n}` : head;
}

/** Row labels of the pass's compute ops in order, built once per (plan, style, decode, times). */
function passLabels(plan: ForwardPlan, style: RowStyle, decode: boolean, times: number): readonly string[] {
  let byStyle = labelCache.get(plan);
  if (!byStyle) {
    byStyle = new Map();
    labelCache.set(plan, byStyle);
  }
  let byCount = byStyle.get(style);
  if (!byCount) {
    byCount = new Map();
    byStyle.set(style, byCount);
  }
  // Decode and prefill differ only in the attention label: odd keys for decode.
  const key = 2 * times + (decode ? 1 : 0);
  let labels = byCount.get(key);
  if (!labels) {
    const out: string[] = [];
    for (const l of plan.linears) out.push(rowLabel(style, l.label, l.repeat * times));
    out.push(
      rowLabel(style, decode ? 'decode attention' : 'prefill attention', plan.spec.layerCount * times),
    );
    out.push(rowLabel(style, 'lm-head', times));
    labels = out;
    if (byCount.size < LABEL_COUNTS) byCount.set(key, labels);
  }
  return labels;
}

/** Reused for each weight GEMM's cost (read before the next is written). */
const costScratch = opCostScratch();
/** Reused by {@link addOp}: evaluation is synchronous, so one scratch result suffices. */
const rangeScratch: OpTimeRangeOut = { nominalSec: 0, optimisticSec: 0, pessimisticSec: 0, bound: 'memory' };

function addOp(
  cost: OpCost,
  byScenario: Readonly<Record<Scenario, OpResources>>,
  n: number,
  label: string,
  rows: BreakdownAccumulator,
  totals: RangeTotals,
): void {
  const r = rangeScratch;
  opTimeRangeInto(cost, byScenario, r);
  const timeSec = r.nominalSec * n;
  totals.nominalSec += timeSec;
  totals.optimisticSec += r.optimisticSec * n;
  totals.pessimisticSec += r.pessimisticSec * n;
  addBreakdownRow(rows, label, cost.flops * n, cost.bytes * n, timeSec, r.bound);
}

function addCollective(
  setup: PassSetup,
  kind: 'all-reduce' | 'all-to-all' | 'all-gather',
  messageBytes: number,
  gpus: number,
  link: ResolvedLink,
  label: string,
  count: number,
  rows: BreakdownAccumulator,
  totals: RangeTotals,
): void {
  const r = collectiveOpRange(setup.gpu, kind, messageBytes, gpus, setup.layout.gpusPerNode, link);
  const c = r.nominal.op;
  const timeSec = c.timeSec * count;
  totals.nominalSec += timeSec;
  totals.optimisticSec += r.optimisticSec * count;
  totals.pessimisticSec += r.pessimisticSec * count;
  addBreakdownRow(rows, `${label}${c.op} x${count}`, c.flops, c.bytes * count, timeSec, c.bound);
}

/**
 * Add one pass, run `times` times, to `totals` (all three scenarios) and its nominal breakdown rows to
 * `rows`: compute/memory ops, then the TP all-reduces, EP dispatch and combine, pipeline sends.
 */
export function addPassRange(
  setup: PassSetup,
  pass: PassShape,
  times: number,
  style: RowStyle,
  rows: BreakdownAccumulator,
  totals: RangeTotals,
): void {
  const { plan, links, layout } = setup;
  const { sequences, newTokens, priorTokens, decode } = pass;
  const tokens = sequences * newTokens;
  const labels = passLabels(plan, style, decode, times);
  const linear = setup.linear.byScenario;
  const bf16 = setup.bf16.byScenario;
  const linears = plan.linears;
  for (let i = 0; i < linears.length; i++) {
    const l = linears[i] as ForwardPlan['linears'][number];
    linearCostInto(l, plan, tokens, costScratch);
    addOp(costScratch, linear, l.repeat * times, labels[i] as string, rows, totals);
  }
  const attention = attentionCost(plan, sequences, newTokens, priorTokens, decode);
  const attentionLabel = labels[linears.length] as string;
  addOp(attention, bf16, plan.spec.layerCount * times, attentionLabel, rows, totals);
  addOp(lmHeadCost(plan, sequences), bf16, times, labels[linears.length + 1] as string, rows, totals);
  const { prefix } = style;
  const hiddenBytes = tokens * plan.spec.hiddenSize * 2;
  if (plan.tp > 1 && links.tp) {
    const count = 2 * plan.spec.layerCount * times;
    addCollective(setup, 'all-reduce', hiddenBytes, layout.tp, links.tp, `${prefix}tp `, count, rows, totals);
  }
  if (plan.ep > 1 && plan.moeLayers > 0 && links.ep) {
    const elements = (tokens / plan.tp) * plan.moeExpertsPerToken * plan.spec.hiddenSize;
    const dispatchBytes = elements * (plan.weightDtype === 'fp8' ? 1 : 2);
    const count = plan.moeLayers * times;
    const ep = plan.ep;
    addCollective(
      setup,
      'all-to-all',
      dispatchBytes,
      ep,
      links.ep,
      `${prefix}ep dispatch `,
      count,
      rows,
      totals,
    );
    addCollective(
      setup,
      'all-to-all',
      elements * 2,
      ep,
      links.ep,
      `${prefix}ep combine `,
      count,
      rows,
      totals,
    );
  }
  if (layout.pp > 1 && links.pp) {
    // A send of B bytes moves what a 2-GPU all-gather of 2B moves per GPU.
    const r = collectiveOpRange(setup.gpu, 'all-gather', 2 * hiddenBytes, 2, layout.gpusPerNode, links.pp);
    const c = r.nominal.op;
    const timeSec = c.timeSec * (layout.pp - 1) * times;
    totals.nominalSec += timeSec;
    totals.optimisticSec += r.optimisticSec * (layout.pp - 1) * times;
    totals.pessimisticSec += r.pessimisticSec * (layout.pp - 1) * times;
    const label = `${prefix}pp send x${(layout.pp - 1) * times}`;
    addBreakdownRow(rows, label, c.flops, c.bytes * (layout.pp - 1) * times, timeSec, c.bound);
  }
}

/**
 * Time of one pass in one scenario, seconds, with no rows: the ops' sum plus the communication's sum (the
 * order `passTimeSec` adds them in).
 */
export function passSecAt(setup: PassSetup, pass: PassShape, scenario: Scenario): number {
  const { plan, links, layout, gpu } = setup;
  const { sequences, newTokens, priorTokens, decode } = pass;
  const tokens = sequences * newTokens;
  const linear = setup.linear.byScenario[scenario];
  const bf16 = setup.bf16.byScenario[scenario];
  let t = 0;
  for (const l of plan.linears) {
    linearCostInto(l, plan, tokens, costScratch);
    t += l.repeat * opTimeSec(costScratch, linear);
  }
  t += plan.spec.layerCount * opTimeSec(attentionCost(plan, sequences, newTokens, priorTokens, decode), bf16);
  t += opTimeSec(lmHeadCost(plan, sequences), bf16);
  const { gpusPerNode } = layout;
  const hiddenBytes = tokens * plan.spec.hiddenSize * 2;
  let comm = 0;
  if (plan.tp > 1 && links.tp) {
    const c = collectiveOp(gpu, 'all-reduce', hiddenBytes, layout.tp, gpusPerNode, scenario, links.tp);
    comm += c.op.timeSec * (2 * plan.spec.layerCount);
  }
  if (plan.ep > 1 && plan.moeLayers > 0 && links.ep) {
    const elements = (tokens / plan.tp) * plan.moeExpertsPerToken * plan.spec.hiddenSize;
    const dispatchBytes = elements * (plan.weightDtype === 'fp8' ? 1 : 2);
    const d = collectiveOp(gpu, 'all-to-all', dispatchBytes, plan.ep, gpusPerNode, scenario, links.ep);
    comm += d.op.timeSec * plan.moeLayers;
    const c = collectiveOp(gpu, 'all-to-all', elements * 2, plan.ep, gpusPerNode, scenario, links.ep);
    comm += c.op.timeSec * plan.moeLayers;
  }
  if (layout.pp > 1 && links.pp) {
    const c = collectiveOp(gpu, 'all-gather', 2 * hiddenBytes, 2, gpusPerNode, scenario, links.pp);
    comm += c.op.timeSec * (layout.pp - 1);
  }
  return t + comm;
}
