/**
 * The regression check's data: metrics taken from a baseline and a current document, the policy that sets
 * thresholds, and one verdict per metric. Pure data; the verdict logic is `verdicts.ts`, the extraction from
 * documents `metrics.ts`, file I/O and rendering elsewhere.
 * @module
 */

/** Whether a bigger value is better (throughput) or a smaller one (time). */
export type Direction = 'higher-is-better' | 'lower-is-better';

/** One comparable quantity of a document. */
export interface Metric {
  /**
   * Stable id across runs: `run:<case id>@<backend>` for a measured kernel case, `estimate:<workload>:<gpu>:
   * <params>` for an estimate, `sweep:<workload>:<gpu>:<params>` for a sweep row.
   */
  readonly id: string;
  /** What the user would call it: the kernel name, or the workload. */
  readonly kernel: string;
  readonly unit: string;
  readonly direction: Direction;
  /** Raw samples (measured cases): the statistical tests use them. Empty for estimates. */
  readonly samples: readonly number[];
  /** The value compared: the median of the samples, or the estimate itself. */
  readonly value: number;
  /** For estimates: the inputs that decide the value (tool version, params, catalog figures), by name. */
  readonly inputs?: Readonly<Record<string, string>>;
}

/** The metrics of one document and what makes two documents comparable. */
export interface MetricSet {
  /** `tppbench-results`, `tppbench-estimates`, `tppbench-sweep`. */
  readonly kind: string;
  /** The suite (results) or workload (estimates, sweeps). */
  readonly subject: string;
  /** Environment fingerprint fields that must match: backend(s), device, CPU model, tool version. */
  readonly fingerprint: Readonly<Record<string, string>>;
  readonly metrics: readonly Metric[];
}

/** Thresholds, default and per metric. */
export interface Policy {
  /** Relative change of the median that counts (default 0.05). */
  readonly threshold: number;
  /** Relative tolerance for estimates, which have no samples (default 1e-9). */
  readonly estimateTolerance: number;
  /** Fewest samples on each side for a statistical verdict (default 5). */
  readonly minSamples: number;
  /** Significance level of the Mann-Whitney U test (default 0.005: a suite of many kernels keeps its false alarms rare). */
  readonly alpha: number;
  /** Per metric id or kernel name (id wins): a threshold of its own. */
  readonly overrides: Readonly<Record<string, { readonly threshold?: number }>>;
}

/** The verdicts the check gives. */
export type VerdictKind =
  | 'pass'
  | 'regressed'
  | 'improved'
  | 'inconclusive'
  | 'missing-baseline'
  | 'missing-current';

/** One metric's verdict with the numbers behind it. */
export interface MetricVerdict {
  readonly id: string;
  readonly kernel: string;
  readonly unit: string;
  readonly direction: Direction;
  readonly verdict: VerdictKind;
  readonly baseline: number | null;
  readonly current: number | null;
  /** current / baseline - 1; null when a side is missing. */
  readonly change: number | null;
  /** Bootstrap 95% interval of current / baseline - 1 (medians); null without samples. */
  readonly changeCi: readonly [number, number] | null;
  /** Two-sided Mann-Whitney U p-value; null without samples. */
  readonly pValue: number | null;
  readonly threshold: number;
  /** One line: why this verdict (e.g. `median +21.3% past 5%, p 0.0002`, `3 samples < 5`). */
  readonly reason: string;
}

/** The whole check. */
export interface CheckOutcome {
  readonly verdicts: readonly MetricVerdict[];
  /** Comparability problems (different suite, backend, device): warnings, or errors with `--strict`. */
  readonly mismatches: readonly string[];
  readonly counts: Readonly<Record<VerdictKind, number>>;
}
