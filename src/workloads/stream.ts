/**
 * `stream`: STREAM-style copy or triad over device memory.
 * @module
 */
import type { GpuSpec } from '../hardware/types.ts';
import { capacityCheck } from '../model/capacity.ts';
import { MEMORY_POINTS } from '../model/data/memory-points.ts';
import { assembleEstimate, type Estimate } from '../model/estimate.ts';
import { type StreamKernel, streamCost } from '../model/op-cost.ts';
import { gpuResources } from '../model/resources.ts';
import { opTime } from '../model/roofline.ts';
import type { Scenario } from '../model/types.ts';
import { formatBytes, resourceAssumptions } from './common.ts';
import type { WorkloadDefinition } from './types.ts';

/** Parsed `stream` parameters. */
export interface StreamParams {
  /** Bytes of each array. */
  readonly bytes: number;
  readonly kernel: StreamKernel;
}

/** Estimate a STREAM kernel. */
export function estimateStream(gpu: GpuSpec, params: StreamParams): Estimate {
  const res = gpuResources(gpu, null);
  const cost = streamCost(params.kernel, params.bytes);
  const arrays = params.kernel === 'copy' ? 2 : 3;
  const measured = MEMORY_POINTS.some((p) => p.gpuId === gpu.id);
  return assembleEstimate({
    gpu: gpu.id,
    workload: 'stream',
    params: { bytes: params.bytes, kernel: params.kernel },
    throughputMetric: 'bandwidthGBps',
    capacity: capacityCheck(gpu, cost.bytes),
    confidence: measured ? 'calibrated' : 'borrowed',
    assumptions: [
      ...resourceAssumptions(gpu, res, false),
      ...(measured
        ? []
        : [
            `${gpu.id} has no bandwidth measurements: the memory line fitted on H100/H200/H800 is borrowed (lower confidence)`,
          ]),
      `${params.kernel}: ${arrays} arrays of ${formatBytes(params.bytes)}, read fraction ${cost.readFraction.toFixed(2)}`,
    ],
    evaluate: (scenario: Scenario) => {
      const t = opTime(cost, res.byScenario[scenario]);
      return { ops: [t], metrics: { bandwidthGBps: cost.bytes / t.timeSec / 1e9 } };
    },
  });
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
