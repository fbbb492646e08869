/**
 * The one protocol between the main thread and every worker: the piscina CPU workers and the device host
 * child process. Requests and replies are plain data; errors travel as data (`WireError`) because error
 * classes and `code` properties are lost across thread and process boundaries. Replies are validated with
 * these schemas where they arrive.
 * @module
 */
import { z } from 'zod';

/**
 * Backends tppbench drives: gpu.js's (`headlessgl`, `webgpu`, `webasm`, `cpu`) and `wgsl`, the kernels'
 * hand-written WebGPU programs.
 */
export const BACKENDS = ['headlessgl', 'webgpu', 'wgsl', 'wasm-simd', 'webasm', 'cpu'] as const;

/** A backend. */
export type BackendName = (typeof BACKENDS)[number];

/** Backends that run on a WebGPU device (dawn.node in the device host, or a browser). */
export const WEBGPU_BACKENDS: readonly BackendName[] = ['webgpu', 'wgsl'];

/** Backends that run in the piscina pool; the others run in the device host. */
export const POOL_BACKENDS: readonly BackendName[] = ['wasm-simd', 'webasm', 'cpu'];

/** True when `backend` runs in the piscina pool rather than the device host. */
export function isPoolBackend(backend: BackendName): boolean {
  return POOL_BACKENDS.includes(backend);
}

/** How benchmark.js times one kernel. */
export interface TimingOptions {
  /** Untimed calls before timing starts. */
  readonly warmupRuns: number;
  /** benchmark.js `minSamples`. */
  readonly minSamples: number;
  /** benchmark.js `minTime`, the least time per sample cycle, in ms. */
  readonly minTimeMs: number;
  /** benchmark.js `maxTime`: stop sampling after this long once `minSamples` are in, in ms. */
  readonly maxTimeMs: number;
}

/** Measure one kernel case: build, verify against the reference, then time. */
export interface RunKernelRequest {
  readonly type: 'run-kernel';
  readonly kernel: string;
  readonly size: Readonly<Record<string, number>>;
  readonly backend: BackendName;
  readonly seed: number;
  readonly timing: TimingOptions;
  /** File URLs of extra modules exporting `kernels: KernelDefinition[]` (test fixtures, user kernels). */
  readonly kernelModules: readonly string[];
  /** Overrides the kernel's own verification tolerance (a suite file's threshold). */
  readonly toleranceRel?: number;
  /**
   * `per-call` makes gpu.js's webgpu backend upload its inputs and read its output back in every timed
   * call (how gpu.js runs by default), to show what transfers cost; default `device-resident`.
   */
  readonly timingMethod?: TimingMethod['method'];
  /** wasm-simd: threads one call runs on (the worker's own and helpers sharing its memory); default 1. */
  readonly kernelThreads?: number;
}

/** Ask whether a backend works in this worker, and why not. */
export interface ProbeBackendRequest {
  readonly type: 'probe-backend';
  readonly backend: BackendName;
}

/** Do nothing and reply `pong`: measures the cost of one round trip through the pool. */
export interface PingRequest {
  readonly type: 'ping';
}

/** Any request a worker accepts. */
export type WorkerRequest = RunKernelRequest | ProbeBackendRequest | PingRequest;

/** An error as data. */
export interface WireError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
}

/** How the samples of a case were taken. */
export type TimingMethod =
  /** Each sample times benchmark.js cycles of single calls, transfers included where the backend has any. */
  | { readonly method: 'per-call' }
  /** N calls submitted together on device-resident data, ended by one completion wait, divided by N. */
  | { readonly method: 'device-resident'; readonly callsPerSample: number };

/** How a kernel's output compared with its Float64 reference. */
export interface Verification {
  readonly passed: boolean;
  /** `max|out - ref| / max|ref|`; null when the output had NaN/Infinity or the wrong length. */
  readonly maxRelError: number | null;
  readonly toleranceRel: number;
  readonly detail?: string;
}

/** The reply to a `run-kernel` request. */
export type KernelReply =
  | {
      readonly type: 'kernel-reply';
      readonly state: 'completed';
      /** The backend gpu.js actually ran every kernel of the case on. */
      readonly backend: BackendName;
      readonly verification: Verification;
      /** Seconds per call, one per sample. */
      readonly samplesSec: readonly number[];
      /** How the samples were taken; absent means `per-call`. */
      readonly timing?: TimingMethod;
    }
  | {
      readonly type: 'kernel-reply';
      /** The kernel has no implementation for this backend (e.g. a host-device transfer on gpu.js). */
      readonly state: 'unsupported';
      readonly backend: BackendName;
      readonly reason: string;
    }
  | {
      readonly type: 'kernel-reply';
      readonly state: 'invalid';
      readonly backend: BackendName;
      readonly verification: Verification;
    }
  | {
      readonly type: 'kernel-reply';
      readonly state: 'errored';
      /** Where it failed: loading the kernel, building, the verifying run, timing, or the worker died. */
      readonly phase: ErrorPhase;
      readonly error: WireError;
      readonly backend?: BackendName;
    };

