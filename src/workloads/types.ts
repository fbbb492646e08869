/**
 * A workload: a kind, its parameters (with flags) and an estimate function. Later workloads (llm-prefill,
 * llm-decode, training) add a file exporting a {@link WorkloadDefinition} and list it in `./index.ts`.
 * @module
 */
import type { GpuSpec } from '../hardware/types.ts';
import type { Estimate } from '../model/estimate.ts';
import type { ParamSpec, ParamValue } from './params.ts';

/** One workload kind. `P` is the parsed params object its estimate takes. */
export interface WorkloadDefinition<P = Record<string, ParamValue>> {
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
  /** Estimate on one GPU. `params` must come from `parseParams` with this definition's specs. */
  readonly estimate: (gpu: GpuSpec, params: P) => Estimate;
}

/** A definition with its params type erased, as the registry stores it. */
// biome-ignore lint/suspicious/noExplicitAny: the registry is heterogeneous by design
export type AnyWorkload = WorkloadDefinition<any>;
