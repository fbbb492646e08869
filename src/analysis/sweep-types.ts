/**
 * What a sweep produces, as types: the header settled before the first estimate, the outcome (summary and
 * crossovers) and the full result. Low in the house so that the output writers (`results/sweep.ts`) and
 * renderers (`report/`) can name them without importing the sweep runner.
 * @module
 */
import type { ParamValue } from '../workloads/params.ts';
import type { CrossoverReport } from './crossovers.ts';
import type { SweepGrid } from './sweep-grid.ts';
import type { SweepChunkData } from './sweep-protocol.ts';
import type { GpuSweepSummary } from './sweep-summary.ts';

/** A GPU of a sweep. */
export interface SweepGpu {
  readonly id: string;
  readonly name: string;
  readonly tpp: number | null;
}

/** What a sweep settles before its first estimate. Estimate `i` is point `floor(i / gpus)`, GPU `i % gpus`. */
export interface SweepHeader {
  readonly workload: string;
  readonly throughputMetric: string;
  readonly throughputUnit: string;
  readonly gpus: readonly SweepGpu[];
  readonly grid: SweepGrid;
  /** Parsed values of the parameters that were not swept. */
  readonly fixed: Readonly<Record<string, ParamValue>>;
  /** Pool workers used; 0 = inline. */
  readonly threads: number;
  /** Grid points x GPUs. */
  readonly estimates: number;
  /** Not errors, e.g. a thread count capped at the cores. */
  readonly warnings: readonly string[];
}

/** A finished sweep without its estimates: what a summary and the crossovers need. */
export interface SweepOutcome extends SweepHeader {
  readonly elapsedMs: number;
  /** Per GPU, in `gpus` order. */
  readonly summary: readonly GpuSweepSummary[];
  readonly crossovers: CrossoverReport;
}

/** A finished sweep with every estimate. */
export interface SweepResult extends SweepOutcome, SweepChunkData {}
