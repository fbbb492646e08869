/**
 * What a comparison report holds, in the order its sections appear: plain data, built once from tppbench's
 * documents (`api/report.ts`) and rendered by the pure renderers (`report/html.ts`, `report/markdown.ts`,
 * `report/terminal.ts`) or written as the `tppbench-report` JSON document. Numbers that a source lacks are
 * `null`, never NaN; every section may be empty, and a renderer then says what input would fill it.
 * @module
 */
import type { Bound } from '../model/types.ts';

/** One inversion found, as the summary states it. */
export interface SummaryLine {
  /** `H20 (TPP 2,368) delivers 1.16x H100 SXM5 80GB (TPP 15,832) on llama-3-70b decode at batch 8: memory-bound`. */
  readonly text: string;
  /** The section it comes from: a workload comparison's or a sweep's `id`. */
  readonly sectionId: string;
  /** The lower-TPP GPU that delivers more. */
  readonly gpu: string;
  /** The higher-TPP GPU it beats. */
  readonly over: string;
  /** Throughput of `gpu` over `over`; null when only `gpu` fits. */
  readonly ratio: number | null;
  /** What binds the winner. */
  readonly binding: Bound | null;
}

/** A link to where a number comes from. */
export interface SourceLink {
  readonly label: string;
  /** An http(s) URL, or null when the source is a document or a note. */
  readonly url: string | null;
}

/** One GPU's export-control scores and key specs. */
export interface ReportGpu {
  readonly id: string;
  readonly name: string;
  readonly tpp: number | null;
  readonly pd: number | null;
  /** Verdict summary by rule vintage (rule id to `not controlled`, `3A090.a`, ...). */
  readonly verdicts: Readonly<Record<string, string>>;
  readonly bf16Tflops: number | null;
  readonly fp8Tflops: number | null;
  readonly memoryGB: number | null;
  readonly memoryTBps: number | null;
  /** Scale-up link, bidirectional aggregate. */
  readonly linkGBps: number | null;
  /** Key-spec fields whose source is unverified (rendered with a mark). */
  readonly unverified: readonly string[];
  readonly sources: readonly SourceLink[];
}

/** One GPU's result on a workload. */
export interface WorkloadRow {
  readonly gpu: string;
  readonly name: string;
  readonly tpp: number | null;
  /** Null when the workload does not fit. */
  readonly throughput: number | null;
  /** Throughput over the first GPU's; null when either does not fit. */
  readonly normalized: number | null;
  readonly bound: Bound;
  readonly fits: boolean;
  /** GPUs of higher TPP this one beats here. */
  readonly inverts: readonly string[];
}

/** The GPUs on one workload (a `compare` document or an inversion scenario). */
export interface WorkloadComparison {
  /** Unique within the report: the scenario id, or the workload plus a counter. */
  readonly id: string;
  readonly title: string;
  readonly workload: string;
  /** The command line that reproduces it, e.g. `llm-decode --model llama-3-70b --batch 8`. */
  readonly command: string;
  readonly throughputMetric: string;
  readonly throughputUnit: string;
  /** In input order; the first is the normalization baseline. */
  readonly rows: readonly WorkloadRow[];
  /** Why the scenario matters, when the input says. */
  readonly rationale: string | null;
}

/** A workload as a point under a GPU's roofline. */
export interface RooflinePoint {
  /** The workload comparison's id. */
  readonly sectionId: string;
  readonly label: string;
  /** Flops per byte moved (HBM). */
  readonly intensity: number;
  /** Flops per second the model delivers. */
  readonly flopsPerSec: number;
  readonly bound: Bound;
}

/** One GPU's roofline with the workloads as points. */
export interface Roofline {
  readonly gpu: string;
  readonly name: string;
  /** Dense bf16 peak, FLOP/s. */
  readonly peakFlopsPerSec: number;
  readonly memoryBytesPerSec: number;
  readonly points: readonly RooflinePoint[];
}

/** One GPU's line of a 1-D sweep. */
export interface SweepSeries {
  readonly gpu: string;
  readonly name: string;
  /** Points in axis order (at most a few hundred: longer sweeps are thinned evenly, ends kept). */
  readonly points: readonly { readonly x: number; readonly throughput: number | null }[];
}

/** One cell of a 2-D sweep's winner map (grid values, or bins of them on a large grid). */
export interface WinnerCell {
  /** Index into `xValues` / `yValues`. */
  readonly xi: number;
  readonly yi: number;
  /** GPU id of the winner; null where no GPU fits. */
  readonly winner: string | null;
  /**
   * Winner's throughput over the runner-up's, minus 1 (0.16 = 16%); null with one or no GPU fitting, or when
   * the runner-up delivers 0.
   */
  readonly margin: number | null;
}

/** Where the winner between two GPUs flips along an axis: one row per pair and axis. */
export interface SweepBoundary {
  readonly gpus: readonly [string, string];
  readonly axis: string;
  /** The winner below the flip and above it (the most common, over the other axis). */
  readonly below: string;
  readonly above: string;
  /**
   * The flip's position on `axis` (the midpoint of the last value below and the first above, geometric on a
   * log axis; an index on a labelled axis): the smallest and largest seen (equal on a 1-D sweep). The text
   * quotes the last values below.
   */
  readonly atMin: number;
  readonly atMax: number;
  /** How many crossovers this row stands for (one per value of the other axes). */
  readonly count: number;
  /** `H20 wins for batch <= 4..16 (over input length 128..32768); H100 above`. */
  readonly text: string;
}

