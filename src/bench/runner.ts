/**
 * The suite runner: select backends, measure every case (device cases one at a time in the device host,
 * CPU cases `threads` at a time in the pool), and assemble a results object. A case that throws, crashes or
 * hangs is recorded and the suite goes on. The engines are always shut down, also on abort and on error.
 * @module
 */
import os from 'node:os';
import type { KernelDefinition, KernelSize } from '../../kernels/types.ts';
import { msg, param, UserError } from '../errors.ts';
import { isSoftwareAdapter } from '../gpu/acquire.ts';
import { type Catalog, loadCatalog } from '../hardware/catalog.ts';
import type { BrowserOptions } from '../pool/browser-host.ts';
import { createEngines, type Engines } from '../pool/engines.ts';
import { type BackendName, isPoolBackend, type TimingOptions, WEBGPU_BACKENDS } from '../pool/protocol.ts';
import {
  type BenchEnvironment,
  type BenchResults,
  benchResultsDocument,
  fastestPerCase,
  type LocalGpu,
  type Measurement,
} from '../results/bench-results.ts';
import { fingerprintEnvironment, softwareAdapterName } from './environment.ts';
import { kernelModuleUrls, loadKernelRegistry } from './kernel-loader.ts';
import { identifyLocalGpu, queryNvidiaSmiName } from './local-gpu.ts';
import { checkRepeat, poolMeasurements } from './repeat.ts';
import { type BackendRequest, selectBackends } from './select-backend.ts';
import { emptyShardError, type ShardSpec, shardCases } from './shard.ts';
import { caseId, matchesFilter, type SuiteCase, type SuiteDefinition } from './suites.ts';
import { toMeasurement } from './to-measurement.ts';

/** Progress of a run, for a progress bar or plain lines. */
export type RunProgress =
  | { readonly type: 'selected'; readonly used: readonly BackendName[]; readonly notes: readonly string[] }
  | {
      readonly type: 'case-start';
      readonly id: string;
      readonly backend: BackendName;
      readonly total: number;
    }
  | {
      readonly type: 'case-end';
      readonly measurement: Measurement;
      readonly done: number;
      readonly total: number;
    };

/** Options of {@link runSuite}. */
export interface RunSuiteOptions {
  readonly suite: SuiteDefinition;
  /** `--backend`; default `auto`. */
  readonly backend?: BackendRequest;
  /** Pool threads; default the core count. */
  readonly threads?: number;
  /** Per-case limit; default the suite's. */
  readonly kernelTimeoutMs?: number;
  /** `--filter` pattern (see `matchesFilter`). */
  readonly filter?: string;
  /** Measure only this shard of the (filtered) cases (`--shard i/n`; see `shardCases`). */
  readonly shard?: ShardSpec;
  /**
   * Run the (filtered, sharded) cases this many times in rounds, every case once per round, and pool each
   * case's samples (`--repeat`; 1 to 100, default 1; see `poolMeasurements`).
   */
  readonly repeat?: number;
  /** Overrides of the suite's timing. */
  readonly timing?: Partial<TimingOptions>;
  /** Paths or file URLs of extra kernel modules (`export const kernels = [...]`). */
  readonly kernelModules?: readonly string[];
  readonly onProgress?: (event: RunProgress) => void;
  /** Aborting stops scheduling, shuts the engines down and rejects with a UserError. */
  readonly signal?: AbortSignal;
  /** Engines to use instead of fresh ones (tests); they are not closed. */
  readonly engines?: Engines;
  /** Run the WebGPU backends in this browser instead of dawn.node (`--browser`). */
  readonly browser?: BrowserOptions;
  /** Without `browser`: dawn.node on Chromium's SwiftShader Vulkan driver (`--swiftshader`). */
  readonly swiftshader?: boolean;
  /**
   * The local GPU's catalog id or alias (`--local-gpu`), when it cannot be identified or is wrong. Recorded
   * as said, also on a software adapter (SwiftShader), whose run the catalog self-check then refuses to check.
   */
  readonly localGpu?: string;
  /** gpu.js webgpu: `per-call` keeps uploads and read-backs in every timed call (`--timing`). */
  readonly timingMethod?: 'per-call' | 'device-resident';
}

interface Job {
  readonly index: number;
  readonly id: string;
  readonly kernel: string;
  readonly size: KernelSize;
  readonly backend: BackendName;
  readonly toleranceRel?: number;
}

/** Run `jobs` with at most `limit` in flight; stops taking new ones once `signal` aborts. */
async function runLimited(
  jobs: readonly Job[],
  limit: number,
  signal: AbortSignal | undefined,
  work: (job: Job) => Promise<void>,
) {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, jobs.length) }, async () => {
    while (next < jobs.length && !signal?.aborted) await work(jobs[next++]!);
  });
  await Promise.all(lanes);
}

