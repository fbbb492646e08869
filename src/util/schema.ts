/**
 * Parsing at trust boundaries: JSON files and objects are checked once against a zod schema, and a failure
 * becomes one {@link UserError} that names the file and the field, e.g.
 * `my-gpus.json: gpus[2].memoryBandwidthBytesPerSec must be a positive number`.
 * @module
 */
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { UserError } from '../errors.ts';

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

/** Validate `data` with `schema`; on failure throw a UserError `label: <first problem>`. */
export function parseWith<S extends z.ZodType>(schema: S, data: unknown, label: string): z.output<S> {
  const result = schema.safeParse(data, { reportInput: true });
  if (result.success) return result.data;
  const issues = result.error.issues;
  const more =
    issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  throw new UserError(`${label}: ${describeIssue(issues[0]!)}${more}`);
}

/** Read and parse a JSON file; a missing, unreadable or malformed file is a UserError naming it. */
export function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(
      code === 'ENOENT' ? `${path}: file not found` : `${path}: cannot read (${code ?? error})`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UserError(`${path}: not valid JSON (${(error as Error).message})`);
  }
}

/** Read a JSON file and validate it: errors name the file and the field. */
export function readJsonFileWith<S extends z.ZodType>(schema: S, path: string): z.output<S> {
  return parseWith(schema, readJsonFile(path), path);
}
