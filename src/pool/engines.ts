/**
 * The engines a run uses, behind one door: the piscina pool for cpu/webasm and the device host for
 * headlessgl/webgpu, each started on first use and all closed together. On process exit a still-running
 * device host is killed synchronously; it also exits by itself when its IPC channel closes.
 * @module
 */
import { type CpuPool, createCpuPool } from './cpu-pool.ts';
import { createDeviceHost, type DeviceHost } from './device-host.ts';
import {
  type BackendName,
  isPoolBackend,
  type KernelOutcome,
  type ProbeReply,
  type RunKernelRequest,
} from './protocol.ts';

/** Both engines, routed by backend. */
export interface Engines {
  run(request: RunKernelRequest, timeoutMs: number): Promise<KernelOutcome>;
  probe(backend: BackendName): Promise<ProbeReply>;
  /** The device host's pid while it runs. */
  deviceHostPid(): number | undefined;
  /** Shut the pool and the device host down. Idempotent. */
  close(): Promise<void>;
}

/** Create the engines; nothing starts until a backend is probed or run. */
export function createEngines(options: { readonly threads: number }): Engines {
  let pool: CpuPool | undefined;
  let host: DeviceHost | undefined;
  const killHostOnExit = () => {
    const pid = host?.pid();
    if (pid !== undefined) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  process.on('exit', killHostOnExit);
  const poolFor = () => {
    pool ??= createCpuPool({ threads: options.threads });
    return pool;
  };
  const hostFor = () => {
    host ??= createDeviceHost();
    return host;
  };
  return {
    run: (request, timeoutMs) =>
      isPoolBackend(request.backend) ? poolFor().run(request, timeoutMs) : hostFor().run(request, timeoutMs),
    probe: (backend) => (isPoolBackend(backend) ? poolFor().probe(backend) : hostFor().probe(backend)),
    deviceHostPid: () => host?.pid(),
    async close() {
      process.off('exit', killHostOnExit);
      await Promise.all([pool?.close(), host?.close()]);
    },
  };
}
