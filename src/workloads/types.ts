/**
 * A workload: a kind, its parameters (with keys and flags) and an estimate function. A workload adds a file
 * exporting a {@link WorkloadDefinition} and lists it in `./index.ts`.
 * @module
 */
import type { GpuSpec } from '../hardware/types.ts';
import type { Estimate } from '../model/estimate.ts';
import type { ParamSpec, ParamsOf, ParamValue } from './params.ts';

/** What every workload shows apart from its estimate. */
export interface WorkloadInfo {
  /** Kebab-case kind, e.g. `gemm`, `allreduce`. */
  readonly kind: string;
  readonly summary: string;
  readonly params: readonly ParamSpec[];
  /** Metric `compare` ranks by (higher is better), e.g. `tflops`. */
  readonly throughputMetric: string;
  /** Human unit of the throughput metric, e.g. `TFLOPS`. */
  readonly throughputUnit: string;
  /** Example CLI flags for help text. */
  readonly example: string;
}

/** One workload kind. `P` is the parsed params object its estimate takes. */
export interface WorkloadDefinition<P = Record<string, ParamValue>> extends WorkloadInfo {
  /** Estimate on one GPU. `params` must come from `parseParams` with this definition's specs. */
  readonly estimate: (gpu: GpuSpec, params: P) => Estimate;
}

/**
 * A definition whose params type is derived from its specs, so the two cannot drift: `estimate` takes
 * exactly what `parseParams(params)` returns. Declare the specs `as const satisfies readonly ParamSpec[]`.
 */
export type TypedWorkload<Specs extends readonly ParamSpec[]> = WorkloadDefinition<ParamsOf<Specs>> & {
  readonly params: Specs;
};

/** Params parsed against a workload's specs: each value by the spec of its key. */
export type ParsedParams = Readonly<Record<string, ParamValue>>;

/**
 * A workload with its params type hidden, as the registry, the CLI and sweeps hold it. `estimate` takes
 * params parsed against `params`: by `parseParams`, or value by value with `parseParam` (as sweeps do, to
 * reuse one object across grid points). Keys are runtime strings there, so that contract, not the
 * compiler, ties each value to its spec; a {@link TypedWorkload} is assignable as is, because its params
 * type is a record of parsed values.
 */
export interface AnyWorkload extends WorkloadInfo {
  estimate(gpu: GpuSpec, params: ParsedParams): Estimate;
}
