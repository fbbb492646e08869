/**
 * The pass evaluator: a forward pass's ops (weight GEMMs, attention, LM head) and collectives (defined once in
 * {@link PassSetup.collectives}), from the cached plan with no intermediate op lists.
 *
 * Two views walk the same ops: {@link evaluatePass} gives the nominal breakdown rows and the totals of all
 * three scenarios at once (one wave quantization, one link lookup, one ramp per op); {@link passSecAt} gives
 * one scenario's time and allocates nothing per weight GEMM (the serving solver and sweeps call it).
 * Prefill, decode, serving and training all run on it; training weights compute and communication apart.
 *
 * **Two-batch overlap** (`PassShape.twoBatchOverlap`, as SGLang and DeepSeek's inference run MoE models): the
 * pass runs as two micro-batches of half the sequences, shifted so that each MoE layer runs four phases in
 * which one micro-batch computes while the other's DeepEP call is in flight: (attention, combine),
 * (attention, dispatch), (experts, dispatch), (experts, combine). A phase's compute runs on the share `s` of
 * the SMs that DeepEP leaves for the whole phase (the normal kernels hold 20 SMs, and SGLang launches
 * DeepGEMM on the rest throughout; the low-latency kernels hold none: sm-split.ts), so a phase takes
 * `max(compute / s, comm)`, or the two in turn where that is shorter; the rest is exposed. Dense layers and
 * the LM head have nothing to hide. Halving the batch re-reads the weights once more, so a stack runs it
 * only when it is faster: the evaluator does the same (the nominal times decide), so overlap never makes a
 * pass slower, and a phase never hides more than its compute.
 * @module
 */
import { type CollectiveOpRange, collectiveOp, collectiveOpRange } from '../../model/collective-op.ts';
import { DEEPEP_NORMAL_COMM_SMS } from '../../model/data/deepep-points.ts';
import { type DeepEpRange, deepEpRangeInto, deepEpSec } from '../../model/deepep.ts';
import { addBreakdownRow, addOverlappedRow, type BreakdownAccumulator } from '../../model/estimate.ts';
import { type OpResources, type OpTimeRangeOut, opTimeRangeInto, opTimeSec } from '../../model/roofline.ts';
import type { OpCost, Scenario } from '../../model/types.ts';
import type { ParamSpec } from '../params.ts';
import { attentionCost, lmHeadCost } from './attention-head-ops.ts';
import type { PassCollective, PassSetup } from './pass-setup.ts';
import { type ForwardPlan, linearCostInto, opCostScratch } from './plan.ts';
import { deepEpNormalShare, splitSlotHidden } from './sm-split.ts';

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
  /** Decode step (MLA absorbed; DeepEP's low-latency kernels). */
  readonly decode: boolean;
  /** Run as two overlapped micro-batches where that is faster (see the module note); absent: one batch. */
  readonly twoBatchOverlap?: boolean;
  /**
   * Tokens per sequence whose logits the LM head computes: training scores every token (`newTokens`);
   * absent: 1, the last token, all that serving samples from.
   */
  readonly logitsPerSequence?: number;
}

