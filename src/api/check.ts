/**
 * `check`: compare a current document with a baseline, metric by metric (`regress/`), with a policy. Reads
 * and validates the files; the verdicts themselves are pure (`regress/verdicts.ts`).
 * @module
 */
import { UserError } from '../errors.ts';
import { metricsOf } from '../regress/metrics.ts';
import { DEFAULT_POLICY, parsePolicy } from '../regress/policy.ts';
import type { CheckOutcome, Policy } from '../regress/types.ts';
import { compareMetrics } from '../regress/verdicts.ts';
import type { DeepReadonly } from '../results/common.ts';
import { parseDocument, type TppbenchDocument } from '../results/documents.ts';
import { readJsonFile } from '../util/schema.ts';

/** A document and the name it goes by in messages (its file, or `(run quick)`). */
export interface LabelledDocument {
  readonly label: string;
  readonly document: DeepReadonly<TppbenchDocument>;
}

/** Read and validate a document to check; errors name the file and the field. */
export function readCheckDocument(path: string): LabelledDocument {
  return { label: path, document: parseDocument(readJsonFile(path), path) };
}

/** Read a policy file; errors name the file and the field. */
export function readPolicy(path: string): Policy {
  return parsePolicy(readJsonFile(path), path);
}

/** Options for {@link checkDocuments}. */
export interface CheckDocumentsOptions {
  readonly policy?: Policy;
  /** Seed of the bootstrap (default fixed: the same inputs give the same verdicts). */
  readonly seed?: number;
}

/** The check of `current` against `baseline`. */
export interface CheckResult {
  readonly baselineLabel: string;
  readonly currentLabel: string;
  readonly outcome: CheckOutcome;
}

/**
 * Check `current` against `baseline`: both must be of a kind with metrics (run results, estimates or a
 * sweep) and of the same kind.
 */
export function checkDocuments(
  baseline: LabelledDocument,
  current: LabelledDocument,
  options: CheckDocumentsOptions = {},
): CheckResult {
  if (baseline.document.kind !== current.document.kind) {
    throw new UserError(
      `${current.label}: a ${current.document.kind} document cannot be checked against ${baseline.label}, a ${baseline.document.kind} document`,
    );
  }
  const outcome = compareMetrics(
    metricsOf(baseline.document, baseline.label),
    metricsOf(current.document, current.label),
    options.policy ?? DEFAULT_POLICY,
    { seed: options.seed ?? 1 },
  );
  return { baselineLabel: baseline.label, currentLabel: current.label, outcome };
}