/** Where a kernel case failed. */
export type ErrorPhase = 'load' | 'build' | 'run' | 'time' | 'crash';

/** What the main side makes of a case: the worker's reply, or a timeout it enforced. */
export type KernelOutcome =
  | KernelReply
  | { readonly type: 'kernel-reply'; readonly state: 'timed-out'; readonly timeoutMs: number };

/** What a WebGPU adapter says of itself (`GPUAdapterInfo` plus its features). */
export interface AdapterInfo {
  readonly vendor: string;
  readonly architecture: string;
  /** The product name where the implementation gives it (dawn.node: `NVIDIA H200`); often empty. */
  readonly device: string;
  readonly description: string;
  readonly features: readonly string[];
}

/** The reply to a `probe-backend` request. */
export type ProbeReply =
  | {
      readonly type: 'probe-reply';
      readonly backend: BackendName;
      readonly available: true;
      readonly renderer?: string;
      /** WebGPU backends: the adapter the kernels run on. */
      readonly adapter?: AdapterInfo;
    }
  | {
      readonly type: 'probe-reply';
      readonly backend: BackendName;
      readonly available: false;
      readonly reason: string;
    };

/** Encode anything thrown as a {@link WireError}. */
export function encodeError(error: unknown): WireError {
  if (error instanceof Error) {
    return error.stack === undefined
      ? { name: error.name, message: error.message }
      : { name: error.name, message: error.message, stack: error.stack };
  }
  return { name: 'Error', message: String(error) };
}

/** The `errored` reply for a failure in `phase`, with the backend when it is known. */
export function erroredReply(phase: ErrorPhase, error: unknown, backend?: BackendName): KernelReply {
  return backend === undefined
    ? { type: 'kernel-reply', state: 'errored', phase, error: encodeError(error) }
    : { type: 'kernel-reply', state: 'errored', phase, error: encodeError(error), backend };
}

/** The reply for a kernel with no implementation of `tier` (`gpu.js`, `WGSL`) on `backend`. */
export function unsupportedReply(backend: BackendName, kernel: string, tier: string): KernelReply {
  return {
    type: 'kernel-reply',
    state: 'unsupported',
    backend,
    reason: `kernel ${kernel} has no ${tier} implementation`,
  };
}

const backendSchema = z.enum(BACKENDS);
const wireErrorSchema = z.object({ name: z.string(), message: z.string(), stack: z.string().optional() });
const timingMethodSchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('per-call') }),
  z.object({ method: z.literal('device-resident'), callsPerSample: z.number().int().positive() }),
]);
const verificationSchema = z.object({
  passed: z.boolean(),
  maxRelError: z.number().nullable(),
  toleranceRel: z.number(),
  detail: z.string().optional(),
});

/** Schema of {@link KernelReply}, checked where a reply arrives. */
export const kernelReplySchema = z.discriminatedUnion('state', [
  z.object({
    type: z.literal('kernel-reply'),
    state: z.literal('completed'),
    backend: backendSchema,
    verification: verificationSchema,
    samplesSec: z.array(z.number().nonnegative()).min(1),
    timing: timingMethodSchema.optional(),
  }),
  z.object({
    type: z.literal('kernel-reply'),
    state: z.literal('unsupported'),
    backend: backendSchema,
    reason: z.string(),
  }),
  z.object({
    type: z.literal('kernel-reply'),
    state: z.literal('invalid'),
    backend: backendSchema,
    verification: verificationSchema,
  }),
  z.object({
    type: z.literal('kernel-reply'),
    state: z.literal('errored'),
    phase: z.enum(['load', 'build', 'run', 'time', 'crash']),
    error: wireErrorSchema,
    backend: backendSchema.optional(),
  }),
]);

/** Schema of {@link ProbeReply}. */
export const probeReplySchema = z.discriminatedUnion('available', [
  z.object({
    type: z.literal('probe-reply'),
    backend: backendSchema,
    available: z.literal(true),
    renderer: z.string().optional(),
    adapter: z
      .object({
        vendor: z.string(),
        architecture: z.string(),
        device: z.string(),
        description: z.string(),
        features: z.array(z.string()),
      })
      .optional(),
  }),
  z.object({
    type: z.literal('probe-reply'),
    backend: backendSchema,
    available: z.literal(false),
    reason: z.string(),
  }),
]);

/** Validate a worker's reply; a malformed one becomes an `errored` reply rather than an exception. */
export function decodeKernelReply(data: unknown): KernelReply {
  const parsed = kernelReplySchema.safeParse(data);
  if (parsed.success) return parsed.data as KernelReply;
  return {
    type: 'kernel-reply',
    state: 'errored',
    phase: 'run',
    error: { name: 'ProtocolError', message: `malformed worker reply: ${parsed.error.issues[0]?.message}` },
  };
}

/** Validate a probe reply; a malformed one reads as unavailable. */
export function decodeProbeReply(data: unknown, backend: BackendName): ProbeReply {
  const parsed = probeReplySchema.safeParse(data);
  if (parsed.success) return parsed.data as ProbeReply;
  return { type: 'probe-reply', backend, available: false, reason: 'malformed probe reply from the worker' };
}
