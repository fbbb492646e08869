/**
 * Threshold checks and their one-line explanations ("TPP 2,368 is 32 below 3A090.b.1's 2,400").
 * @module
 */
import type { Check } from './types.ts';

/** Display label of each checked quantity. */
export const QUANTITY_LABEL: Record<Check['quantity'], string> = {
  tpp: 'TPP',
  pd: 'PD',
  'io-gbps': 'I/O GB/s',
  'dram-gbps': 'DRAM GB/s',
};

const formatters = new Map<string, Intl.NumberFormat>();
function formatter(min: number, max: number): Intl.NumberFormat {
  const key = `${min}:${max}`;
  let f = formatters.get(key);
  if (!f) {
    // Creating an Intl formatter is costly; a cached one makes a verdict ~100x cheaper.
    f = new Intl.NumberFormat('en-US', { minimumFractionDigits: min, maximumFractionDigits: max });
    formatters.set(key, f);
  }
  return f;
}

/** Format a quantity for a summary: TPP and bandwidths as whole numbers with separators, PD to 2 places. */
export function formatQuantity(quantity: Check['quantity'], value: number, exact = false): string {
  const digits = quantity === 'pd' ? 2 : 0;
  return formatter(exact ? 0 : digits, digits).format(value);
}

/** Test one quantity against a threshold; an unknown value gives `passed: null`. */
export function check(
  clause: string,
  quantity: Check['quantity'],
  value: number | null,
  comparison: '>=' | '<',
  threshold: number,
): Check {
  if (value === null) return { clause, quantity, value, threshold, comparison, passed: null, margin: null };
  const passed = comparison === '>=' ? value >= threshold : value < threshold;
  return { clause, quantity, value, threshold, comparison, passed, margin: value - threshold };
}

/** "TPP 2,368 is 32 below 3A090.b.1's 2,400" */
export function describe(c: Check, clauseLabel = c.clause): string {
  const label = QUANTITY_LABEL[c.quantity];
  if (c.value === null) return `${label} unknown for ${clauseLabel}`;
  const margin = Math.abs(c.margin ?? 0);
  const where =
    c.margin === 0
      ? 'exactly at'
      : `${formatQuantity(c.quantity, margin)} ${c.margin! > 0 ? 'above' : 'below'}`;
  return `${label} ${formatQuantity(c.quantity, c.value)} is ${where} ${clauseLabel}'s ${formatQuantity(c.quantity, c.threshold, true)}`;
}

/** True when every check passes, false when one fails, null when undecided. */
export const all = (checks: Check[]): boolean | null =>
  checks.some((c) => c.passed === false) ? false : checks.every((c) => c.passed === true) ? true : null;
/** The first failing (else undecided) check. */
export const firstFailing = (checks: Check[]): Check | undefined =>
  checks.find((c) => c.passed === false) ?? checks.find((c) => c.passed === null);
