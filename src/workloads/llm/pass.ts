/**
 * The pass evaluator: one loop over a forward pass's ops (weight GEMMs, attention, LM head) and collectives
 * (defined once in {@link PassSetup.collectives}), from the cached plan with no intermediate op lists.
 *
 * It has two views of the same loop: {@link evaluatePass} gives the nominal breakdown rows and the totals of
 * all three scenarios at once (one wave quantization, one link lookup, one ramp per op); {@link passSecAt}
 * gives one scenario's time and allocates nothing per op (the serving solver and sweeps call it). Prefill,
 * decode, serving and training all run on it; training weights compute and communication apart.
 * @module
 */
import { collectiveOp, collectiveOpRange } from '../../model/collective-op.ts';
import { addBreakdownRow, type BreakdownAccumulator } from '../../model/estimate.ts';
import { type OpResources, type OpTimeRangeOut, opTimeRangeInto, opTimeSec } from '../../model/roofline.ts';
import type { OpCost, Scenario } from '../../model/types.ts';
import { memo } from '../../util/memo.ts';
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
  /** The compute/memory rows' time alone (training overlaps its gradient all-reduce with it). */
  readonly ops: RangeTotals;
}

/**
 * Add one pass to `sink`: its nominal breakdown rows (compute/memory ops, then the collectives) and its time
 * in all three scenarios.
 */
export function evaluatePass(setup: PassSetup, pass: PassShape, weights: PassWeights, sink: PassSink): void {
  walkPass(setup, pass, weights, sink, null);
}

/** Scratch sink of {@link passSecAt}: only `totals.nominalSec` is written, for the scenario asked. */
const singleSink: PassSink = {
  rows: { rows: [], totalSec: 0, worstSec: -1, bound: 'compute' },
  style: { prefix: '', countOnes: false },
  totals: zeroTotals(),
  ops: zeroTotals(),
};

/** Time of one pass in one scenario, seconds: the same loop as {@link evaluatePass}, no rows, no allocation per op. */
export function passSecAt(setup: PassSetup, pass: PassShape, scenario: Scenario): number {
  singleSink.totals.nominalSec = 0;
  walkPass(setup, pass, ONCE, singleSink, scenario);
  return singleSink.totals.nominalSec;
}

/** Reused for each weight GEMM's cost (read before the next is written). */
const costScratch = opCostScratch();
/** Reused per op: evaluation is synchronous, so one scratch result suffices. */
const rangeScratch: OpTimeRangeOut = { nominalSec: 0, optimisticSec: 0, pessimisticSec: 0, bound: 'memory' };

/**
 * The loop. `only` null: rows and all three scenarios into `sink`; `only` a scenario: that scenario's time
 * into `sink.totals.nominalSec`, nothing else.
 */
function walkPass(
  setup: PassSetup,
  pass: PassShape,
  weights: PassWeights,
  sink: PassSink,
  only: Scenario | null,
): void {
  const { plan } = setup;
  const { sequences, newTokens, priorTokens, decode } = pass;
  const tokens = sequences * newTokens;
  const labels = only === null ? passLabels(setup, sink.style, decode, weights.labelTimes) : NO_LABELS;
  const linear = setup.linear.byScenario;
  const bf16 = setup.bf16.byScenario;
  const linears = plan.linears;
  for (let i = 0; i < linears.length; i++) {
    const l = linears[i] as ForwardPlan['linears'][number];
    linearCostInto(l, plan, tokens, costScratch);
    addOp(costScratch, linear, l.repeat * weights.ops, labels[i], sink, only);
  }
  const attention = attentionCost(plan, sequences, newTokens, priorTokens, decode);
  addOp(attention, bf16, plan.spec.layerCount * weights.ops, labels[linears.length], sink, only);
  addOp(lmHeadCost(plan, sequences), bf16, weights.ops, labels[linears.length + 1], sink, only);
  for (const c of setup.collectives) addCollective(setup, c, tokens, weights, sink, only);
}

const NO_LABELS: readonly string[] = [];

function addOp(
  cost: OpCost,
  byScenario: Readonly<Record<Scenario, OpResources>>,
  n: number,
  label: string | undefined,
  sink: PassSink,
  only: Scenario | null,
): void {
  if (only !== null) {
    sink.totals.nominalSec += opTimeSec(cost, byScenario[only]) * n;
    return;
  }
  const r = rangeScratch;
  opTimeRangeInto(cost, byScenario, r);
  const timeSec = r.nominalSec * n;
  const optimisticSec = r.optimisticSec * n;
  const pessimisticSec = r.pessimisticSec * n;
  addTimes(sink.totals, timeSec, optimisticSec, pessimisticSec);
  addTimes(sink.ops, timeSec, optimisticSec, pessimisticSec);
  addBreakdownRow(sink.rows, label as string, cost.flops * n, cost.bytes * n, timeSec, r.bound);
}

function addCollective(
  setup: PassSetup,
  c: PassCollective,
  tokens: number,
  weights: PassWeights,
  sink: PassSink,
  only: Scenario | null,
): void {
  const { gpu } = setup;
  const { gpusPerNode } = setup.layout;
  const messageBytes = tokens * c.bytesPerToken;
  const count = c.count * weights.comm;
  if (only !== null) {
    const op = collectiveOp(gpu, c.kind, messageBytes, c.gpus, gpusPerNode, only, c.link).op;
    sink.totals.nominalSec += op.timeSec * count;
    return;
  }
  const r = collectiveOpRange(gpu, c.kind, messageBytes, c.gpus, gpusPerNode, c.link);
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

const labelSets = memo<readonly string[]>(4096);

function rowLabel(style: RowStyle, op: string, n: number): string {
  const head = `${op.startsWith(style.prefix) ? '' : style.prefix}${op}`;
  return style.countOnes || n > 1 ? `${head} x${n}` : head;
}

/** Row labels of the pass's compute ops in order, built once per (setup, style, decode, count). */
function passLabels(setup: PassSetup, style: RowStyle, decode: boolean, n: number): readonly string[] {
  const key = `${setup.key}|${style.prefix}|${style.countOnes}|${decode}|${n}`;
  return labelSets.get(key, () => {
    const { plan } = setup;
    const out = plan.linears.map((l) => rowLabel(style, l.label, l.repeat * n));
    const attention = decode ? 'decode attention' : 'prefill attention';
    out.push(rowLabel(style, attention, plan.spec.layerCount * n));
    out.push(rowLabel(style, 'lm-head', n));
    return out;
  });
}
