/**
 * The regression verdicts: baseline and current metrics in, one verdict per metric out. Pure: no I/O, no
 * clock, no `Math.random` (the bootstrap is seeded per metric id, so a verdict does not depend on the order
 * of the metrics).
 *
 * Sampled metrics (both sides have samples). With t the metric's threshold, change = median(current) /
 * median(baseline) - 1, and "worse" meaning up for lower-is-better and down for higher-is-better:
 * 1. inconclusive when a side has fewer than max(minSamples, 2) samples, a sample is not finite, the
 *    baseline median is not positive, or the bootstrap interval is not finite;
 * 2. inconclusive (noise) when the 95% bootstrap interval of the change reaches past both -t and +t: the
 *    data cannot tell a regression of t from an improvement of t;
 * 3. regressed when the change is past t on the worse side AND there is evidence: the Mann-Whitney p-value
 *    is below alpha, or the whole interval lies past t on the worse side;
 * 4. improved: the same on the better side;
 * 5. otherwise pass.
 *
 * Estimates (both sides without samples) compare their values with a relative tolerance: within it pass,
 * else regressed or improved by direction; the reason lists the inputs that differ.
 * @module
 */
import { median } from 'simple-statistics';
import { thresholdFor } from './policy.ts';
import { bootstrapRatioCi, mannWhitneyU } from './stats.ts';
import type { CheckOutcome, Metric, MetricSet, MetricVerdict, Policy, VerdictKind } from './types.ts';

/** Options of {@link compareMetrics}. */
export interface CompareOptions {
  /** Seed of the bootstrap (mixed with each metric id); default 1. */
  readonly seed?: number;
  /** Bootstrap resamples; default 2000. */
  readonly iterations?: number;
}

const CI_LEVEL = 0.95;

/** `+21.3%`, `-4.0%`, `0.0%`; a change of 10000x or more as the ratio, `x1.8e+306` (x 100 could overflow). */
function pct(x: number): string {
  if (Math.abs(x) >= 1e4) return `x${(x + 1).toPrecision(2)}`;
  const s = (x * 100).toFixed(1);
  return x > 0 && s !== '0.0' ? `+${s}%` : s === '-0.0' ? '0.0%' : `${s}%`;
}

/** A threshold as the user wrote it: `5%`, `15%`, `0.5%`. */
function thresholdPct(t: number): string {
  return `${Number((t * 100).toPrecision(3))}%`;
}

function pText(p: number): string {
  return p < 1e-4 ? 'p < 0.0001' : `p ${Number(p.toPrecision(2))}`;
}

/** FNV-1a of the id, mixed with the seed: a per-metric bootstrap seed. */
function seedFor(id: string, seed: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return (h ^ seed) >>> 0;
}

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** `tool version 0.1.0 -> 0.2.0; params.batch 8 -> 16`, or '' when the inputs are the same. */
export function diffInputs(
  baseline: Readonly<Record<string, string>> = {},
  current: Readonly<Record<string, string>> = {},
): string {
  const keys = [...new Set([...Object.keys(baseline), ...Object.keys(current)])].sort();
  const parts: string[] = [];
  for (const key of keys) {
    const a = Object.hasOwn(baseline, key) ? baseline[key] : undefined;
    const b = Object.hasOwn(current, key) ? current[key] : undefined;
    if (a !== b) parts.push(`${key} ${a ?? '(none)'} -> ${b ?? '(none)'}`);
  }
  return parts.join('; ');
}

/** The value shown for one side: the median of its samples, or its value when it has none. */
function sideValue(metric: Metric): number | null {
  const { samples } = metric;
  if (samples.length > 0) return samples.every(Number.isFinite) ? median([...samples]) : null;
  return finiteOrNull(metric.value);
}

type Numbers = Omit<MetricVerdict, 'id' | 'kernel' | 'unit' | 'direction'>;

