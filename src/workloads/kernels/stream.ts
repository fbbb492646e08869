/**
 * `stream`: STREAM-style copy or triad over device memory.
 * @module
 */
import type { GpuSpec } from '../../hardware/types.ts';
import { capacityCheck } from '../../model/capacity.ts';
import { MEMORY_POINTS } from '../../model/data/memory-points.ts';
import { assembleOneOp, type Estimate } from '../../model/estimate.ts';
import { streamCost } from '../../model/op-cost.ts';
import { gpuResources } from '../../model/resources.ts';
import type { OpCost } from '../../model/types.ts';
import { formatBytes, resourceAssumptions, withAssumption } from '../common.ts';
import type { ParamSpec, ParamsOf } from '../params.ts';
import type { TypedWorkload } from '../types.ts';

const STREAM_PARAMS = [
  { key: 'bytes', flag: '--bytes', description: 'size of each array (e.g. 1GB)', kind: 'bytes' },
  {
    key: 'kernel',
    flag: '--kernel',
    description: 'copy (c = a) or triad (a = b + s*c)',
    kind: 'choice',
    choices: ['copy', 'triad'],
    default: 'triad',
  },
] as const satisfies readonly ParamSpec[];

/** Parsed `stream` parameters: `bytes` of each array and the kernel. */
export type StreamParams = ParamsOf<typeof STREAM_PARAMS>;

const MEASURED_GPUS: ReadonlySet<string> = new Set(MEMORY_POINTS.map((p) => p.gpuId));

function borrowedLine(gpuId: string): string {
  return `${gpuId} has no bandwidth measurements: the memory line fitted on H100/H200/H800 is borrowed (lower confidence)`;
}

const streamMetrics = (sec: number, cost: OpCost) => ({ bandwidthGBps: cost.bytes / sec / 1e9 });

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
  return assembleOneOp(
    {
      gpu: gpu.id,
      workload: 'stream',
      params: { bytes: params.bytes, kernel: params.kernel },
      throughputMetric: 'bandwidthGBps',
      capacity: capacityCheck(gpu, cost.bytes),
      confidence: measured ? 'calibrated' : 'borrowed',
      assumptions,
    },
    cost,
    res.byScenario,
    streamMetrics,
  );
}

/** The `stream` workload. */
export const STREAM_WORKLOAD: TypedWorkload<typeof STREAM_PARAMS> = {
  kind: 'stream',
  summary: 'STREAM copy or triad over device memory',
  params: STREAM_PARAMS,
  throughputMetric: 'bandwidthGBps',
  throughputUnit: 'GB/s',
  example: '--bytes 1GB --kernel triad',
  estimate: estimateStream,
};
