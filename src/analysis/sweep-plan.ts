/**
 * Everything a sweep settles before any work: the axes and fixed params (parsed, so a bad parameter fails
 * at once, named), the grid and its size limit, the thread count, and the chunks the pool evaluates.
 * @module
 */
import { availableParallelism } from 'node:os';
import { msg, param, UserError } from '../errors.ts';
import { type LoadCatalogOptions, loadCatalog } from '../hardware/catalog.ts';
import type { GpuSpec } from '../hardware/types.ts';
import { WORKLOADS } from '../workloads/index.ts';
import { type ParamValue, parseParams } from '../workloads/params.ts';
import type { AnyWorkload } from '../workloads/types.ts';
import { evaluatePoint } from './sweep-eval.ts';
import { isSweepValue, parseSweepAxis, type SweepAxis, type SweepGrid, sweepGrid } from './sweep-grid.ts';

/** What a plan reads of the sweep options (the sweep's own options add to these). */
export interface SweepPlanOptions extends LoadCatalogOptions {
  readonly workload: string;
  readonly gpus: readonly string[];
  /**
   * Raw params keyed by param key. A numeric or choice value with `,` or `..` (or an array) is an axis;
   * anything else is fixed.
   */
  readonly params: Readonly<Record<string, unknown>>;
  /** Pool workers; 0 evaluates inline on this thread. Default and maximum: the available cores. */
  readonly threads?: number | undefined;
  /** A pool's size, which wins over `threads` and is not capped. */
  readonly poolThreads?: number | undefined;
  /** Estimates per pool task (default: about 16 tasks per worker, 256..65536), rounded up to whole points. */
  readonly chunkSize?: number | undefined;
  /** The most estimates (points x GPUs) the grid may hold; default `MAX_GRID_ESTIMATES`. */
  readonly maxEstimates?: number | undefined;
}

/** A sweep ready to run. */
export interface SweepPlan {
  readonly workload: AnyWorkload;
  readonly gpus: readonly GpuSpec[];
  readonly axes: readonly SweepAxis[];
  readonly grid: SweepGrid;
  readonly fixed: Readonly<Record<string, ParamValue>>;
  /** Workers to use; 0 = inline. */
  readonly threads: number;
  /** Estimates per pool task: whole grid points (a multiple of the GPU count). */
  readonly chunk: number;
  readonly total: number;
  /** Things the caller should know that are not errors, e.g. a capped thread count. */
  readonly warnings: readonly string[];
}

function splitParams(
  workload: AnyWorkload,
  params: Readonly<Record<string, unknown>>,
): { axes: SweepAxis[]; fixedRaw: Record<string, unknown> } {
  const axes: SweepAxis[] = [];
  const fixedRaw: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(params)) {
    if (raw === undefined) continue;
    const spec = workload.params.find((p) => p.key === key);
    const sweepable = spec && spec.kind !== 'string' && spec.kind !== 'flag';
    const text = Array.isArray(raw) ? raw.map(String).join(',') : String(raw);
    if (sweepable && (Array.isArray(raw) || (typeof raw === 'string' && isSweepValue(raw)))) {
      axes.push(parseSweepAxis(spec, text));
    } else if (sweepable && typeof raw === 'string') {
      // One value, read with the sweep syntax so context `4k` works beside batch `1..1k`.
      fixedRaw[key] = parseSweepAxis(spec, text).values[0];
    } else fixedRaw[key] = raw;
  }
  return { axes, fixedRaw };
}

/**
 * Workers for a sweep: the requested count, at most the available cores (more only add memory and
 * contention: every worker holds its own model state), with a warning when capped.
 */
export function sweepThreads(requested: number | undefined): { threads: number; warning: string | null } {
  const cores = availableParallelism();
  const threads = requested ?? cores;
  if (!Number.isInteger(threads) || threads < 0) {
    throw new UserError(msg`${param('threads')} must be an integer >= 0 (got ${threads})`, 'usage');
  }
  if (threads <= cores) return { threads, warning: null };
  // A warning is a plain string (it goes into the sweep JSON as is): the words say what it is about.
  return {
    threads: cores,
    warning: `${threads} sweep workers asked for: using ${cores}, the available cores`,
  };
}

/**
 * Estimates per pool task: about 16 tasks per worker, 256..32768 (a chunk's encoded JSON rows stay under
 * about 5 MB), rounded up to whole points.
 */
function chunkSizeFor(total: number, threads: number, gpuCount: number, requested?: number): number {
  const size =
    requested !== undefined
      ? Math.max(1, Math.floor(requested))
      : Math.min(32_768, Math.max(256, Math.ceil(total / (Math.max(1, threads) * 16))));
  return Math.ceil(size / gpuCount) * gpuCount;
}

/** Plan a sweep. Bad parameters, ranges, GPUs and limits are UserErrors naming the parameter. */
export function planSweep(options: SweepPlanOptions): SweepPlan {
  if (options.gpus.length === 0)
    throw new UserError(msg`${param('gpus')}: give at least one GPU id`, 'usage');
  const workload = WORKLOADS.get(options.workload);
  const catalog = loadCatalog(options);
  const gpus = catalog.getEach(options.gpus, 'gpus');
  const { axes, fixedRaw } = splitParams(workload, options.params);
  if (axes.length === 0) {
    const example = workload.params.find((p) => p.kind === 'integer');
    throw new UserError(
      msg`sweep ${workload.kind}: give at least one range or list${example ? msg`, e.g. ${param(example.key)} 1..1024` : ''}`,
      'usage',
    );
  }
  const maxEstimates = options.maxEstimates;
  if (maxEstimates !== undefined && !(Number.isInteger(maxEstimates) && maxEstimates >= 1)) {
    throw new UserError(
      msg`${param('maxEstimates')} must be a positive integer (got ${maxEstimates})`,
      'usage',
    );
  }
  const grid = sweepGrid(axes, gpus.length, maxEstimates);
  // Parse the fixed params with the first axis values, so a missing or bad parameter fails here, named.
  const firstRaw: Record<string, unknown> = { ...fixedRaw };
  for (const a of axes) firstRaw[a.key] = a.values[0];
  const parsed = parseParams(workload.params, firstRaw, workload.kind);
  const fixed: Record<string, ParamValue> = {};
  for (const [k, v] of Object.entries(parsed)) if (!axes.some((a) => a.key === k)) fixed[k] = v;
  for (const gpu of gpus) evaluatePoint(workload, gpu, parsed);
  const warnings: string[] = [];
  let threads: number;
  if (options.poolThreads !== undefined) threads = options.poolThreads;
  else {
    const resolved = sweepThreads(options.threads);
    threads = resolved.threads;
    if (resolved.warning) warnings.push(resolved.warning);
  }
  const total = grid.points * gpus.length;
  const chunk = chunkSizeFor(total, threads, gpus.length, options.chunkSize);
  return { workload, gpus, axes, grid, fixed, threads, chunk, total, warnings };
}