function compareEstimate(base: Metric, cur: Metric, policy: Policy): Numbers {
  const tolerance = policy.estimateTolerance;
  const inputs = diffInputs(base.inputs, cur.inputs);
  const empty = { changeCi: null, pValue: null, threshold: tolerance };
  const values = { baseline: finiteOrNull(base.value), current: finiteOrNull(cur.value) };
  if (values.baseline === null || values.current === null) {
    return { ...empty, ...values, change: null, verdict: 'inconclusive', reason: 'estimate is not finite' };
  }
  if (base.value === 0) {
    const same = cur.value === 0;
    return {
      ...empty,
      ...values,
      change: same ? 0 : null,
      verdict: same ? 'pass' : 'inconclusive',
      reason: same ? 'estimate 0 in both' : `baseline estimate 0: no ratio${inputs ? `; ${inputs}` : ''}`,
    };
  }
  const change = finiteOrNull((cur.value - base.value) / Math.abs(base.value));
  if (change === null) {
    return {
      ...empty,
      ...values,
      change,
      verdict: 'inconclusive',
      reason: 'baseline estimate too small: no ratio',
    };
  }
  if (Math.abs(change) <= tolerance) {
    const reason = `estimate within tolerance ${tolerance}${inputs ? `; inputs changed: ${inputs}` : ''}`;
    return { ...empty, ...values, change, verdict: 'pass', reason };
  }
  const worse = (cur.direction === 'lower-is-better' ? change : -change) > 0;
  return {
    ...empty,
    ...values,
    change,
    verdict: worse ? 'regressed' : 'improved',
    reason: `estimate ${pct(change)} past tolerance ${tolerance}; ${inputs || 'inputs unchanged'}`,
  };
}

function compareSampled(
  base: Metric,
  cur: Metric,
  policy: Policy,
  threshold: number,
  options: CompareOptions,
): Numbers {
  const a = base.samples;
  const b = cur.samples;
  const none = { change: null, changeCi: null, pValue: null, threshold };
  const finite = a.every(Number.isFinite) && b.every(Number.isFinite);
  const baseline = finite && a.length > 0 ? median([...a]) : null;
  const current = finite && b.length > 0 ? median([...b]) : null;
  const inconclusive = (reason: string, change: number | null = null): Numbers => ({
    ...none,
    baseline,
    current,
    change,
    verdict: 'inconclusive',
    reason,
  });
  if (!finite) return inconclusive('a sample is not finite');
  const need = Math.max(policy.minSamples, 2);
  const ratioOk = baseline !== null && baseline > 0 && current !== null;
  // A tiny baseline can overflow the ratio: then there is no change to report.
  const change = ratioOk ? finiteOrNull(current / baseline - 1) : null;
  if (a.length < need || b.length < need) {
    const few = [a.length < need ? `baseline ${a.length}` : '', b.length < need ? `current ${b.length}` : '']
      .filter(Boolean)
      .join(', ');
    return inconclusive(`${few} samples < ${need}`, change);
  }
  if (change === null) {
    const why = baseline !== null && baseline > 0 ? 'too small' : 'not positive';
    return inconclusive(`baseline median ${baseline} is ${why}: no ratio`);
  }

  const { pValue } = mannWhitneyU(a, b);
  const seed = seedFor(base.id, options.seed ?? 1);
  const [lo, hi] = bootstrapRatioCi(a, b, { seed, level: CI_LEVEL, iterations: options.iterations ?? 2000 });
  if (!(Number.isFinite(lo) && Number.isFinite(hi))) {
    return {
      ...inconclusive('bootstrap ratio not finite (baseline resamples with median 0)', change),
      pValue,
    };
  }
  const changeCi: readonly [number, number] = [lo - 1, hi - 1];
  const ciText = `${CI_LEVEL * 100}% CI ${pct(changeCi[0])}..${pct(changeCi[1])}`;
  const result = { baseline, current, change, changeCi, pValue, threshold };

  // Work in "worse-signed" terms: positive means worse, whatever the direction.
  const sign = cur.direction === 'lower-is-better' ? 1 : -1;
  const worse = sign * change;
  const [worseLo, worseHi] = sign === 1 ? [changeCi[0], changeCi[1]] : [-changeCi[1], -changeCi[0]];
  const worseEdge = pct(sign * threshold);
  const betterEdge = pct(-sign * threshold);
  const numbers = `median ${pct(change)}`;

  let verdict: VerdictKind;
  let reason: string;
  if (worseLo < -threshold && worseHi > threshold) {
    verdict = 'inconclusive';
    reason = `noise: ${ciText} wider than ±${thresholdPct(threshold)}`;
  } else if (worse > threshold && (pValue < policy.alpha || worseLo > threshold)) {
    verdict = 'regressed';
    reason = `${numbers} past ${worseEdge}, ${pText(pValue)}, ${ciText}`;
  } else if (worse < -threshold && (pValue < policy.alpha || worseHi < -threshold)) {
    verdict = 'improved';
    reason = `${numbers} past ${betterEdge}, ${pText(pValue)}, ${ciText}`;
  } else if (Math.abs(worse) > threshold) {
    verdict = 'pass';
    reason = `${numbers} past ${worse > 0 ? worseEdge : betterEdge} but not significant (${pText(pValue)}, ${ciText})`;
  } else {
    verdict = 'pass';
    reason = `${numbers} within ±${thresholdPct(threshold)}`;
  }
  return { ...result, verdict, reason };
}

