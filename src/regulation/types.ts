/**
 * Types of the export-control rules: rule ids, inputs, threshold checks and verdicts.
 * @module
 */

/** Rule vintages. */
export const RULE_IDS = ['oct-2023', 'oct-2022', 'jan-2026'] as const;
/** A built-in rule vintage, or a user's what-if rule. */
export type RuleId = (typeof RULE_IDS)[number] | 'custom';

/** A user's what-if rule: caught when TPP and PD clear their thresholds, or DRAM bandwidth reaches the cap. */
export interface CustomRule {
  readonly minTpp: number;
  readonly minPd?: number | undefined;
  /** Bandwidth cap in bytes/s: a part at or above it is caught whatever its TPP. */
  readonly maxDramBandwidthBytesPerSec?: number | undefined;
}

/** What a rule needs to know about a part. */
export interface ClassifyInput {
  readonly name: string;
  readonly tpp: number | null;
  readonly pd: number | null;
  readonly datacenter: boolean | null;
  /** Aggregate bidirectional I/O to non-memory ICs, bytes/s (Oct-2022 test). */
  readonly ioBytesPerSec: number | null;
  readonly dramBandwidthBytesPerSec: number | null;
}

/** One threshold test, with its margin (value - threshold, in the quantity's unit). */
export interface Check {
  readonly clause: string;
  readonly quantity: 'tpp' | 'pd' | 'io-gbps' | 'dram-gbps';
  readonly value: number | null;
  readonly threshold: number;
  /** `>=`: passes at or above the threshold; `<`: passes strictly below it. */
  readonly comparison: '>=' | '<';
  /** null when the value is unknown. */
  readonly passed: boolean | null;
  readonly margin: number | null;
}

/** Outcome of a rule for one part. */
export type VerdictStatus =
  | 'controlled'
  | 'not-controlled'
  | 'excluded-note-2'
  | 'eligible-case-by-case'
  | 'presumption-of-denial'
  | 'indeterminate';

/** A rule's verdict: status, deciding clause, the tests behind it and a one-line explanation. */
export interface Verdict {
  readonly rule: RuleId;
  readonly status: VerdictStatus;
  /** e.g. `3A090.a.1`, `Note 2`; null when no clause caught the part. */
  readonly clause: string | null;
  readonly checks: readonly Check[];
  /** e.g. "TPP 2,368 is 32 below 3A090.b.1's 2,400; PD 2.91 is 0.29 below b.2's 3.2: not controlled". */
  readonly summary: string;
}
