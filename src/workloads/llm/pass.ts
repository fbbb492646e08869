/**
 * The pass evaluator: a forward pass's ops (weight GEMMs, attention, LM head: {@link opCost}) and collectives
 * (defined once in {@link PassSetup.collectives}), from the cached plan with no intermediate op lists.
 *
 * Two views walk the same ops: {@link evaluatePass} gives the nominal breakdown rows and the totals of all
 * three scenarios at once (one wave quantization, one link lookup, one ramp per op); {@link passSecAt} gives
 * one scenario's time and allocates nothing per weight GEMM (the serving solver and sweeps call it).
 * Prefill, decode, serving and training all run on it; training weights compute and communication apart.
 * @module
 */
import { collectiveOp, collectiveOpRange } from '../../model/collective-op.ts';
import { addBreakdownRow, type BreakdownAccumulator } from '../../model/estimate.ts';
import { type OpResources, type OpTimeRangeOut, opTimeRangeInto, opTimeSec } from '../../model/roofline.ts';
import type { OpCost, Scenario } from '../../model/types.ts';
import { attentionCost, lmHeadCost } from './attention-head-ops.ts';
import type { PassCollective, PassSetup } from './pass-setup.ts';
import { type ForwardPlan, linearCostInto, opCostScratch } from './plan.ts';

/** Running totals of time in the three scenarios, seconds; the evaluator adds to them in place. */
export interface RangeTotals {
  nominalSec: number;
  optimisticSec: number;
  pessimisticSec: number;
}

