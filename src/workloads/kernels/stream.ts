/**
 * `stream`: STREAM-style copy or triad over device memory.
 * @module
 */
import type { GpuSpec } from '../../hardware/types.ts';
import { capacityCheck } from '../../model/capacity.ts';
import { MEMORY_POINTS } from '../../model/data/memory-points.ts';
import { assembleFromTimes, type Estimate } from '../../model/estimate.ts';
import { type StreamKernel, streamCost } from '../../model/op-cost.ts';
import { gpuResources } from '../../model/resources.ts';
import { opTimeRange } from '../../model/roofline.ts';
import { formatBytes, resourceAssumptions, withAssumption } from '../common.ts';
import type { WorkloadDefinition } from '../types.ts';

/** Parsed `stream` parameters. */
export interface StreamParams {
  /** Bytes of each array. */
  readonly bytes: number;
  readonly kernel: StreamKernel;
}

const MEASURED_GPUS: ReadonlySet<string> = new Set(MEMORY_POINTS.map((p) => p.gpuId));

function borrowedLine(gpuId: string): string {
  return `${gpuId} has no bandwidth measurements: the memory line fitted on H100/H200/H800 is borrowed (lower confidence)`;
}

/** Estimate a STREAM kernel. */
export function estimateStream(gpu: GpuSpec, params: StreamParams): Estimate {
  const res = gpuResources(gpu, null);
  const cost = streamCost(params.kernel, params.bytes);
  const arrays = params.kernel === 'copy' ? 2 : 3;
  const measured = MEASURED_GPUS.has(gpu.id);
  const kernelLine = `${params.kernel}: ${arrays} arrays of ${formatBytes(params.bytes)}, read fraction ${cost.readFraction.toFixed(2)}`;
  const assumptions = withAssumption(
    resourceAssumptions(gpu, res, false),
    measured ? kernelLine : borrowedLine(gpu.id),
  );
  if (!measured) assumptions.push(kernelLine);
  const times = opTimeRange(cost, res.byScenario);
  return assembleFromTimes(
    {
      gpu: gpu.id,
      workload: 'stream',
      params: { bytes: params.bytes, kernel: params.kernel },
      throughputMetric: 'bandwidthGBps',
      capacity: capacityCheck(gpu, cost.bytes),
      confidence: measured ? 'calibrated' : 'borrowed',
      assumptions,
    },
    {
      nominal: {
        ops: [times.nominal],
        metrics: { bandwidthGBps: cost.bytes / times.nominal.timeSec / 1e9 },
      },
      optimisticSec: times.optimisticSec,
      pessimisticSec: times.pessimisticSec,
    },
  );
}

/** The `stream` workload. */
export const STREAM_WORKLOAD: WorkloadDefinition<StreamParams> = {
  kind: 'stream',
  summary: 'STREAM copy or triad over device memory',
  params: [
    { key: 'bytes', flag: '--bytes', description: 'size of each array (e.g. 1GB)', kind: 'bytes' },
    {
      key: 'kernel',
      flag: '--kernel',
      description: 'copy (c = a) or triad (a = b + s*c)',
      kind: 'choice',
      choices: ['copy', 'triad'],
      default: 'triad',
    },
  ],
  throughputMetric: 'bandwidthGBps',
  throughputUnit: 'GB/s',
  example: '--bytes 1GB --kernel triad',
  estimate: estimateStream,
};
