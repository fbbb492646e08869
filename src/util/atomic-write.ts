/**
 * Atomic file output: write a temporary file beside the target, then rename it over the target, so a reader
 * never sees a half-written file and a crash leaves the old file intact.
 * @module
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../errors.ts';

/** The temporary file beside `path` that an atomic write fills before renaming it into place. */
export function temporaryPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
}

/** Write `content` to `path` atomically; a failure is a UserError naming the file. */
export function writeFileAtomic(path: string, content: string): void {
  const dir = dirname(path);
  const temp = temporaryPathFor(path);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(temp, content);
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw new UserError(
      `${path}: cannot write (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      'tool',
    );
  }
}
