/**
 * Flag value parsers shared by commands. Each rejects bad values with a message that commander prefixes with
 * the flag, e.g. `option '--tpp <n>' argument 'abc' is invalid. must be a positive number`.
 * @module
 */
import { InvalidArgumentError } from 'commander';

function number(value: string): number {
  const trimmed = value.trim();
  // Number('') is 0 and Number('0x10') is 16: accept only plain decimal notation.
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(trimmed)) return Number.NaN;
  return Number(trimmed);
}

/** A finite number > 0. */
export function positiveNumber(value: string): number {
  const n = number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a positive number.');
  return n;
}

/** A finite number >= 0. */
export function nonNegativeNumber(value: string): number {
  const n = number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('must be a number >= 0.');
  return n;
}

/** An integer >= 1. */
export function positiveInteger(value: string): number {
  const n = number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer.');
  return n;
}

/**
 * A comma-separated list of non-empty items (surrounding spaces trimmed). An empty item (`h100,,h20`, a
 * trailing comma) is an error, not skipped: it is a typo, and a list that silently loses an entry answers
 * a different question.
 */
export function commaList(value: string): string[] {
  const items = value.split(',').map((s) => s.trim());
  if (items.every((s) => s.length === 0)) throw new InvalidArgumentError('must be a comma-separated list.');
  const empty = items.findIndex((s) => s.length === 0);
  if (empty >= 0) {
    throw new InvalidArgumentError(`item ${empty + 1} of the comma-separated list is empty.`);
  }
  return items;
}

/** `--filter`: comma-separated patterns, none empty; kept as one string for `matchesFilter`. */
export function filterPattern(value: string): string {
  commaList(value);
  return value;
}

/** One of a fixed set of choices (commander's `.choices()` also works; this one suits parsers). */
export function oneOf<T extends string>(choices: readonly T[]): (value: string) => T {
  return (value) => {
    if ((choices as readonly string[]).includes(value)) return value as T;
    throw new InvalidArgumentError(`must be one of ${choices.join(', ')}.`);
  };
}
