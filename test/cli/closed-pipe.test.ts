/**
 * A reader that goes away (`tppbench gpus --json | head -c 20`) ends the command quietly with exit 0, as
 * `git log | head` does: real pipes, closed by the reading side (`head` in a shell, or this test before the
 * command's first write), through the real bin.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers/cli.ts';

const BIN = join(ROOT, 'bin', 'tppbench.js');

interface Ended {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

/** Run the bin with stdout on a pipe whose reading end is closed before the command writes anything. */
function runWithClosedStdout(args: readonly string[], timeoutMs = 60_000): Promise<Ended> {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.stdout.destroy();
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr });
    }),
  );
}

describe('a closed stdout', () => {
  it('gpus --json | head -c 20 in a shell: exit 0, nothing on stderr', () => {
    // The document (over 100 kB) is larger than a pipe's buffer, so the writer meets the closed end.
    const errPath = join(tempDir(), 'stderr');
    const r = spawnSync(
      'bash',
      ['-c', 'set -o pipefail; node bin/tppbench.js gpus --json 2>"$ERR" | head -c 20; echo " exit $?"'],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ERR: errPath }, timeout: 60_000 },
    );
    expect(r.stdout).toBe('{\n  "schemaVersion": exit 0\n');
    expect(readFileSync(errPath, 'utf8')).toBe('');
  });

  it('a pipe closed before the first write: exit 0, nothing on stderr', async () => {
    const ended = await runWithClosedStdout(['gpus']);
    expect(ended.stderr).toBe('');
    expect(ended).toMatchObject({ code: 0, signal: null });
  });

  it('run quick --filter gemv | head -1: the run ends with exit 0, without a stack trace', async () => {
    const ended = await runWithClosedStdout(
      ['run', 'quick', '--filter', 'gemv', '--backend', 'cpu', '--threads', '1'],
      120_000,
    );
    expect(ended.stderr).not.toMatch(/Unhandled|EPIPE|\n\s+at /);
    expect(ended.stderr).toMatch(/\[1\/1\] gemv\/m1024-k1024 on cpu/);
    expect(ended).toMatchObject({ code: 0, signal: null });
  }, 150_000);
});
