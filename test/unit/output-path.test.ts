import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isUserError } from '../../src/errors.ts';
import { checkOutputPath } from '../../src/util/output-path.ts';
import { tempDir } from '../helpers/cli.ts';

/** The UserError `checkOutputPath` throws, or null when it accepts the path. */
function refusal(path: string): { message: string; kind: string; param: string | undefined } | null {
  try {
    checkOutputPath(path, 'out');
    return null;
  } catch (error) {
    if (!isUserError(error)) throw error;
    return { message: error.message, kind: error.kind, param: error.param };
  }
}

describe('checkOutputPath', () => {
  it('accepts a new file or a regular file in a writable folder', () => {
    const dir = tempDir();
    expect(refusal(join(dir, 'new.csv'))).toBeNull();
    writeFileSync(join(dir, 'old.csv'), 'x');
    expect(refusal(join(dir, 'old.csv'))).toBeNull();
  });

  it.each([
    ['', /^out: the path is empty$/],
    ['   ', /^out: the path is empty$/],
    ['/proc/foo/s.csv', /^out \/proc\/foo\/s\.csv: the folder \/proc\/foo does not exist \(ENOENT\)$/],
  ])('refuses %j as a usage error naming the parameter out', (path, message) => {
    expect(refusal(path)).toEqual({ message: expect.stringMatching(message), kind: 'usage', param: 'out' });
  });

  it('refuses a folder, a path under a file, and a FIFO', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'file'), 'x');
    expect(refusal(join(dir, 'sub'))?.message).toMatch(/sub: is a folder, not a file$/);
    expect(refusal(join(dir, 'file', 'x.csv'))?.message).toMatch(/file is not a folder$/);
    const fifo = join(dir, 'pipe.csv');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    expect(refusal(fifo)?.message).toMatch(/is not a regular file \(a FIFO/);
  });

  // root may write anywhere, so the check cannot fail for it: run where the tests are not root.
  it.skipIf(process.getuid?.() === 0)('refuses a folder that is not writable', () => {
    const dir = tempDir();
    const locked = join(dir, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o555);
    expect(refusal(join(locked, 'x.csv'))?.message).toMatch(/the folder .*locked is not writable \(EACCES\)/);
  });
});
