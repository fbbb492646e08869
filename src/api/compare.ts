/**
 * `compare` as a function: one workload on several GPUs, each beside its TPP, PD and 3A090 verdict, with
 * inversions marked and, from a results file, "this machine". Apart from `estimate.ts` so that an estimate
 * does not load the results-file reader (`local-row.ts`).
 * @module
 */
import { findInversions } from '../analysis/inversions.ts';
import { msg, param, UserError } from '../errors.ts';
import { type LoadCatalogOptions, loadCatalog } from '../hardware/catalog.ts';
import type { Estimate } from '../model/estimate.ts';
import { RULE_IDS, type RuleId, regulatoryProfile } from '../regulation/index.ts';
import type { ComparisonSection } from '../results/estimates.ts';
import { printable } from '../util/read-input.ts';
import { WORKLOADS } from '../workloads/index.ts';
import { localComparisonRow } from './local-row.ts';

/** What to compare. */
export interface CompareOptions extends LoadCatalogOptions {
  readonly workload: string;
  readonly gpus: readonly string[];
  readonly params: Readonly<Record<string, unknown>>;
  /** Rule whose verdict each row shows (default `oct-2023`, the 3A090 rule in force). */
  readonly rule?: RuleId | undefined;
  /** A `tppbench run --out` results file: adds "this machine" beside the GPUs. */
  readonly withLocal?: string | undefined;
}

/** A comparison: the estimates, in input order, and the table section. */
export interface Comparison {
  readonly estimates: readonly Estimate[];
  readonly section: ComparisonSection;
}

/**
 * Estimate one workload on several GPUs and set each beside its TPP, PD and verdict. A GPU named twice (an
 * id and its alias) is a UserError: each row is a distinct GPU.
 */
export function compareWorkload(options: CompareOptions): Comparison {
  if (options.gpus.length === 0) throw new UserError(msg`${param('gpus')}: give at least one GPU id`);
  const workload = WORKLOADS.get(options.workload);
  const catalog = loadCatalog(options);
  const rule = options.rule ?? 'oct-2023';
  if (!(RULE_IDS as readonly string[]).includes(rule)) {
    throw new UserError(
      msg`${param('rule')}: unknown rule "${printable(String(rule), 80)}" (known: ${RULE_IDS.join(', ')})`,
      'usage',
    );
  }
  const gpus = catalog.getEach(options.gpus, 'gpus');
  const estimates = gpus.map((gpu) => WORKLOADS.estimate(workload.kind, gpu, options.params));
  const profiles = gpus.map((gpu) => regulatoryProfile(gpu));
  const throughputOf = (e: Estimate) => e.metrics[workload.throughputMetric] ?? null;
  const first = estimates[0] ? throughputOf(estimates[0]) : null;
  const inversions = findInversions(
    estimates.map((e, i) => ({ gpu: e.gpu, tpp: profiles[i]!.tpp, throughput: throughputOf(e) })),
  );
  const rows = estimates.map((e, i) => {
    const profile = profiles[i]!;
    const verdict = profile.verdicts[rule];
    const throughput = throughputOf(e);
    return {
      gpu: e.gpu,
      name: gpus[i]!.name,
      tpp: profile.tpp,
      pd: profile.pd,
      verdict: {
        status: verdict?.status ?? 'indeterminate',
        clause: verdict?.clause ?? null,
        summary: verdict?.summary ?? '',
      },
      throughput,
      timeMs: e.metrics.timeMs ?? null,
      bound: e.bound,
      ratioToFirst: throughput !== null && first !== null && first > 0 ? throughput / first : null,
      inverts: inversions.filter((v) => v.gpu === e.gpu).map((v) => v.over),
    };
  });
  const local =
    options.withLocal === undefined || !estimates[0]
      ? undefined
      : localComparisonRow(options.withLocal, estimates[0], workload.throughputMetric);
  return {
    estimates,
    section: {
      workload: workload.kind,
      throughputMetric: workload.throughputMetric,
      throughputUnit: workload.throughputUnit,
      rule,
      rows,
      inversions,
      ...(local === undefined
        ? {}
        : {
            local: {
              ...local,
              ratioToFirst:
                local.throughput !== null && first !== null && first > 0 ? local.throughput / first : null,
            },
          }),
    },
  };
}
