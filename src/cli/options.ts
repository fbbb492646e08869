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

/** A comma-separated list of non-empty items. */
export function commaList(value: string): string[] {
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (items.length === 0) throw new InvalidArgumentError('must be a comma-separated list.');
  return items;
}

/** One of a fixed set of choices (commander's `.choices()` also works; this one suits parsers). */
export function oneOf<T extends string>(choices: readonly T[]): (value: string) => T {
  return (value) => {
    if ((choices as readonly string[]).includes(value)) return value as T;
    throw new InvalidArgumentError(`must be one of ${choices.join(', ')}.`);
  };
}
