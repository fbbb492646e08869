/**
 * The engines a run uses, behind one door: the piscina pool for cpu/webasm, the device host for headlessgl
 * and (on dawn.node) the WebGPU backends, or a browser host for the WebGPU backends when `browser` is
 * given; each started on first use and all closed together. On process exit a still-running
 * device host is killed synchronously; it also exits by itself when its IPC channel closes.
 * @module
 */

import { msg, param, UserError } from '../errors.ts';
import { type BrowserOptions, createBrowserHost, findSwiftShaderIcd } from './browser-host.ts';
import { type CpuPool, createCpuPool } from './cpu-pool.ts';
import { createDeviceHost, type DeviceHost } from './device-host.ts';
import {
  type BackendName,
  isPoolBackend,
  type KernelOutcome,
  type ProbeReply,
  type RunKernelRequest,
  WEBGPU_BACKENDS,
} from './protocol.ts';

/** Both engines, routed by backend. */
export interface Engines {
  run(request: RunKernelRequest, timeoutMs: number): Promise<KernelOutcome>;
  probe(backend: BackendName): Promise<ProbeReply>;
  /** The device host's pid while it runs. */
  deviceHostPid(): number | undefined;
  /** Where the WebGPU backends run: dawn.node in the device host, or a browser (with its path). */
  readonly webgpuHost?: { readonly kind: 'dawn.node' | 'browser'; readonly detail: string };
  /** Shut the pool and the device host down. Idempotent. */
  close(): Promise<void>;
}

/** Create the engines; nothing starts until a backend is probed or run. */
export function createEngines(options: {
  readonly threads: number;
  /** Run the WebGPU backends in this browser instead of dawn.node. */
  readonly browser?: BrowserOptions;
  /** Without `browser`: run dawn.node on Chromium's SwiftShader Vulkan driver (a CPU; correctness only). */
  readonly swiftshader?: boolean;
}): Engines {
  let pool: CpuPool | undefined;
  let host: DeviceHost | undefined;
  const browser = options.browser ? createBrowserHost(options.browser) : undefined;
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
  let hostEnv: Record<string, string> = {};
  let dawnDetail = 'dawn.node (npm webgpu) in the device host';
  if (options.swiftshader && !options.browser) {
    const icd = findSwiftShaderIcd(undefined);
    if (!('path' in icd)) throw new UserError(msg`${param('swiftshader')}: ${icd.reason}`, 'tool');
    hostEnv = { VK_ICD_FILENAMES: icd.path, VK_DRIVER_FILES: icd.path };
    dawnDetail = `dawn.node on SwiftShader (${icd.path})`;
  }
  const hostFor = () => {
    host ??= createDeviceHost(hostEnv);
    return host;
  };
  const engineFor = (backend: BackendName) => {
    if (isPoolBackend(backend)) return poolFor();
    if (browser && WEBGPU_BACKENDS.includes(backend)) return browser;
    return hostFor();
  };
  return {
    run: (request, timeoutMs) => engineFor(request.backend).run(request, timeoutMs),
    probe: (backend) => engineFor(backend).probe(backend),
    deviceHostPid: () => host?.pid(),
    webgpuHost: browser
      ? { kind: 'browser', detail: browser.detail }
      : { kind: 'dawn.node', detail: dawnDetail },
    async close() {
      process.off('exit', killHostOnExit);
      await Promise.all([pool?.close(), host?.close(), browser?.close()]);
    },
  };
}
