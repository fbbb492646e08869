/**
 * Parsing at trust boundaries: JSON files and objects are checked once against a zod schema, and a failure
 * becomes one {@link UserError} that names the file and the field, e.g.
 * `my-gpus.json: gpus[2].memoryBandwidthBytesPerSec must be a positive number`.
 * @module
 */
import type { z } from 'zod';
import { UserError } from '../errors.ts';
import { INPUT_LIMITS, MAX_EXCERPT_CHARS, printable, readInputFile } from './read-input.ts';

/** `['gpus', 2, 'x']` -> `gpus[2].x`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

function describeIssue(issue: z.core.$ZodIssue, prefix: readonly PropertyKey[] = []): string {
  // A union (e.g. "a number, or { value, source }") reports its first alternative's problem: the plain form.
  if (issue.code === 'invalid_union' && issue.errors[0]?.[0]) {
    return describeIssue(issue.errors[0][0], [...prefix, ...issue.path]);
  }
  const where = formatPath([...prefix, ...issue.path]);
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => (where ? `${where}.${k}` : k));
    return `unknown field${keys.length > 1 ? 's' : ''} ${keys.join(', ')}`;
  }
  if (issue.code === 'invalid_type' && issue.input === undefined) return `${where || 'value'} is required`;
  return where ? `${where} ${issue.message}` : issue.message;
}

/**
 * Validate `data` with `schema`; on failure throw a UserError `label: <first problem>`. Field names come
 * from the data, so the message is made printable (control characters escaped, long names cut).
 */
export function parseWith<S extends z.ZodType>(schema: S, data: unknown, label: string): z.output<S> {
  const result = schema.safeParse(data, { reportInput: true });
  if (result.success) return result.data;
  const issues = result.error.issues;
  const more =
    issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  throw new UserError(`${printable(label)}: ${printable(describeIssue(issues[0]!), 400)}${more}`);
}

/** How to read an input file: what it is called in errors and the most bytes it may have. */
export interface InputFileKind {
  /** e.g. `GPU file`, `model config`. */
  readonly what: string;
  readonly maxBytes: number;
}

/** Used when a caller does not say: the largest cap ({@link INPUT_LIMITS}, results files). */
const ANY_INPUT: InputFileKind = { what: 'input file', maxBytes: INPUT_LIMITS.resultsFile };

/**
 * Read and parse a JSON file through {@link readInputFile}: a missing, non-regular, oversized, unreadable or
 * malformed file is a one-line UserError naming it. The JSON parser's message quotes the file, so it is
 * escaped and cut to a short excerpt.
 */
export function readJsonFile(path: string, kind: InputFileKind = ANY_INPUT): unknown {
  const text = readInputFile(path, kind.what, kind.maxBytes);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UserError(
      `${printable(path)}: not valid JSON (${printable((error as Error).message, MAX_EXCERPT_CHARS)})`,
    );
  }
}

/** Read a JSON file and validate it: errors name the file and the field. */
export function readJsonFileWith<S extends z.ZodType>(
  schema: S,
  path: string,
  kind: InputFileKind = ANY_INPUT,
): z.output<S> {
  return parseWith(schema, readJsonFile(path, kind), path);
}
