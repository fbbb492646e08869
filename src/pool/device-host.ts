/**
 * The device host: one child process per CLI process that runs the headlessgl and webgpu backends,
 * reached through comlink over the IPC channel. A pending comlink call hangs if the child dies, so every
 * call races the child's exit and the kernel timeout; a timed-out or dead child is killed and a fresh one
 * starts on the next call.
 * @module
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type Remote, wrap } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import type { DeviceHostApi } from '../../workers/device-host.ts';
import {
  type BackendName,
  decodeKernelReply,
  decodeProbeReply,
  type KernelOutcome,
  type ProbeReply,
  type RunKernelRequest,
} from './protocol.ts';
import { workerEntryUrl, workerExecArgv } from './worker-entry.ts';

/** The device host as the runner sees it. */
export interface DeviceHost {
  /** Whether `backend` works in the host, with its renderer or the reason it does not. */
  probe(backend: BackendName, timeoutMs?: number): Promise<ProbeReply>;
  /** Measure one case; resolves to an outcome even when the host crashes or hangs. */
  run(request: RunKernelRequest, timeoutMs: number): Promise<KernelOutcome>;
  /** The child's pid while one runs (for tests that check nothing is left behind). */
  pid(): number | undefined;
  /** Kill the child. Idempotent. */
  close(): Promise<void>;
}

interface Live {
  readonly child: ChildProcess;
  readonly remote: Remote<DeviceHostApi>;
  /** Resolves with a description once the child has exited. */
  readonly exited: Promise<string>;
  stderrTail: string;
}

function spawnHost(env: Readonly<Record<string, string>>): Live {
  const child = fork(fileURLToPath(workerEntryUrl('device-host')), [], {
    execArgv: workerExecArgv(),
    env: { ...process.env, ...env },
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  const live: Live = {
    child,
    remote: wrap<DeviceHostApi>(
      nodeEndpoint({
        postMessage: (message: unknown) => {
          if (child.connected) child.send(message as never);
        },
        on: (type, listener) => child.on(type, listener),
        off: (type, listener) => child.off(type, listener),
      }),
    ),
    exited: new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        const tail = live.stderrTail.trim().split('\n').slice(-3).join(' | ');
        resolve(`device host exited (${signal ?? `code ${code}`})${tail ? `: ${tail}` : ''}`);
      });
      child.once('error', (error) => resolve(`device host failed to start: ${error.message}`));
    }),
    stderrTail: '',
  };
  child.stderr?.on('data', (chunk: Buffer) => {
    live.stderrTail = (live.stderrTail + chunk.toString()).slice(-2000);
  });
  return live;
}

type Raced<T> =
  | { kind: 'value'; value: T }
  | { kind: 'exit'; reason: string }
  | { kind: 'rejected'; reason: string }
  | { kind: 'timeout' };

/** Start a device host (the child starts lazily, on the first call), with `env` added to its environment. */
export function createDeviceHost(env: Readonly<Record<string, string>> = {}): DeviceHost {
  let live: Live | undefined;
  const kill = async (): Promise<void> => {
    const current = live;
    live = undefined;
    if (!current) return;
    if (current.child.exitCode === null && current.child.signalCode === null) current.child.kill('SIGKILL');
    await current.exited;
  };
  const call = async <T>(invoke: (remote: Remote<DeviceHostApi>) => Promise<T>, timeoutMs: number) => {
    live ??= spawnHost(env);
    const current = live;
    let timer: NodeJS.Timeout | undefined;
    const raced = await Promise.race<Raced<T>>([
      invoke(current.remote).then(
        (value) => ({ kind: 'value', value }),
        (error: unknown) => ({ kind: 'rejected', reason: `device host call failed: ${String(error)}` }),
      ),
      current.exited.then((reason) => ({ kind: 'exit', reason })),
      new Promise((resolve) => {
        timer = setTimeout(() => resolve({ kind: 'timeout' }), timeoutMs);
      }),
    ]).finally(() => clearTimeout(timer));
    if (raced.kind === 'exit' || raced.kind === 'timeout') await kill();
    return raced;
  };
  return {
    async probe(backend, timeoutMs = 60_000) {
      const raced = await call<ProbeReply>((remote) => remote.probe(backend), timeoutMs);
      if (raced.kind === 'value') return decodeProbeReply(raced.value, backend);
      const reason = raced.kind === 'timeout' ? `probe timed out after ${timeoutMs} ms` : raced.reason;
      return { type: 'probe-reply', backend, available: false, reason };
    },
    async run(request, timeoutMs) {
      const raced = await call<unknown>((remote) => remote.run(request), timeoutMs);
      if (raced.kind === 'value') return decodeKernelReply(raced.value);
      if (raced.kind === 'timeout') return { type: 'kernel-reply', state: 'timed-out', timeoutMs };
      return {
        type: 'kernel-reply',
        state: 'errored',
        phase: raced.kind === 'exit' ? 'crash' : 'run',
        error: { name: raced.kind === 'exit' ? 'DeviceHostCrash' : 'DeviceHostError', message: raced.reason },
      };
    },
    pid: () => live?.child.pid,
    close: kill,
  };
}