/** Rows of the LM head in `pass`: the sequences times the tokens each scores. */
function lmHeadRows(pass: PassShape): number {
  return pass.sequences * (pass.logitsPerSequence ?? 1);
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
 * in all three scenarios. Returns whether it ran as two overlapped micro-batches.
 */
export function evaluatePass(
  setup: PassSetup,
  pass: PassShape,
  weights: PassWeights,
  sink: PassSink,
): boolean {
  if (!twoBatchFaster(setup, pass)) {
    addPass(setup, pass, weights, sink, null);
    return false;
  }
  const parts = overlapRangeParts;
  for (const t of [parts.attention, parts.experts, parts.dispatch, parts.combine]) zeroInto(t);
  const doubled = { labelTimes: 2 * weights.labelTimes, ops: 2 * weights.ops, comm: 2 * weights.comm };
  addPass(setup, halfPass(pass), doubled, sink, parts);
  return true;
}

/**
 * One micro-batch's times per MoE layer that two-batch overlap pairs, in the three scenarios: its compute
 * before the dispatch (`attention`) and between dispatch and combine (`experts`), and its DeepEP calls.
 */
interface OverlapRangeParts {
  readonly attention: RangeTotals;
  readonly experts: RangeTotals;
  readonly dispatch: RangeTotals;
  readonly combine: RangeTotals;
}

const overlapRangeParts: OverlapRangeParts = {
  attention: zeroTotals(),
  experts: zeroTotals(),
  dispatch: zeroTotals(),
  combine: zeroTotals(),
};

function zeroInto(t: RangeTotals): void {
  t.nominalSec = 0;
  t.optimisticSec = 0;
  t.pessimisticSec = 0;
}

/** One pass's ops then collectives; `parts` non-null: a two-batch micro-batch, which collects its parts. */
function addPass(
  setup: PassSetup,
  pass: PassShape,
  weights: PassWeights,
  sink: PassSink,
  parts: OverlapRangeParts | null,
): void {
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
    if (parts !== null && l.overlapPhase !== 'none') {
      const r = rangeScratch;
      addTimes(
        l.overlapPhase === 'experts' ? parts.experts : parts.attention,
        r.nominalSec,
        r.optimisticSec,
        r.pessimisticSec,
      );
    }
  }
  const bf16 = setup.bf16.byScenario;
  const attention = passAttention(setup, pass);
  addOp(attention, bf16, plan.spec.layerCount * weights.ops, labels[n] as string, sink);
  if (parts !== null) {
    const r = rangeScratch;
    addTimes(parts.attention, r.nominalSec, r.optimisticSec, r.pessimisticSec);
  }
  addOp(lmHeadCost(plan, lmHeadRows(pass)), bf16, weights.ops, labels[n + 1] as string, sink);
  if (parts === null) {
    for (const c of setup.collectives) addCollective(setup, c, pass, tokens, weights, sink);
  } else addOverlappedCollectives(setup, pass, tokens, weights, sink, parts);
}

/**
 * Time of one pass in one scenario, seconds: the same plan ops (weight GEMMs, attention, LM head) and
 * setup collectives as {@link evaluatePass}, no rows, no allocation per weight GEMM. Written out rather than
 * through a shared op dispatch: sharing it with the range path made the serving solver (this) and the
 * estimates (that) slow each other down, depending on which the optimizing compiler saw first. The oracle
 * test checks both against the old op-list path.
 */
export function passSecAt(setup: PassSetup, pass: PassShape, scenario: Scenario): number {
  if (!twoBatchAsked(setup, pass)) return oneBatchSecAt(setup, pass, scenario, null);
  // The nominal times decide, in every scenario (as evaluatePass does).
  const one = oneBatchSecAt(setup, pass, 'nominal', null);
  const two = twoBatchSecAt(setup, pass, 'nominal');
  if (scenario === 'nominal') return Math.min(one, two);
  return two < one ? twoBatchSecAt(setup, pass, scenario) : oneBatchSecAt(setup, pass, scenario, null);
}

/** One micro-batch's per-MoE-layer parts in one scenario (see {@link OverlapRangeParts}), seconds. */
interface OverlapParts {
  attention: number;
  experts: number;
  dispatch: number;
  combine: number;
}

const partsScratch: OverlapParts = { attention: 0, experts: 0, dispatch: 0, combine: 0 };

