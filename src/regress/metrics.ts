/**
 * The metrics of a document for the regression check: one per completed kernel case of a run, one per
 * fitting estimate, one per fitting sweep row; and the cases that gave no metric (failed, not fitting), so
 * the check can report a case that worked in the baseline and fails now. Pure: the document comes in
 * parsed (`parseDocument`), nothing is read here.
 *
 * Ids (stable across runs of the same input; params sorted by key, values as `String(value)`):
 * - `run:<case id>@<backend>`: the backend the case ran on (`ranOn`; the scheduled one when it did not run);
 * - `estimate:<workload>:<gpu>:<k1>=<v1>,<k2>=<v2>...`: every param of the estimate that differs from the
 *   workload's default, so a version that adds a parameter (with a default) keeps the ids of older baselines;
 * - `sweep:<workload>:<gpu>:<k1>=<v1>,...`: the row's swept params and the sweep's fixed params that differ
 *   from their defaults, so a sweep made with other fixed params gives other ids, not a false regression.
 * Every param, defaults included, is still in the metric's `inputs`, so `check` names one that changed.
 * @module
 */
import { median } from 'simple-statistics';
import { UserError } from '../errors.ts';
import type { BenchResults, Measurement } from '../results/bench-results.ts';
import type { DeepReadonly } from '../results/common.ts';
import type { TppbenchDocument } from '../results/documents.ts';
import type { EstimatesDocument } from '../results/estimates.ts';
import type { InversionsDocument } from '../results/inversions.ts';
import type { SweepDocument } from '../results/sweep.ts';
import { printable } from '../util/read-input.ts';
import { BUILT_IN_WORKLOADS } from '../workloads/index.ts';
import type { Metric, MetricSet } from './types.ts';

/** Any document as parsed, or as the library builds it (read-only). */
export type MetricsDocument = TppbenchDocument | DeepReadonly<TppbenchDocument>;

/** Why a case or estimate gave no metric. */
export type NoMetricState = 'errored' | 'invalid' | 'timed-out' | 'does-not-fit';

/** A case or estimate that gave no metric, by the id its metric would have had. */
export interface FailedCase {
  readonly id: string;
  readonly state: NoMetricState;
  /** One line: the error, the failed verification, the timeout, the memory needed. */
  readonly reason: string;
}

type ParamValue = string | number | boolean;
type Params = Readonly<Record<string, ParamValue>>;

/** `k1=v1,k2=v2`, keys sorted (code-unit order, so the same everywhere). */
export function paramsKey(params: Params): string {
  return Object.keys(params)
    .sort()
    .map((k) => `${k}=${String(params[k])}`)
    .join(',');
}

/** Each built-in workload's parameter defaults, as text. */
const DEFAULTS: ReadonlyMap<string, ReadonlyMap<string, string>> = new Map(
  BUILT_IN_WORKLOADS.map((w) => [
    w.kind,
    new Map(w.params.flatMap((p) => (p.default === undefined ? [] : [[p.key, String(p.default)] as const]))),
  ]),
);

/** `params` without those at `workload`'s defaults (an unknown workload has none). */
export function nonDefaultParams(workload: string, params: Params): Params {
  const defaults = DEFAULTS.get(workload);
  const out: Record<string, ParamValue> = {};
  for (const k of Object.keys(params)) {
    const v = params[k] as ParamValue;
    if (defaults?.get(k) !== String(v)) out[k] = v;
  }
  return out;
}

/** The id of a measured kernel case: `run:<case id>@<backend>`. */
export const runMetricId = (caseId: string, backend: string): string => `run:${caseId}@${backend}`;

/** The id of an estimate: `estimate:<workload>:<gpu>:<params>`. */
export const estimateMetricId = (workload: string, gpu: string, params: Params): string =>
  `estimate:${workload}:${gpu}:${paramsKey(nonDefaultParams(workload, params))}`;

/**
 * The id of a sweep row: `sweep:<workload>:<gpu>:<params>`, the row's swept params (every one) and the
 * sweep's fixed params that differ from their defaults.
 */
export const sweepMetricId = (workload: string, gpu: string, swept: Params, fixed: Params): string =>
  `sweep:${workload}:${gpu}:${paramsKey({ ...nonDefaultParams(workload, fixed), ...swept })}`;

/**
 * The metrics of `doc`, a run's results, an estimates document (`estimate`/`compare --json`) or a sweep
 * document. Any other kind, or two metrics with one id, is a UserError naming `label`.
 */
export function metricsOf(doc: MetricsDocument, label: string): MetricSet {
  const set = metricSetOf(doc, label);
  const seen = new Set<string>();
  for (const m of set.metrics) {
    if (seen.has(m.id)) {
      throw new UserError(`${printable(label)}: metric ${printable(m.id)} appears twice; ids must be unique`);
    }
    seen.add(m.id);
  }
  return set;
}

