/**
 * `estimate` as a function: catalog + workload + params -> an estimate. (`compare` is `compare.ts`.)
 * @module
 */
import { type LoadCatalogOptions, loadCatalog } from '../hardware/catalog.ts';
import type { Estimate } from '../model/estimate.ts';
import { WORKLOADS } from '../workloads/index.ts';

/** What to estimate. `params` holds CLI strings or numbers keyed by the workload's param keys. */
export interface EstimateOptions extends LoadCatalogOptions {
  readonly workload: string;
  readonly gpu: string;
  readonly params: Readonly<Record<string, unknown>>;
}

/** Estimate one workload on one catalog GPU. Bad input throws a UserError naming the parameter. */
export function estimateWorkload(options: EstimateOptions): Estimate {
  const workload = WORKLOADS.get(options.workload);
  const gpu = loadCatalog(options).get(options.gpu, 'gpu');
  return WORKLOADS.estimate(workload.kind, gpu, options.params);
}