/** One batch's time in `scenario`; `parts` non-null: its per-MoE-layer parts as well. */
function oneBatchSecAt(
  setup: PassSetup,
  pass: PassShape,
  scenario: Scenario,
  parts: OverlapParts | null,
): number {
  const { plan, gpu } = setup;
  const tokens = pass.sequences * pass.newTokens;
  const linear = setup.linear.byScenario[scenario];
  let sec = 0;
  for (const l of plan.linears) {
    linearCostInto(l, plan, tokens, costScratch);
    const t = opTimeSec(costScratch, linear);
    sec += t * l.repeat;
    if (parts !== null) {
      if (l.overlapPhase === 'experts') parts.experts += t;
      else if (l.overlapPhase === 'attention') parts.attention += t;
    }
  }
  const bf16 = setup.bf16.byScenario;
  const attention = passAttention(setup, pass);
  const attentionSec = opTimeSec(attention, bf16[scenario]);
  if (parts !== null) parts.attention += attentionSec;
  sec += attentionSec * plan.spec.layerCount + opTimeSec(lmHeadCost(plan, lmHeadRows(pass)), bf16[scenario]);
  const { gpusPerNode } = setup.layout;
  for (const c of setup.collectives) {
    const d = c.deepEp;
    if (d !== null) {
      const mode = pass.decode ? 'low-latency' : 'normal';
      const bytes = tokens * (pass.decode ? d.lowLatencyBytesPerToken : d.normalBytesPerToken);
      const t = deepEpSec(mode, d.direction, bytes, c.gpus, c.link, scenario);
      sec += t * c.count;
      if (parts !== null) {
        if (d.direction === 'dispatch') parts.dispatch += t;
        else parts.combine += t;
      }
    } else {
      const op = collectiveOp(gpu, c.kind, tokens * c.bytesPerToken, c.gpus, gpusPerNode, scenario, c.link);
      sec += op.op.timeSec * c.count;
    }
  }
  return sec;
}

/** A two-batch pass's time in `scenario`: both micro-batches, less what the overlap hides. */
function twoBatchSecAt(setup: PassSetup, pass: PassShape, scenario: Scenario): number {
  const half = halfPass(pass);
  const p = partsScratch;
  p.attention = 0;
  p.experts = 0;
  p.dispatch = 0;
  p.combine = 0;
  const both = 2 * oneBatchSecAt(setup, half, scenario, p);
  const hidden = hiddenPerLayer(computeShare(setup, pass), p.attention, p.experts, p.dispatch, p.combine);
  return both - setup.plan.moeLayers * hidden;
}

/** Whether `pass` asks for two-batch overlap and is faster so. */
function twoBatchFaster(setup: PassSetup, pass: PassShape): boolean {
  if (!twoBatchAsked(setup, pass)) return false;
  return twoBatchSecAt(setup, pass, 'nominal') < oneBatchSecAt(setup, pass, 'nominal', null);
}

/** Whether `pass` asks for two-batch overlap, can split in two, and has communication to hide. */
function twoBatchAsked(setup: PassSetup, pass: PassShape): boolean {
  return pass.twoBatchOverlap === true && setup.overlappable && pass.sequences >= 2;
}

/**
 * Communication one MoE layer hides under two-batch overlap, seconds: the four phases pair one micro-batch's
 * compute with the other's call, each a slot whose compute runs on the SM share `s` ({@link splitSlotHidden}).
 */
export function hiddenPerLayer(
  s: number,
  attention: number,
  experts: number,
  dispatch: number,
  combine: number,
): number {
  return (
    splitSlotHidden(attention, combine, s) +
    splitSlotHidden(attention, dispatch, s) +
    splitSlotHidden(experts, dispatch, s) +
    splitSlotHidden(experts, combine, s)
  );
}

/** One micro-batch of a two-batch pass: half the sequences. */
function halfPass(pass: PassShape): PassShape {
  return {
    sequences: pass.sequences / 2,
    newTokens: pass.newTokens,
    priorTokens: pass.priorTokens,
    decode: pass.decode,
  };
}

/** The SM share compute keeps while the pass's DeepEP kernels run. */
function computeShare(setup: PassSetup, pass: PassShape): number {
  return pass.decode ? 1 : deepEpNormalShare(setup.gpu.smCount.value);
}

/** The pass's attention on the kernel its setup runs for the phase. */
/** One layer's fused attention in `pass` on the setup's kernel. */
export function passAttention(setup: PassSetup, pass: PassShape): OpCost {
  return attentionCost(
    setup.plan,
    setup.attention,
    pass.sequences,
    pass.newTokens,
    pass.priorTokens,
    pass.decode,
  );
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
  pass: PassShape,
  tokens: number,
  weights: PassWeights,
  sink: PassSink,
): void {
  const count = c.count * weights.comm;
  if (c.deepEp !== null) {
    const r = deepEpScratch;
    const bytes = deepEpRange(c, pass, tokens, r);
    addTimes(sink.totals, r.nominalSec * count, r.optimisticSec * count, r.pessimisticSec * count);
    const label = deepEpLabel(sink.style, c, pass, c.count * weights.labelTimes);
    addBreakdownRow(sink.rows, label, 0, bytes * count, r.nominalSec * count, 'interconnect');
    return;
  }
  const r = ncclRange(setup, c, tokens);
  const op = r.nominal.op;
  const timeSec = op.timeSec * count;
  addTimes(sink.totals, timeSec, r.optimisticSec * count, r.pessimisticSec * count);
  const shown = c.count * weights.labelTimes;
  const { prefix } = sink.style;
  const label = c.named ? `${prefix}${c.label} ${op.op} x${shown}` : `${prefix}${c.label} x${shown}`;
  addBreakdownRow(sink.rows, label, op.flops, op.bytes * count, timeSec, op.bound);
}