function metricSetOf(doc: MetricsDocument, label: string): MetricSet {
  switch (doc.kind) {
    case 'tppbench-results':
      return runMetrics(doc);
    case 'tppbench-estimates':
      return estimateMetrics(doc);
    case 'tppbench-sweep':
      return sweepMetrics(doc);
    case 'tppbench-inversions':
      return inversionMetrics(doc);
    default:
      throw new UserError(
        `${printable(label)}: a ${doc.kind} document has no metrics to check; give run results, ` +
          'estimates (estimate/compare --json), a sweep or inversions document',
      );
  }
}

/**
 * The cases of `doc` that gave no metric: run cases that errored, gave a wrong result or timed out
 * (`unsupported` is no failure), estimates and sweep rows that do not fit. Ids as the metric would have had.
 * Other kinds have none.
 */
export function failedCases(doc: MetricsDocument): FailedCase[] {
  switch (doc.kind) {
    case 'tppbench-results':
      return doc.measurements.flatMap((m) => {
        const failure = failureOf(m);
        return failure ? [failure] : [];
      });
    case 'tppbench-estimates':
      return doc.results.flatMap((r) =>
        estimateValue(r) === null
          ? [
              {
                id: estimateMetricId(r.workload, r.gpu, r.params),
                state: 'does-not-fit' as const,
                reason: `needs ${r.memory.neededBytes} bytes of memory`,
              },
            ]
          : [],
      );
    case 'tppbench-sweep': {
      const failed: FailedCase[] = [];
      const ids = sweepIds(doc);
      for (const row of doc.results) {
        if (row.throughput === null)
          failed.push({ id: ids(row), state: 'does-not-fit', reason: `bound ${row.bound}` });
      }
      return failed;
    }
    default:
      return [];
  }
}

function failureOf(m: DeepReadonly<Measurement>): FailedCase | null {
  switch (m.state) {
    case 'errored':
      return {
        id: runMetricId(m.id, m.backend),
        state: 'errored',
        reason: `${m.phase}: ${m.error.name}: ${m.error.message}`,
      };
    case 'invalid':
      return {
        id: runMetricId(m.id, m.ranOn),
        state: 'invalid',
        reason:
          m.verification.maxRelError === null
            ? 'verification failed'
            : `max relative error ${m.verification.maxRelError} past ${m.verification.toleranceRel}`,
      };
    case 'timed-out':
      return {
        id: runMetricId(m.id, m.backend),
        state: 'timed-out',
        reason: `timed out after ${m.timeoutMs} ms`,
      };
    default:
      return null;
  }
}

// ---- runs ----

function runMetrics(doc: DeepReadonly<BenchResults>): MetricSet {
  const metrics: Metric[] = [];
  const timing = new Set<string>();
  for (const m of doc.measurements) {
    if (m.state !== 'completed') continue;
    // Files older than the device-resident tier have no `timing`: they timed per call.
    timing.add(m.timing?.method ?? 'per-call');
    metrics.push({
      id: runMetricId(m.id, m.ranOn),
      kernel: m.kernel,
      unit: 's',
      direction: 'lower-is-better',
      samples: m.samplesSec,
      value: median([...m.samplesSec]),
    });
  }
  return { kind: doc.kind, subject: doc.suite, fingerprint: runFingerprint(doc, timing), metrics };
}

/**
 * What must match for two runs to be compared: the backends used, the device they ran on, the CPU's
 * cores and the worker threads, how the samples were timed, and the software adapter (a CPU standing in
 * for a GPU). The tool version, OS and Node version are left out: a new version is what the check tests.
 */
function runFingerprint(
  doc: DeepReadonly<BenchResults>,
  timing: ReadonlySet<string>,
): Record<string, string> {
  const env = doc.environment;
  const used = new Set<string>(doc.selection.used);
  const adapter = env.backends.find((b) => used.has(b.backend) && b.adapter !== undefined)?.adapter;
  const fingerprint: Record<string, string> = {
    backends: doc.selection.used.join(','),
    // The GPU when one was named, else the WebGPU adapter, else the CPU (the CPU backends' device).
    device: env.gpu?.name || adapter?.description || env.cpuModel,
    cores: String(env.cores),
    threads: String(env.threads),
  };
  if (timing.size > 0) fingerprint.timing = [...timing].sort().join(',');
  if (env.softwareAdapter !== undefined) fingerprint.softwareAdapter = env.softwareAdapter;
  return fingerprint;
}

// ---- estimates ----

type Estimate = DeepReadonly<EstimatesDocument['results'][number]>;

/** The throughput of a fitting estimate; null when it does not fit (or has no throughput figure). */
function estimateValue(r: Estimate): number | null {
  const value = r.fits ? r.metrics[r.throughputMetric] : null;
  return typeof value === 'number' ? value : null;
}