/** Fresh zero {@link RangeTotals}. */
export function zeroTotals(): RangeTotals {
  return { nominalSec: 0, optimisticSec: 0, pessimisticSec: 0 };
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
 * How breakdown rows are labelled: `prefix` before each op (`prefill `), and whether a count of 1 is shown
 * (`prefill lm-head x1` against `lm-head`).
 */
export interface RowStyle {
  readonly prefix: string;
  readonly countOnes: boolean;
}

/**
 * How often a pass counts. Row labels show each op's count times `labelTimes`; compute/memory rows' time,
 * flops and bytes are multiplied by `ops` and collectives' by `comm`. Serving's decode steps weight all three
 * alike; training shows one forward's counts and weights compute x3 (forward + backward) and collectives x2.
 */
export interface PassWeights {
  readonly labelTimes: number;
  readonly ops: number;
  readonly comm: number;
}

/** A pass run once. */
export const ONCE: PassWeights = { labelTimes: 1, ops: 1, comm: 1 };

/** A pass run `n` times, every row alike. */
export function times(n: number): PassWeights {
  return { labelTimes: n, ops: n, comm: n };
}

/** Where {@link evaluatePass} writes. */
export interface PassSink {
  /** Nominal breakdown rows. */
  readonly rows: BreakdownAccumulator;
  readonly style: RowStyle;
  /** Every row's time, in the three scenarios. */
  readonly totals: RangeTotals;
  /** The compute/memory rows' time alone, when wanted (training overlaps its gradient all-reduce with it). */
  readonly ops: RangeTotals | null;
}

/**
 * Add one pass to `sink`: its nominal breakdown rows (compute/memory ops, then the collectives) and its time
 * in all three scenarios.
 */
export function evaluatePass(setup: PassSetup, pass: PassShape, weights: PassWeights, sink: PassSink): void {
  const { plan } = setup;
  const tokens = pass.sequences * pass.newTokens;
  const labels = passLabels(setup, sink.style, pass.decode, weights.labelTimes);
  const linear = setup.linear.byScenario;
  const linears = plan.linears;
  const n = linears.length;
  for (let i = 0; i < n; i++) {
    const l = linears[i] as ForwardPlan['linears'][number];
    linearCostInto(l, plan, tokens, costScratch);
    addOp(costScratch, linear, l.repeat * weights.ops, labels[i] as string, sink);
  }
  const bf16 = setup.bf16.byScenario;
  const attention = attentionCost(plan, pass.sequences, pass.newTokens, pass.priorTokens, pass.decode);
  addOp(attention, bf16, plan.spec.layerCount * weights.ops, labels[n] as string, sink);
  addOp(lmHeadCost(plan, pass.sequences), bf16, weights.ops, labels[n + 1] as string, sink);
  for (const c of setup.collectives) addCollective(setup, c, tokens, weights, sink);
}

/**
 * Time of one pass in one scenario, seconds: the same plan ops (weight GEMMs, attention, LM head) and
 * setup collectives as {@link evaluatePass}, no rows, no allocation per weight GEMM. Written out rather than
 * through {@link opCost}: sharing that dispatch with the range path made the serving solver (this) and the
 * estimates (that) slow each other down, depending on which the optimizing compiler saw first. The oracle
 * test checks both against the old op-list path.
 */
export function passSecAt(setup: PassSetup, pass: PassShape, scenario: Scenario): number {
  const { plan, gpu } = setup;
  const tokens = pass.sequences * pass.newTokens;
  const linear = setup.linear.byScenario[scenario];
  let sec = 0;
  for (const l of plan.linears) {
    linearCostInto(l, plan, tokens, costScratch);
    sec += opTimeSec(costScratch, linear) * l.repeat;
  }
  const bf16 = setup.bf16.byScenario[scenario];
  const attention = attentionCost(plan, pass.sequences, pass.newTokens, pass.priorTokens, pass.decode);
  sec +=
    opTimeSec(attention, bf16) * plan.spec.layerCount + opTimeSec(lmHeadCost(plan, pass.sequences), bf16);
  const { gpusPerNode } = setup.layout;
  for (const c of setup.collectives) {
    const op = collectiveOp(gpu, c.kind, tokens * c.bytesPerToken, c.gpus, gpusPerNode, scenario, c.link);
    sec += op.op.timeSec * c.count;
  }
  return sec;
}

/** Reused for each weight GEMM's cost (read before the next is written). */
const costScratch = opCostScratch();

/** Reused per op: evaluation is synchronous, so one scratch result suffices. */
const rangeScratch: OpTimeRangeOut = { nominalSec: 0, optimisticSec: 0, pessimisticSec: 0, bound: 'memory' };

function addOp(
  cost: OpCost,
  byScenario: Readonly<Record<Scenario, OpResources>>,
  n: number,
  label: string,
  sink: PassSink,
): void {
  const r = rangeScratch;
  opTimeRangeInto(cost, byScenario, r);
  const timeSec = r.nominalSec * n;
  const optimisticSec = r.optimisticSec * n;
  const pessimisticSec = r.pessimisticSec * n;
  addTimes(sink.totals, timeSec, optimisticSec, pessimisticSec);
  if (sink.ops !== null) addTimes(sink.ops, timeSec, optimisticSec, pessimisticSec);
  addBreakdownRow(sink.rows, label, cost.flops * n, cost.bytes * n, timeSec, r.bound);
}

function addCollective(
  setup: PassSetup,
  c: PassCollective,
  tokens: number,
  weights: PassWeights,
  sink: PassSink,
): void {
  const count = c.count * weights.comm;
  const r = collectiveOpRange(
    setup.gpu,
    c.kind,
    tokens * c.bytesPerToken,
    c.gpus,
    setup.layout.gpusPerNode,
    c.link,
  );
  const op = r.nominal.op;
  const timeSec = op.timeSec * count;
  addTimes(sink.totals, timeSec, r.optimisticSec * count, r.pessimisticSec * count);
  const shown = c.count * weights.labelTimes;
  const { prefix } = sink.style;
  const label = c.named ? `${prefix}${c.label} ${op.op} x${shown}` : `${prefix}${c.label} x${shown}`;
  addBreakdownRow(sink.rows, label, op.flops, op.bytes * count, timeSec, op.bound);
}

function addTimes(t: RangeTotals, nominalSec: number, optimisticSec: number, pessimisticSec: number): void {
  t.nominalSec += nominalSec;
  t.optimisticSec += optimisticSec;
  t.pessimisticSec += pessimisticSec;
}

/**
 * Row labels by setup (cached setups are shared, so identity finds them), style and count: keyed without
 * building strings, as estimates look them up on every call. Bounded in all.
 */
let labelSets = new WeakMap<PassSetup, Map<RowStyle, Map<number, readonly string[]>>>();
/** Label sets cached in all; past this the cache starts over (a long sweep over counts stays bounded). */
const MAX_LABEL_SETS = 1 << 14;
let labelSetCount = 0;

function rowLabel(style: RowStyle, op: string, n: number): string {
  const head = `${op.startsWith(style.prefix) ? '' : style.prefix}${op}`;
  return style.countOnes || n > 1 ? `${head} x${n}` : head;
}

/** Row labels of the pass's compute ops in order, built once per (setup, style, decode, count). */
function passLabels(setup: PassSetup, style: RowStyle, decode: boolean, n: number): readonly string[] {
  let byStyle = labelSets.get(setup);
  if (!byStyle) {
    byStyle = new Map();
    labelSets.set(setup, byStyle);
  }
  let byCount = byStyle.get(style);
  if (!byCount) {
    byCount = new Map();
    byStyle.set(style, byCount);
  }
  // Decode and prefill differ only in the attention label: odd keys for decode.
  const key = 2 * n + (decode ? 1 : 0);
  let labels = byCount.get(key);
  if (!labels) {
    const { plan } = setup;
    const out = plan.linears.map((l) => rowLabel(style, l.label, l.repeat * n));
    out.push(rowLabel(style, decode ? 'decode attention' : 'prefill attention', plan.spec.layerCount * n));
    out.push(rowLabel(style, 'lm-head', n));
    labels = out;
    if (++labelSetCount > MAX_LABEL_SETS) {
      labelSets = new WeakMap();
      labelSetCount = 0;
    } else byCount.set(key, labels);
  }
  return labels;
}