/** One NCCL call of `c` over the pass's `tokens`, in the three scenarios. */
function ncclRange(setup: PassSetup, c: PassCollective, tokens: number): CollectiveOpRange {
  return collectiveOpRange(
    setup.gpu,
    c.kind,
    tokens * c.bytesPerToken,
    c.gpus,
    setup.layout.gpusPerNode,
    c.link,
  );
}

/** One DeepEP call's times into `out`; returns the bytes one GPU sends. */
function deepEpRange(c: PassCollective, pass: PassShape, tokens: number, out: DeepEpRange): number {
  const d = c.deepEp as NonNullable<PassCollective['deepEp']>;
  const bytes = tokens * (pass.decode ? d.lowLatencyBytesPerToken : d.normalBytesPerToken);
  deepEpRangeInto(pass.decode ? 'low-latency' : 'normal', d.direction, bytes, c.gpus, c.link, out);
  return bytes;
}

/**
 * One call of collective `c` in a pass of `tokens` tokens (the TP group's), in the three scenarios, into `out`
 * (seconds): DeepEP's kernels for an EP all-to-all on a GPU that runs them, NCCL otherwise. For callers that
 * weigh communication themselves (training); the evaluator's rows use the same calls.
 */
export function collectiveRangeInto(
  setup: PassSetup,
  c: PassCollective,
  pass: PassShape,
  tokens: number,
  out: DeepEpRange,
): void {
  if (c.deepEp !== null) {
    deepEpRange(c, pass, tokens, out);
    return;
  }
  const r = ncclRange(setup, c, tokens);
  out.nominalSec = r.nominal.op.timeSec;
  out.optimisticSec = r.optimisticSec;
  out.pessimisticSec = r.pessimisticSec;
}

function deepEpLabel(style: RowStyle, c: PassCollective, pass: PassShape, shown: number): string {
  const mode = pass.decode ? 'low-latency' : 'normal';
  return `${style.prefix}${c.label} deepep ${mode} (${c.gpus} GPUs) x${shown}`;
}

const deepEpScratch: DeepEpRange = { nominalSec: 0, optimisticSec: 0, pessimisticSec: 0 };
/** Per-collective DeepEP times of an overlapped pass (a pass has at most a few collectives). */
const overlapScratch: DeepEpRange[] = [];

/**
 * An overlapped pass's collectives, in order: NCCL ones as usual; each DeepEP one split into its exposed
 * time (in the totals and the row's `timeMs`) and its hidden time (the row's `hiddenMs`), in the share the
 * pass's phases give (per scenario for the totals).
 */