function estimateMetrics(doc: DeepReadonly<EstimatesDocument>): MetricSet {
  const metrics: Metric[] = [];
  for (const r of doc.results) {
    const value = estimateValue(r);
    if (value === null) continue;
    const inputs: Record<string, string> = { 'tool version': doc.tool.version };
    for (const k of Object.keys(r.params).sort()) inputs[`params.${k}`] = String(r.params[k]);
    // What the estimate was computed from (catalog figures, model fit, model config), when recorded.
    const recorded = r.inputs ?? {};
    for (const k of Object.keys(recorded).sort()) inputs[k] = recorded[k]!;
    metrics.push({
      id: estimateMetricId(r.workload, r.gpu, r.params),
      kernel: r.workload,
      unit: r.throughputMetric,
      direction: 'higher-is-better',
      samples: [],
      value,
      inputs,
    });
  }
  const workloads = [...new Set(doc.results.map((r) => r.workload))].sort();
  // Estimates are computed, not measured: the machine does not enter them.
  return { kind: doc.kind, subject: workloads.join(','), fingerprint: { tool: 'estimates' }, metrics };
}

// ---- inversion scenarios ----

/**
 * One metric per scenario and GPU that fits: `inversions:<scenario>:<gpu>`, its throughput. The scenario's
 * flags are its inputs. The catalogue's headline figures, so a model change that moves one is caught.
 */
function inversionMetrics(doc: DeepReadonly<InversionsDocument>): MetricSet {
  const metrics: Metric[] = [];
  for (const outcome of doc.outcomes) {
    if (outcome.state !== 'evaluated') continue;
    const { scenario } = outcome;
    const inputs: Record<string, string> = {};
    for (const flag of Object.keys(scenario.flags).sort()) inputs[`flags.${flag}`] = scenario.flags[flag]!;
    for (const g of outcome.gpus) {
      if (g.throughput === null) continue;
      metrics.push({
        id: `inversions:${scenario.id}:${g.gpu}`,
        kernel: scenario.workload,
        unit: outcome.throughputMetric,
        direction: 'higher-is-better',
        samples: [],
        value: g.throughput,
        inputs,
      });
    }
  }
  return { kind: doc.kind, subject: 'inversions', fingerprint: { tool: 'inversions' }, metrics };
}

// ---- sweeps ----

type SweepRow = SweepDocument['results'][number];

/**
 * A row's id from its params and the sweep's fixed ones, in linear time: the sorted key order is worked
 * out once per distinct key list (every row of a sweep has the same keys) and the fixed params' text once.
 */
function sweepIds(doc: SweepDocument): (row: SweepRow) => string {
  const fixed = nonDefaultParams(doc.workload, doc.fixed);
  const fixedText = new Map(Object.keys(fixed).map((k) => [k, `${k}=${String(fixed[k])}`]));
  const prefix = `sweep:${doc.workload}:`;
  let lastKeys: string[] = [];
  // Per sorted key: the row's key (its value is read per row), or the fixed param's text.
  let order: { rowKey: string | null; text: string }[] = [];
  const sameKeys = (keys: string[]) =>
    keys.length === lastKeys.length && keys.every((k, i) => k === lastKeys[i]);
  return (row) => {
    const keys = Object.keys(row.params);
    if (!sameKeys(keys)) {
      lastKeys = keys;
      const rowKeys = new Set(keys);
      const all = [...new Set([...keys, ...fixedText.keys()])].sort();
      // A key both swept and fixed takes the row's value.
      order = all.map((k) =>
        rowKeys.has(k) ? { rowKey: k, text: '' } : { rowKey: null, text: fixedText.get(k)! },
      );
    }
    let text = '';
    for (let i = 0; i < order.length; i++) {
      const part = order[i]!;
      const piece = part.rowKey === null ? part.text : `${part.rowKey}=${String(row.params[part.rowKey])}`;
      text = i === 0 ? piece : `${text},${piece}`;
    }
    return `${prefix}${row.gpu}:${text}`;
  };
}

function sweepMetrics(doc: SweepDocument): MetricSet {
  // One inputs object for every row: the row's own params are in its id.
  const inputs: Record<string, string> = { 'tool version': doc.tool.version };
  for (const k of Object.keys(doc.fixed).sort()) inputs[`params.${k}`] = String(doc.fixed[k]);
  const ids = sweepIds(doc);
  const metrics: Metric[] = [];
  for (const row of doc.results) {
    if (row.throughput === null) continue;
    metrics.push({
      id: ids(row),
      kernel: doc.workload,
      unit: doc.throughputMetric,
      direction: 'higher-is-better',
      samples: [],
      value: row.throughput,
      inputs,
    });
  }
  return { kind: doc.kind, subject: doc.workload, fingerprint: { tool: 'sweep' }, metrics };
}
