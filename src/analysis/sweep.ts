/**
 * `runSweep`: a workload over a grid of parameter values on several GPUs, evaluated in the sweep pool (or
 * inline), with the crossovers between every GPU pair. See `sweep-grid.ts` for the axis syntax.
 * @module
 */
import { availableParallelism } from 'node:os';
import { UserError } from '../errors.ts';
import { type LoadCatalogOptions, loadCatalog } from '../hardware/catalog.ts';
import { regulatoryProfile } from '../regulation/index.ts';
import { WORKLOADS } from '../workloads/index.ts';
import { type ParamValue, parseParams } from '../workloads/params.ts';
import { type CrossoverReport, findCrossovers } from './crossovers.ts';
import { evaluateChunk, evaluatePoint } from './sweep-eval.ts';
import { isSweepValue, parseSweepAxis, type SweepAxis, type SweepGrid, sweepGrid } from './sweep-grid.ts';
import { createSweepPool, type SweepPool } from './sweep-pool.ts';
import type { SweepChunkData, SweepChunkRequest } from './sweep-protocol.ts';

/** What to sweep. */
export interface SweepOptions extends LoadCatalogOptions {
  readonly workload: string;
  readonly gpus: readonly string[];
  /**
   * Raw params keyed by param key. A numeric or choice value with `,` or `..` (or an array) is an axis;
   * anything else is fixed.
   */
  readonly params: Readonly<Record<string, unknown>>;
  /** Pool workers; 0 evaluates inline on this thread. Default: the available cores. */
  readonly threads?: number | undefined;
  /** A pool to reuse (its size wins over `threads`); the caller closes it. */
  readonly pool?: SweepPool | undefined;
  /** Estimates per pool task (default: about 16 tasks per worker, 256..65536). */
  readonly chunkSize?: number | undefined;
  /** Called after each chunk with estimates done and the total. */
  readonly onProgress?: ((done: number, total: number) => void) | undefined;
  /** Find crossovers after the grid (default true). */
  readonly crossovers?: boolean | undefined;
  /** Crossovers refined by bisection at most (default 100); the rest are counted. */
  readonly maxCrossovers?: number | undefined;
  readonly signal?: AbortSignal | undefined;
}

/** A finished sweep. Estimate `i` is point `floor(i / gpus.length)` on GPU `i % gpus.length`. */
export interface SweepResult extends SweepChunkData {
  readonly workload: string;
  readonly throughputMetric: string;
  readonly throughputUnit: string;
  readonly gpus: readonly { readonly id: string; readonly name: string; readonly tpp: number | null }[];
  readonly grid: SweepGrid;
  /** Parsed values of the parameters that were not swept. */
  readonly fixed: Readonly<Record<string, ParamValue>>;
  /** Pool workers used; 0 = inline. */
  readonly threads: number;
  readonly elapsedMs: number;
  readonly crossovers: CrossoverReport;
}

function splitParams(options: SweepOptions): { axes: SweepAxis[]; fixedRaw: Record<string, unknown> } {
  const workload = WORKLOADS.get(options.workload);
  const axes: SweepAxis[] = [];
  const fixedRaw: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(options.params)) {
    if (raw === undefined) continue;
    const spec = workload.params.find((p) => p.key === key);
    const sweepable = spec && spec.kind !== 'string' && spec.kind !== 'flag';
    const text = Array.isArray(raw) ? raw.map(String).join(',') : String(raw);
    if (sweepable && (Array.isArray(raw) || (typeof raw === 'string' && isSweepValue(raw)))) {
      axes.push(parseSweepAxis(spec, text));
    } else if (sweepable && typeof raw === 'string') {
      // One value, read with the sweep syntax so `--context 4k` works beside `--batch 1..1k`.
      fixedRaw[key] = parseSweepAxis(spec, text).values[0];
    } else fixedRaw[key] = raw;
  }
  return { axes, fixedRaw };
}

/** Estimates per pool task. */
function chunkSizeFor(total: number, threads: number, requested: number | undefined): number {
  if (requested !== undefined) return Math.max(1, Math.floor(requested));
  return Math.min(65_536, Math.max(256, Math.ceil(total / (Math.max(1, threads) * 16))));
}