/** A swept axis. */
export interface SweepAxis {
  readonly key: string;
  readonly flag: string;
  readonly log: boolean;
  /**
   * The values' text on an axis that is not numeric (a dtype list, `1,8,max`): positions on it (`x`,
   * `xValues`, boundaries) are then indices into this list. Null on a numeric axis.
   */
  readonly labels: readonly string[] | null;
}

/** A sweep, reduced to what a chart and a table show. */
export interface SweepSection {
  readonly id: string;
  readonly title: string;
  readonly workload: string;
  readonly throughputMetric: string;
  readonly throughputUnit: string;
  readonly gpus: readonly { readonly id: string; readonly name: string; readonly tpp: number | null }[];
  /** Grid points times GPUs in the input. */
  readonly estimates: number;
  /** Parameters held fixed, as `key value` pairs (the axes beyond the first two at their first value too). */
  readonly fixed: Readonly<Record<string, string | number | boolean>>;
  readonly view:
    | { readonly kind: 'line'; readonly axis: SweepAxis; readonly series: readonly SweepSeries[] }
    | {
        readonly kind: 'winner-map';
        readonly x: SweepAxis;
        readonly y: SweepAxis;
        /** Cell positions: grid values, or each bin's first value. */
        readonly xValues: readonly number[];
        readonly yValues: readonly number[];
        /** Whether cells are bins of several grid values. */
        readonly binned: boolean;
        readonly cells: readonly WinnerCell[];
      }
    | { readonly kind: 'none'; readonly reason: string };
  readonly boundaries: readonly SweepBoundary[];
}

/** A GPU on a workload: its TPP against what it delivers. */
export interface TppPoint {
  readonly sectionId: string;
  readonly workload: string;
  readonly gpu: string;
  readonly name: string;
  readonly tpp: number;
  /** Throughput over the workload's first GPU. */
  readonly normalized: number;
}

/** One measured case of the local run. */
export interface LocalKernelRow {
  readonly case: string;
  readonly backend: string;
  readonly state: string;
  readonly unit: string;
  readonly median: number | null;
  /** 95% confidence interval of the median, in `unit`. */
  readonly ciLow: number | null;
  readonly ciHigh: number | null;
  readonly samples: number;
  /** Why it did not complete, or a note. */
  readonly note: string | null;
}

/** Measured against modelled, per kernel. */
export interface SelfCheckRowData {
  readonly case: string;
  readonly measured: number;
  readonly modelled: number;
  readonly unit: string;
  /** modelled / measured - 1. */
  readonly error: number;
}

/** This machine: what `tppbench run` measured. */
export interface LocalSection {
  readonly machine: string;
  readonly suite: string;
  readonly backends: readonly string[];
  /** The adapter or CPU, and whether it is a software renderer (figures for correctness only). */
  readonly device: string;
  readonly software: boolean;
  /** Fitted local profile, per backend. */
  readonly profile: readonly {
    readonly backend: string;
    readonly peakGflops: number | null;
    readonly bandwidthGBps: number | null;
  }[];
  readonly kernels: readonly LocalKernelRow[];
  /** Against a roofline fitted to the run. */
  readonly selfCheck: readonly SelfCheckRowData[];
  /** Against the catalog model of the local GPU, when it is in the catalog. */
  readonly catalogGpu: string | null;
  readonly catalogCheck: readonly SelfCheckRowData[];
  /** CPU kernels against the CPU's own roofline (its peak, the run's triad), when the run had them. */
  readonly cpuRoofline?: CpuRooflineData;
}

/** The CPU roofline check as a report shows it. */
export interface CpuRooflineData {
  /** What the roofline is made of: the peak, how it was read, the bandwidth and its case. */
  readonly basis: string;
  readonly rows: readonly {
    readonly case: string;
    readonly measured: number;
    readonly roofline: number;
    readonly unit: string;
    /** roofline / measured. */
    readonly attainment: number;
  }[];
}

/** A calibration point: the model against a measurement. */
export interface ValidationRow {
  readonly group: string;
  readonly id: string;
  readonly measured: number;
  readonly modelled: number;
  readonly unit: string;
  readonly error: number;
  readonly source: SourceLink;
}

/** The model behind the numbers. */
export interface ModelSection {
  /** Assumptions every estimate shares, then those the inputs stated (deduplicated). */
  readonly assumptions: readonly string[];
  /** The fitted constants, as `name: value` lines with their form. */
  readonly fit: readonly string[];
  readonly validation: readonly ValidationRow[];
}

/** Where a report's data came from. */
export interface ReportInput {
  /** The file as given, or `(built-in)` for what the report ran itself. */
  readonly file: string;
  readonly kind: string;
}

/** A whole report. */
export interface ReportData {
  readonly title: string;
  /** ISO 8601. */
  readonly generatedAt: string;
  readonly toolVersion: string;
  readonly inputs: readonly ReportInput[];
  readonly summary: readonly SummaryLine[];
  readonly gpus: readonly ReportGpu[];
  readonly workloads: readonly WorkloadComparison[];
  readonly rooflines: readonly Roofline[];
  readonly sweeps: readonly SweepSection[];
  readonly tppPoints: readonly TppPoint[];
  readonly local: LocalSection | null;
  readonly model: ModelSection;
}
