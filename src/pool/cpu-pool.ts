/**
 * The piscina pool that runs the CPU backends (cpu, webasm). A task that passes its timeout is aborted,
 * which kills its worker; a worker that dies rejects its task. Both become outcomes, not exceptions.
 * @module
 */
import { Piscina } from 'piscina';
import {
  type BackendName,
  decodeKernelReply,
  decodeProbeReply,
  type KernelOutcome,
  type ProbeReply,
  type RunKernelRequest,
} from './protocol.ts';
import { workerEntryUrl, workerExecArgv } from './worker-entry.ts';

/** A pool of CPU-backend workers. */
export interface CpuPool {
  readonly threads: number;
  /** Measure one case; resolves to an outcome even when the worker throws, dies or hangs. */
  run(request: RunKernelRequest, timeoutMs: number): Promise<KernelOutcome>;
  /** Whether `backend` works in a pool worker. */
  probe(backend: BackendName): Promise<ProbeReply>;
  /** One empty round trip through a worker (dispatch overhead). */
  ping(): Promise<void>;
  /** Terminate every worker. Idempotent. */
  close(): Promise<void>;
}

/** Options of {@link createCpuPool}. */
export interface CpuPoolOptions {
  /** Worker threads, >= 1. */
  readonly threads: number;
}

/** Start a pool of `threads` workers (created on demand). */
export function createCpuPool(options: CpuPoolOptions): CpuPool {
  if (!Number.isInteger(options.threads) || options.threads < 1) {
    throw new RangeError('options.threads must be a positive integer');
  }
  const piscina = new Piscina({
    filename: workerEntryUrl('cpu-worker').href,
    minThreads: 1,
    maxThreads: options.threads,
    idleTimeout: 30_000,
    execArgv: workerExecArgv(),
  });
  let closed = false;
  return {
    threads: options.threads,
    async run(request, timeoutMs) {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), timeoutMs);
      try {
        return decodeKernelReply(await piscina.run(request, { signal: controller.signal }));
      } catch (error) {
        if (controller.signal.aborted) return { type: 'kernel-reply', state: 'timed-out', timeoutMs };
        const message = error instanceof Error ? error.message : String(error);
        return {
          type: 'kernel-reply',
          state: 'errored',
          phase: 'crash',
          error: { name: 'WorkerCrash', message: `worker died: ${message}` },
        };
      } finally {
        clearTimeout(timer);
      }
    },
    async probe(backend) {
      try {
        return decodeProbeReply(await piscina.run({ type: 'probe-backend', backend }), backend);
      } catch (error) {
        return { type: 'probe-reply', backend, available: false, reason: `worker failed: ${String(error)}` };
      }
    },
    async ping() {
      await piscina.run({ type: 'ping' });
    },
    async close() {
      if (closed) return;
      closed = true;
      await piscina.destroy();
    },
  };
}
