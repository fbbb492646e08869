/**
 * The workload registry: lookup by kind, duplicate kinds rejected.
 * @module
 */
import { UserError } from '../errors.ts';
import type { GpuSpec } from '../hardware/types.ts';
import type { Estimate } from '../model/estimate.ts';
import { closest } from '../util/suggest.ts';
import { parseParams } from './params.ts';
import type { AnyWorkload } from './types.ts';

/** Workloads by kind. */
export interface WorkloadRegistry {
  readonly workloads: readonly AnyWorkload[];
  /** The workload of this kind; a UserError with suggestions otherwise. */
  get(kind: string): AnyWorkload;
  /** Parse `rawParams` for `kind` and estimate it on `gpu`. */
  estimate(kind: string, gpu: GpuSpec, rawParams: Readonly<Record<string, unknown>>): Estimate;
}

/** Build a registry; two workloads with one kind is a programming error. */
export function createWorkloadRegistry(workloads: readonly AnyWorkload[]): WorkloadRegistry {
  const byKind = new Map<string, AnyWorkload>();
  for (const w of workloads) {
    if (byKind.has(w.kind)) throw new Error(`workload kind "${w.kind}" is registered twice`);
    byKind.set(w.kind, w);
  }
  const get = (kind: string): AnyWorkload => {
    const w = byKind.get(kind);
    if (w) return w;
    const near = closest(kind, [...byKind.keys()]);
    throw new UserError(
      `unknown workload "${kind}"${near.length ? `; did you mean ${near.join(', ')}?` : ''} (known: ${[...byKind.keys()].join(', ')})`,
      'usage',
    );
  };
  return {
    workloads,
    get,
    estimate(kind, gpu, rawParams) {
      const w = get(kind);
      return w.estimate(gpu, parseParams(w.params, rawParams, kind));
    },
  };
}