function indexById(set: MetricSet, side: string, mismatches: string[]): Map<string, Metric> {
  const byId = new Map<string, Metric>();
  for (const metric of set.metrics) {
    if (byId.has(metric.id)) mismatches.push(`${side}: duplicate metric ${metric.id} (first kept)`);
    else byId.set(metric.id, metric);
  }
  return byId;
}

function setMismatches(baseline: MetricSet, current: MetricSet): string[] {
  const out: string[] = [];
  if (baseline.kind !== current.kind) out.push(`kind: ${baseline.kind} vs ${current.kind}`);
  if (baseline.subject !== current.subject) out.push(`subject: ${baseline.subject} vs ${current.subject}`);
  for (const [key, value] of Object.entries(baseline.fingerprint)) {
    if (!Object.hasOwn(current.fingerprint, key)) continue;
    const other = current.fingerprint[key];
    if (other !== value) out.push(`${key}: ${value} vs ${other}`);
  }
  return out;
}

/**
 * Compare two metric sets under a policy. Metrics match by id; baseline order first, then metrics only in
 * current. `mismatches` lists what makes the sets hard to compare (kind, subject, fingerprint fields present
 * on both sides, a metric's unit or direction). No number in the outcome is NaN or infinite.
 */
export function compareMetrics(
  baseline: MetricSet,
  current: MetricSet,
  policy: Policy,
  options: CompareOptions = {},
): CheckOutcome {
  const mismatches = setMismatches(baseline, current);
  const baseById = indexById(baseline, 'baseline', mismatches);
  const curById = indexById(current, 'current', mismatches);
  const verdicts: MetricVerdict[] = [];

  for (const base of baseById.values()) {
    const cur = curById.get(base.id);
    if (!cur) {
      const head = { id: base.id, kernel: base.kernel, unit: base.unit, direction: base.direction };
      verdicts.push({
        ...head,
        verdict: 'missing-current',
        baseline: sideValue(base),
        current: null,
        change: null,
        changeCi: null,
        pValue: null,
        threshold: thresholdFor(policy, base),
        reason: 'not in current',
      });
      continue;
    }
    const curHead = { id: cur.id, kernel: cur.kernel, unit: cur.unit, direction: cur.direction };
    const threshold = thresholdFor(policy, cur);
    const differ = [
      base.unit !== cur.unit ? `unit ${base.unit} vs ${cur.unit}` : '',
      base.direction !== cur.direction ? `direction ${base.direction} vs ${cur.direction}` : '',
    ].filter(Boolean);
    if (differ.length > 0) {
      mismatches.push(`${base.id}: ${differ.join(', ')}`);
      verdicts.push({
        ...curHead,
        verdict: 'inconclusive',
        baseline: sideValue(base),
        current: sideValue(cur),
        change: null,
        changeCi: null,
        pValue: null,
        threshold,
        reason: differ.join(', '),
      });
      continue;
    }
    const estimate = base.samples.length === 0 && cur.samples.length === 0;
    const numbers = estimate
      ? compareEstimate(base, cur, policy)
      : compareSampled(base, cur, policy, threshold, options);
    verdicts.push({ ...curHead, ...numbers });
  }
  for (const cur of curById.values()) {
    if (baseById.has(cur.id)) continue;
    verdicts.push({
      id: cur.id,
      kernel: cur.kernel,
      unit: cur.unit,
      direction: cur.direction,
      verdict: 'missing-baseline',
      baseline: null,
      current: sideValue(cur),
      change: null,
      changeCi: null,
      pValue: null,
      threshold: thresholdFor(policy, cur),
      reason: 'not in baseline',
    });
  }

  const counts: Record<VerdictKind, number> = {
    pass: 0,
    regressed: 0,
    improved: 0,
    inconclusive: 0,
    'missing-baseline': 0,
    'missing-current': 0,
  };
  for (const v of verdicts) counts[v.verdict]++;
  return { verdicts, mismatches, counts };
}
