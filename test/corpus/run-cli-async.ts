/**
 * `runCli` of test/helpers/cli.ts, without blocking: the same bin, arguments, working folder and
 * environment (`NO_COLOR=1` over the parent's), but spawned asynchronously so that concurrent tests overlap
 * (runCli uses spawnSync, which holds the test worker's event loop for the whole run), and with a timeout
 * that is reported as such instead of as a null exit code. On timeout the whole process group is killed:
 * the bin may have started worker processes of its own. So is a run whose resident memory passes a cap
 * (read from /proc, where there is one): a CLI reading /dev/zero to its end grows by about 1 GB a second
 * and would take the machine down before the timeout.
 * @module
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CliResult, ROOT } from '../helpers/cli.ts';

const BIN = join(ROOT, 'bin', 'tppbench.js');

/** Resident memory above which a run is killed. */
export const MAX_RSS_BYTES = 2 * 2 ** 30;

/** What a run produced; `killed` when it ran past `timeoutMs` or {@link MAX_RSS_BYTES}. */
export interface AsyncCliResult extends CliResult {
  readonly killed?: 'timeout' | 'memory';
  readonly wallMs: number;
}

/** Resident bytes of process `pid`, or undefined where /proc cannot say. */
function residentBytes(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Run `tppbench <args>` and resolve when it exits or is killed. */
export function runCliAsync(
  args: readonly string[],
  options: { cwd: string; timeoutMs: number; env?: Readonly<Record<string, string>> },
): Promise<AsyncCliResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group, so a timeout can kill what it started too
    });
    let stdout = '';
    let stderr = '';
    let killed: AsyncCliResult['killed'];
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const kill = (why: NonNullable<AsyncCliResult['killed']>) => {
      killed ??= why;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL'); // the group is gone already: at most the child itself is left
      }
    };
    const timer = setTimeout(() => kill('timeout'), options.timeoutMs);
    const watch = setInterval(() => {
      const rss = child.pid === undefined ? undefined : residentBytes(child.pid);
      if (rss !== undefined && rss > MAX_RSS_BYTES) kill('memory');
    }, 200);
    const stop = () => {
      clearTimeout(timer);
      clearInterval(watch);
    };
    child.on('error', (error) => {
      stop();
      reject(error);
    });
    child.on('close', (code) => {
      stop();
      resolve({ code, stdout, stderr, ...(killed ? { killed } : {}), wallMs: Date.now() - started });
    });
  });
}