/**
 * The least host memory one case holds, in bytes: its fp32 inputs and output (the kernel's cost bytes) and,
 * for a kernel whose output has rows (gemm, attention), the Float64 reference of that output.
 */
export function caseMemoryBytes(definition: KernelDefinition, size: KernelSize): number {
  const shape = definition.outputRows?.(size);
  return definition.cost(size).bytes + (shape ? 8 * shape.rows * shape.rowWords : 0);
}

/** The memory this process may use: the machine's, or the cgroup's limit when that is lower. */
function availableMemoryBytes(): number {
  const limit = process.constrainedMemory();
  return limit > 0 ? Math.min(limit, os.totalmem()) : os.totalmem();
}

/**
 * The host memory one case may take: a quarter of {@link availableMemoryBytes}, so that a few cases in
 * flight, the workers and the results still fit.
 */
export function caseMemoryBudgetBytes(): number {
  return Math.floor(availableMemoryBytes() / 4);
}

const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(1)} GiB`;

/** Refuse, before anything is allocated, a suite with a case that does not fit {@link caseMemoryBudgetBytes}. */
function checkMemory(jobs: readonly Job[], definitionOf: (kernel: string) => KernelDefinition): void {
  const budget = caseMemoryBudgetBytes();
  const over = new Map<string, number>();
  for (const job of jobs) {
    const bytes = caseMemoryBytes(definitionOf(job.kernel), job.size);
    if (bytes > budget) over.set(job.id, bytes);
  }
  const [first] = over;
  if (!first) return;
  const more = over.size > 1 ? `; ${over.size - 1} more case(s) are over it too` : '';
  throw new UserError(
    `case ${first[0]} needs at least ${gib(first[1])} of memory for its inputs, output and reference, over the budget of ${gib(budget)} per case (a quarter of the ${gib(availableMemoryBytes())} here)${more}`,
  );
}

/**
 * The GPU the WebGPU backends ran on: the adapter's name, else nvidia-smi's (asked only then). A software adapter
 * (SwiftShader, llvmpipe) is no GPU, whatever nvidia-smi says about the machine.
 */
function findLocalGpu(statuses: BenchEnvironment['backends'], catalog: Catalog): LocalGpu | undefined {
  const adapters = statuses.flatMap((s) => (s.adapter ? [s.adapter] : []));
  if (adapters.length === 0 || adapters.some(isSoftwareAdapter)) return undefined;
  const named = adapters.some((a) => a.device.trim().length > 0);
  return identifyLocalGpu(named ? { adapters } : { nvidiaSmiName: queryNvidiaSmiName(), adapters }, catalog);
}

/** Run a suite and return its results (not yet written anywhere). */
export async function runSuite(options: RunSuiteOptions): Promise<BenchResults> {
  const started = Date.now();
  const { suite, signal } = options;
  const threads = options.threads ?? Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
  if (!Number.isInteger(threads) || threads < 1)
    throw new UserError('options.threads must be a positive integer', 'usage');
  const repeat = checkRepeat(options.repeat ?? 1);
  const kernelTimeoutMs = options.kernelTimeoutMs ?? suite.kernelTimeoutMs;
  const timing: TimingOptions = { ...suite.timing, ...options.timing };
  const kernelModules = kernelModuleUrls(options.kernelModules ?? []);
  const registry = await loadKernelRegistry(kernelModules);
  const idOf = (c: SuiteCase) =>
    caseId(c.kernel, c.size, registry.has(c.kernel) ? registry.get(c.kernel).dims : undefined);
  const filtered = suite.cases.filter((c) => {
    const id = idOf(c);
    return (
      options.filter === undefined ||
      matchesFilter(id, options.filter) ||
      matchesFilter(c.kernel, options.filter)
    );
  });
  if (filtered.length === 0) {
    throw new UserError(
      msg`${param('filter')} "${options.filter}" matches no case of suite ${suite.name}`,
      'usage',
    );
  }
  const { shard } = options;
  const cases = shard === undefined ? filtered : shardCases(filtered, shard);
  if (shard && cases.length === 0) throw emptyShardError(shard, suite.name, filtered.length, options.filter);
  // An unknown --local-gpu is an input error before any work starts.
  const flaggedGpu =
    options.localGpu === undefined
      ? undefined
      : identifyLocalGpu({ flag: options.localGpu, adapters: [] }, loadCatalog());
  const engines =
    options.engines ??
    createEngines({
      threads,
      ...(options.browser === undefined ? {} : { browser: options.browser }),
      ...(options.swiftshader ? { swiftshader: true } : {}),
    });
  const onAbort = () => void engines.close();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const selection = await selectBackends(engines, suite, options.backend ?? 'auto', kernelTimeoutMs);
    options.onProgress?.({ type: 'selected', used: selection.used, notes: selection.notes });
    const renderers = new Map(selection.statuses.map((s) => [s.backend, s.renderer]));
    const jobs: Job[] = selection.used
      .flatMap((backend) =>
        cases
          .filter((c) => c.backends === undefined || c.backends.includes(backend))
          .map((c) => {
            const dims = registry.get(c.kernel).dims;
            const job = { id: caseId(c.kernel, c.size, dims), kernel: c.kernel, size: c.size, backend };
            return c.toleranceRel === undefined ? job : { ...job, toleranceRel: c.toleranceRel };
          }),
      )
      .map((job, index) => ({ ...job, index }));
    if (jobs.length === 0) {
      const matching =
        options.filter === undefined ? '' : msg` matching ${param('filter')} "${options.filter}"`;
      throw new UserError(
        msg`suite ${suite.name} has no case${matching} for ${selection.used.join(', ')}`,
        'usage',
      );
    }
    checkMemory(jobs, (kernel) => registry.get(kernel));
    const usesWebGpu = selection.used.some((b) => WEBGPU_BACKENDS.includes(b));
    const gpu = flaggedGpu ?? (usesWebGpu ? findLocalGpu(selection.statuses, loadCatalog()) : undefined);
    const softwareAdapter = usesWebGpu
      ? softwareAdapterName(selection.statuses.filter((s) => selection.used.includes(s.backend)))
      : undefined;
    const rounds: Measurement[][] = [];
    let current: Measurement[] = [];
    const total = jobs.length * repeat;
    let done = 0;
    const work = async (job: Job) => {
      options.onProgress?.({ type: 'case-start', id: job.id, backend: job.backend, total });
      const outcome = await engines.run(
        {
          type: 'run-kernel',
          kernel: job.kernel,
          size: job.size,
          backend: job.backend,
          seed: 1 + job.index,
          timing,
          kernelModules,
          ...(job.toleranceRel === undefined ? {} : { toleranceRel: job.toleranceRel }),
          ...(options.timingMethod === undefined ? {} : { timingMethod: options.timingMethod }),
          ...(job.backend === 'wasm-simd' ? { kernelThreads: threads } : {}),
        },
        kernelTimeoutMs,
      );
      const renderer = renderers.get(job.backend);
      const measurement = toMeasurement(
        {
          ...job,
          cost: registry.get(job.kernel).cost(job.size),
          ...(renderer === undefined ? {} : { renderer }),
        },
        outcome,
      );
      current[job.index] = measurement;
      if (signal?.aborted) return; // the case was cut short by the shutdown, not by itself
      options.onProgress?.({ type: 'case-end', measurement, done: ++done, total });
    };
    // Round after round, so a slow phase of the machine spreads over every case instead of hitting one.
    for (let round = 0; round < repeat && !signal?.aborted; round++) {
      current = new Array(jobs.length);
      rounds.push(current);
      await runLimited(
        jobs.filter((j) => !isPoolBackend(j.backend)),
        1,
        signal,
        work,
      );
      // wasm-simd cases one at a time, each on every thread; the other pool backends a case per thread.
      await runLimited(
        jobs.filter((j) => j.backend === 'wasm-simd'),
        1,
        signal,
        work,
      );
      await runLimited(
        jobs.filter((j) => isPoolBackend(j.backend) && j.backend !== 'wasm-simd'),
        threads,
        signal,
        work,
      );
    }
    if (signal?.aborted)
      throw new UserError('interrupted: the pool and the device host were shut down', 'tool');
    const measurements = repeat === 1 ? (rounds[0] as Measurement[]) : poolMeasurements(rounds);
    return benchResultsDocument({
      suite: suite.name,
      createdAt: new Date(started).toISOString(),
      wallTimeMs: Date.now() - started,
      environment: {
        ...fingerprintEnvironment(threads, selection.statuses),
        ...(usesWebGpu && engines.webgpuHost ? { webgpuHost: { ...engines.webgpuHost } } : {}),
        ...(gpu === undefined ? {} : { gpu }),
        ...(softwareAdapter === undefined ? {} : { softwareAdapter }),
      },
      selection: {
        requested: selection.requested,
        used: [...selection.used],
        notes: [...selection.notes],
        ...(selection.used.length > 1 ? { fastest: fastestPerCase(measurements) } : {}),
      },
      settings: { timing, kernelTimeoutMs, filter: options.filter ?? null },
      ...(shard === undefined
        ? {}
        : { shard: { index: shard.index, count: shard.count, caseIds: [...new Set(cases.map(idOf))] } }),
      ...(repeat === 1 ? {} : { repeat: { rounds: repeat } }),
      measurements,
    });
  } finally {
    signal?.removeEventListener('abort', onAbort);
    if (!options.engines) await engines.close();
  }
}