function addOverlappedCollectives(
  setup: PassSetup,
  pass: PassShape,
  tokens: number,
  weights: PassWeights,
  sink: PassSink,
  parts: OverlapRangeParts,
): void {
  const cs = setup.collectives;
  const all = zeroTotals();
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i] as PassCollective;
    if (c.deepEp === null) continue;
    while (overlapScratch.length <= i)
      overlapScratch.push({ nominalSec: 0, optimisticSec: 0, pessimisticSec: 0 });
    const r = overlapScratch[i] as DeepEpRange;
    deepEpRange(c, pass, tokens, r);
    addTimes(
      c.deepEp.direction === 'dispatch' ? parts.dispatch : parts.combine,
      r.nominalSec,
      r.optimisticSec,
      r.pessimisticSec,
    );
    const count = c.count * weights.comm;
    addTimes(all, r.nominalSec * count, r.optimisticSec * count, r.pessimisticSec * count);
  }
  // Hidden time over the pass: per MoE layer, times the pass's repeats (weights.comm is doubled: / 2).
  const layers = (setup.plan.moeLayers * weights.comm) / 2;
  const s = computeShare(setup, pass);
  const { attention: a, experts: e, dispatch: d, combine: c } = parts;
  const exposed = (hidden: number, comm: number) => (comm > 0 ? 1 - hidden / comm : 1);
  const nominal = exposed(
    layers * hiddenPerLayer(s, a.nominalSec, e.nominalSec, d.nominalSec, c.nominalSec),
    all.nominalSec,
  );
  const optimistic = exposed(
    layers * hiddenPerLayer(s, a.optimisticSec, e.optimisticSec, d.optimisticSec, c.optimisticSec),
    all.optimisticSec,
  );
  const pessimistic = exposed(
    layers * hiddenPerLayer(s, a.pessimisticSec, e.pessimisticSec, d.pessimisticSec, c.pessimisticSec),
    all.pessimisticSec,
  );
  for (let i = 0; i < cs.length; i++) {
    const col = cs[i] as PassCollective;
    if (col.deepEp === null) {
      addCollective(setup, col, pass, tokens, weights, sink);
      continue;
    }
    const r = overlapScratch[i] as DeepEpRange;
    const count = col.count * weights.comm;
    const bytes =
      tokens * (pass.decode ? col.deepEp.lowLatencyBytesPerToken : col.deepEp.normalBytesPerToken);
    const sec = r.nominalSec * count;
    addTimes(
      sink.totals,
      sec * nominal,
      r.optimisticSec * count * optimistic,
      r.pessimisticSec * count * pessimistic,
    );
    const label = deepEpLabel(sink.style, col, pass, col.count * weights.labelTimes);
    addOverlappedRow(sink.rows, label, bytes * count, sec * nominal, sec * (1 - nominal));
  }
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

/** The parameter that turns two-batch overlap off (`--two-batch-overlap off`). */
export const TWO_BATCH_OVERLAP_PARAM = {
  key: 'twoBatchOverlap',
  flag: '--two-batch-overlap',
  description:
    "run batched passes as two micro-batches whose DeepEP all-to-all hides behind the other one's compute, where faster: on|off",
  kind: 'choice',
  choices: ['on', 'off'],
  default: 'off',
} as const satisfies ParamSpec;

/**
 * The assumption line of two-batch overlap for a setup: what it hides and whether each named pass ran so
 * (`ran`: pass name -> overlapped); null when the setup has nothing to hide.
 */
export function overlapAssumption(
  setup: PassSetup,
  requested: boolean,
  ran: Readonly<Record<string, boolean>>,
): string | null {
  if (!setup.overlappable) return null;
  if (!requested) return 'two-batch overlap off (twoBatchOverlap off): the DeepEP all-to-all is not hidden';
  const used = Object.keys(ran).filter((k) => ran[k]);
  const unused = Object.keys(ran).filter((k) => !ran[k]);
  const parts = [
    used.length > 0 ? `${used.join(' and ')} run as two micro-batches of half the sequences` : '',
    unused.length > 0
      ? `${unused.join(' and ')} run as one batch (one sequence, or two micro-batches would be slower: they read the weights twice)`
      : '',
  ].filter((x) => x !== '');
  const sms = setup.gpu.smCount.value;
  return `two-batch overlap (SGLang/DeepSeek inference; twoBatchOverlap off to disable): ${parts.join('; ')}; each micro-batch's DeepEP all-to-all hides behind the other's compute, which runs on the share s of the SMs for the whole phase: phase = max(compute / s, all-to-all) where that beats running them in turn, with s = 1 for the low-latency kernels and ${deepEpNormalShare(sms) < 1 ? `(${sms} - ${DEEPEP_NORMAL_COMM_SMS}) / ${sms}` : '1'} for the normal kernels (${DEEPEP_NORMAL_COMM_SMS} SMs for communication, DeepSeek-V3 report; SGLang launches DeepGEMM on the rest); breakdown rows show the hidden time as hiddenMs`;
}
