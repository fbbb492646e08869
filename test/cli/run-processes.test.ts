/**
 * `tppbench run` leaves no process behind, however it ends: Ctrl-C, SIGKILL, or a closed pipe, while a
 * kernel spins in the device host (the child process that runs headlessgl and dawn.node). The host needs a
 * device backend: headlessgl under a display (CI runs `xvfb-run -a npm test`), else WebGPU on Chromium's
 * SwiftShader when it is installed. Children are found by the CLI's pid in /proc.
 */
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { findSwiftShaderIcd } from '../../src/pool/browser-host.ts';
import { ROOT } from '../helpers/cli.ts';
import { childrenOf, killAll, survivorsAfter, waitUntilBusy } from '../workers/process-tree.ts';
import { writeSuite, writeUserKernels } from './user-kernels.ts';

/** Flags that route a case to the device host here, or undefined when no device backend can run. */
function deviceBackend(): string[] | undefined {
  if (process.env.DISPLAY) return ['--backend', 'headlessgl'];
  if ('path' in findSwiftShaderIcd(undefined)) return ['--backend', 'webgpu', '--swiftshader'];
  return undefined;
}
const BACKEND = deviceBackend();

type Cli = ChildProcessByStdio<null, Readable, Readable>;

const leftovers: number[] = [];
afterEach(() => killAll(leftovers.splice(0)));

/** Start `run` on a suite whose one case never returns, in the device host. */
function startSpinningRun(): { cli: Cli; stderr: () => string; exited: Promise<number | null> } {
  const cli = spawn(
    process.execPath,
    [
      join(ROOT, 'bin', 'tppbench.js'),
      'run',
      writeSuite(['user-spin'], { kernelTimeoutMs: 600_000 }),
      '--kernel-module',
      writeUserKernels(),
      ...(BACKEND ?? []),
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } },
  );
  leftovers.push(cli.pid!);
  let stderr = '';
  cli.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => cli.on('exit', (code) => resolve(code)));
  return { cli, stderr: () => stderr, exited };
}

/**
 * Wait until the case runs (the backend was selected, which the CLI says on stderr just before it starts
 * the case) and the CLI's children are busy (the kernel spins); returns the children.
 */
async function spinningChildren(cli: Cli, stderr: () => string): Promise<number[]> {
  const deadline = Date.now() + 60_000;
  let children: number[] = [];
  while (children.length === 0 || !stderr().includes('backend:')) {
    if (cli.exitCode !== null || Date.now() > deadline) {
      throw new Error(`the run ended or took too long before a device host started: ${stderr()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    children = childrenOf(cli.pid!);
  }
  leftovers.push(...children);
  await Promise.all(children.map((pid) => waitUntilBusy(pid, 50, 30_000)));
  return children;
}

describe.runIf(BACKEND)('tppbench run: no process left behind', () => {
  it('SIGKILL of the CLI while the device host spins in a kernel: the host is gone within seconds', async () => {
    const run = startSpinningRun();
    const children = await spinningChildren(run.cli, run.stderr);
    expect(children.length).toBeGreaterThan(0);
    run.cli.kill('SIGKILL');
    await run.exited;
    expect(await survivorsAfter(children, 5000)).toEqual([]);
  }, 120_000);

  it('Ctrl-C while the device host spins in a kernel: exit 2 promptly, and the host is gone', async () => {
    const run = startSpinningRun();
    const children = await spinningChildren(run.cli, run.stderr);
    const signalled = Date.now();
    run.cli.kill('SIGINT');
    expect(await run.exited).toBe(2);
    expect(Date.now() - signalled).toBeLessThan(10_000);
    expect(run.stderr()).toContain('interrupted: the pool and the device host were shut down');
    expect(await survivorsAfter(children, 2000)).toEqual([]);
  }, 120_000);

  it('a closed stderr while the device host runs: exit 0, and the host is gone', async () => {
    const run = startSpinningRun();
    run.cli.stderr.destroy(); // the first progress line meets a closed pipe
    const seen = new Set<number>();
    while (run.cli.exitCode === null) {
      for (const pid of childrenOf(run.cli.pid!)) seen.add(pid);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    leftovers.push(...seen);
    expect(await run.exited).toBe(0);
    expect(seen.size).toBeGreaterThan(0);
    expect(await survivorsAfter([...seen], 3000)).toEqual([]);
  }, 120_000);
});
