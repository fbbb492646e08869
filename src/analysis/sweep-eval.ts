/**
 * Evaluate a range of sweep estimates on this thread: the work a sweep worker does, and what the inline
 * mode and crossover bisection call. Pure apart from the model's own caches.
 * @module
 */
import type { GpuSpec } from '../hardware/types.ts';
import { WORKLOADS } from '../workloads/index.ts';
import type { ParamValue } from '../workloads/params.ts';
import type { AnyWorkload } from '../workloads/types.ts';
import { encodeSweepRows } from './sweep-encode.ts';
import { assignPoint, type SweepGrid } from './sweep-grid.ts';
import {
  BOUND_CODES,
  type PointValue,
  type SweepChunkOutput,
  type SweepChunkRequest,
  type SweepFormat,
} from './sweep-protocol.ts';

const BOUND_INDEX = new Map(BOUND_CODES.map((b, i) => [b, i]));

/** Evaluate `workload` on `gpu` with fully parsed params. */
export function evaluatePoint(
  workload: AnyWorkload,
  gpu: GpuSpec,
  params: Readonly<Record<string, ParamValue>>,
): PointValue {
  const e = workload.estimate(gpu, params);
  const t = e.metrics[workload.throughputMetric];
  const ms = e.metrics.timeMs;
  return {
    throughput: e.fits && typeof t === 'number' ? t : Number.NaN,
    timeMs: e.fits && typeof ms === 'number' ? ms : Number.NaN,
    bound: e.bound,
  };
}

/**
 * Evaluate estimates `[start, end)` of a chunk request, and encode its rows in the requested formats.
 * Throws what the workload throws (UserError).
 */
export function evaluateChunk(request: SweepChunkRequest): SweepChunkOutput {
  const workload = WORKLOADS.get(request.workload);
  const grid: SweepGrid = { axes: request.axes, points: 0 };
  const gpuCount = request.gpus.length;
  const n = request.end - request.start;
  const throughput = new Float64Array(n);
  const timeMs = new Float64Array(n);
  const bound = new Uint8Array(n);
  // One params object for the whole chunk, its axis values overwritten per point: the estimate that may
  // hold it is dropped at once (evaluatePoint keeps numbers only) and no cache is keyed on params objects.
  // A fresh object per point cost ~40% of a sweep in dictionary-mode stores, plus GC that kept two workers
  // from scaling.
  const params: Record<string, ParamValue> = { ...request.fixed };
  let lastPoint = -1;
  for (let i = 0; i < n; i++) {
    const global = request.start + i;
    const point = Math.floor(global / gpuCount);
    if (point !== lastPoint) {
      assignPoint(grid, point, params);
      lastPoint = point;
    }
    const v = evaluatePoint(workload, request.gpus[global % gpuCount]!, params);
    throughput[i] = v.throughput;
    timeMs[i] = v.timeMs;
    bound[i] = BOUND_INDEX.get(v.bound) ?? 0;
  }
  if (!request.formats?.length) return { throughput, timeMs, bound };
  const data = { throughput, timeMs, bound };
  const layout = { grid, gpuIds: request.gpus.map((g) => g.id) };
  const encoded: { [F in SweepFormat]?: Uint8Array } = {};
  for (const format of request.formats)
    encoded[format] = encodeSweepRows(format, layout, request.start, data);
  return { ...data, encoded };
}
