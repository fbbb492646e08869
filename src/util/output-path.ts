/**
 * Output paths checked before any work starts, so a bad `--out` fails in a second with one line instead of
 * after minutes of computing (or by hanging on a FIFO).
 * @module
 */
import { accessSync, constants, type Stats, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { msg, param, UserError } from '../errors.ts';

function code(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? String(error);
}

/**
 * Throw a UserError (kind `usage`) naming the parameter `what` (its key, e.g. `out`) when `path` cannot receive a file written
 * as a temporary file beside it and renamed over it: the path is empty; its parent does not exist or is
 * not a directory; the parent is not writable; or the path exists and is not a regular file (a directory,
 * a FIFO, a device). The parent is not created.
 */
export function checkOutputPath(path: string, what: string): void {
  const name = param(what);
  if (path.trim() === '') throw new UserError(msg`${name}: the path is empty`, 'usage');
  const parent = dirname(resolve(path));
  let parentStat: Stats;
  try {
    parentStat = statSync(parent);
  } catch (error) {
    throw new UserError(msg`${name} ${path}: the folder ${parent} does not exist (${code(error)})`, 'usage');
  }
  if (!parentStat.isDirectory()) {
    throw new UserError(msg`${name} ${path}: ${parent} is not a folder`, 'usage');
  }
  try {
    accessSync(parent, constants.W_OK);
  } catch (error) {
    throw new UserError(msg`${name} ${path}: the folder ${parent} is not writable (${code(error)})`, 'usage');
  }
  let stat: Stats | undefined;
  try {
    stat = statSync(path);
  } catch {
    stat = undefined; // A new file: the writable parent is enough.
  }
  if (stat?.isDirectory()) throw new UserError(msg`${name} ${path}: is a folder, not a file`, 'usage');
  if (stat && !stat.isFile()) {
    throw new UserError(msg`${name} ${path}: is not a regular file (a FIFO, socket or device)`, 'usage');
  }
}