function asError(error: { name: string; message: string }): Error {
  return error.name === 'UserError'
    ? new UserError(error.message)
    : new Error(`sweep failed: ${error.message}`);
}

/** Run a sweep. Bad flags, ranges and GPUs are UserErrors naming the flag. */
export async function runSweep(options: SweepOptions): Promise<SweepResult> {
  const started = performance.now();
  if (options.gpus.length === 0) throw new UserError('--gpus: give at least one GPU id', 'usage');
  const workload = WORKLOADS.get(options.workload);
  const catalog = loadCatalog(options);
  const gpus = options.gpus.map((id) => catalog.get(id, '--gpus'));
  const { axes, fixedRaw } = splitParams(options);
  if (axes.length === 0) {
    throw new UserError(
      `sweep ${workload.kind}: give at least one range or list, e.g. ${workload.params.find((p) => p.kind === 'integer')?.flag ?? '--<flag>'} 1..1024`,
      'usage',
    );
  }
  const grid = sweepGrid(axes, gpus.length);
  // Parse the fixed params with the first axis values, so a missing or bad flag fails here, named.
  const firstRaw: Record<string, unknown> = { ...fixedRaw };
  for (const a of axes) firstRaw[a.key] = a.values[0];
  const parsed = parseParams(workload.params, firstRaw, workload.kind);
  const fixed: Record<string, ParamValue> = {};
  for (const [k, v] of Object.entries(parsed)) if (!axes.some((a) => a.key === k)) fixed[k] = v;
  for (const gpu of gpus) evaluatePoint(workload, gpu, parsed);

  const total = grid.points * gpus.length;
  const throughput = new Float64Array(total);
  const timeMs = new Float64Array(total);
  const bound = new Uint8Array(total);
  const requested = options.pool?.threads ?? options.threads ?? availableParallelism();
  if (!Number.isInteger(requested) || requested < 0) {
    throw new UserError(`--threads must be an integer >= 0 (got ${requested})`, 'usage');
  }
  const chunk = chunkSizeFor(total, requested, options.chunkSize);
  const requests: SweepChunkRequest[] = [];
  for (let start = 0; start < total; start += chunk) {
    requests.push({
      type: 'sweep-chunk',
      workload: workload.kind,
      gpus,
      axes,
      fixed,
      start,
      end: Math.min(total, start + chunk),
    });
  }
  let done = 0;
  const store = (start: number, data: SweepChunkData) => {
    throughput.set(data.throughput, start);
    timeMs.set(data.timeMs, start);
    bound.set(data.bound, start);
    done += data.throughput.length;
    options.onProgress?.(done, total);
  };
  const aborted = () => {
    if (options.signal?.aborted) throw new UserError('sweep interrupted', 'tool');
  };
  if (requested === 0) {
    for (const r of requests) {
      aborted();
      store(r.start, evaluateChunk(r));
    }
  } else {
    const pool = options.pool ?? createSweepPool({ threads: requested });
    try {
      let next = 0;
      const lane = async (): Promise<void> => {
        while (next < requests.length) {
          aborted();
          const r = requests[next++]!;
          const reply = await pool.run(r);
          if (reply.state === 'errored') throw asError(reply.error);
          store(r.start, reply);
        }
      };
      await Promise.all(Array.from({ length: pool.threads * 2 }, lane));
    } finally {
      if (!options.pool) await pool.close();
    }
  }
  const crossovers =
    options.crossovers === false || gpus.length < 2
      ? { crossovers: [], omitted: 0 }
      : findCrossovers(
          { grid, gpuIds: gpus.map((g) => g.id), fixed, throughput },
          (g, params) => evaluatePoint(workload, gpus[g]!, params),
          options.maxCrossovers,
        );
  return {
    workload: workload.kind,
    throughputMetric: workload.throughputMetric,
    throughputUnit: workload.throughputUnit,
    gpus: gpus.map((g) => ({ id: g.id, name: g.name, tpp: regulatoryProfile(g).tpp })),
    grid,
    fixed,
    threads: requested,
    elapsedMs: performance.now() - started,
    throughput,
    timeMs,
    bound,
    crossovers,
  };
}
