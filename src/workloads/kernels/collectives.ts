/**
 * Collective workloads: `allreduce`, `allgather`, `reduce-scatter`, `alltoall`, one NCCL-style call each.
 * `bytes` is the NCCL message size (the full buffer, as nccl-tests reports it).
 * @module
 */
import type { GpuSpec } from '../../hardware/types.ts';
import { capacityCheck } from '../../model/capacity.ts';
import { collectiveOpRange } from '../../model/collective-op.ts';
import type { CollectiveAlgorithm, CollectiveKind } from '../../model/collectives.ts';
import { COLLECTIVE_FIT, FIT_BANDS } from '../../model/data/fitted.ts';
import { addBreakdownRow, assembleFromBreakdown, type Estimate, newBreakdown } from '../../model/estimate.ts';
import { collectiveLinkFor, DEFAULT_GPUS_PER_NODE, type ResolvedLink } from '../../model/interconnect.ts';
import { UNVERIFIED_SPEC_SPREAD } from '../../model/types.ts';
import { memoByObject } from '../../util/memo.ts';
import { formatBytes } from '../common.ts';
import type { ParamSpec, ParamsOf } from '../params.ts';
import type { TypedWorkload } from '../types.ts';

const COLLECTIVE_PARAMS = [
  { key: 'bytes', flag: '--bytes', description: 'NCCL message size (e.g. 1GB, 256MiB)', kind: 'bytes' },
  {
    key: 'gpusCount',
    flag: '--gpus-count',
    aliases: ['--num-gpus'],
    description: 'GPUs in the group (>= 2)',
    kind: 'integer',
    min: 2,
    default: 8,
  },
  {
    key: 'gpusPerNode',
    flag: '--gpus-per-node',
    description: 'GPUs per node; a larger group uses the scale-out NIC',
    kind: 'integer',
    default: DEFAULT_GPUS_PER_NODE,
  },
] as const satisfies readonly ParamSpec[];

/** Parsed collective parameters. */
export type CollectiveParams = ParamsOf<typeof COLLECTIVE_PARAMS>;

/** Memory one GPU holds: all-reduce and all-to-all keep input and output (2S); gather/scatter S + S/n. */
function bufferBytes(kind: CollectiveKind, bytes: number, n: number): number {
  return kind === 'all-reduce' || kind === 'all-to-all' ? 2 * bytes : bytes + bytes / n;
}

type AssumptionsByAlgorithm = Partial<Record<CollectiveAlgorithm, readonly string[]>>;
type AssumptionsByKind = Partial<Record<CollectiveKind, AssumptionsByAlgorithm>>;
/** Assumption lines by link content (sweep workers' cloned links hit too), then kind and algorithm. */
const assumptionCache = memoByObject<AssumptionsByKind>(1024);
const newByKind = (): AssumptionsByKind => ({});

/** The assumption lines of a collective on `resolved`: constant per link, kind and algorithm, so cached. */
function collectiveAssumptions(
  resolved: ResolvedLink,
  kind: CollectiveKind,
  algorithm: CollectiveAlgorithm,
): readonly string[] {
  const byKind = assumptionCache.get(resolved, newByKind);
  const byAlgorithm = byKind[kind] ?? {};
  let lines = byAlgorithm[algorithm];
  if (lines === undefined) {
    lines = assumptionLines(resolved, kind, algorithm);
    byAlgorithm[algorithm] = lines;
    byKind[kind] = byAlgorithm;
  }
  return lines;
}

function assumptionLines(
  resolved: ResolvedLink,
  kind: CollectiveKind,
  algorithm: CollectiveAlgorithm,
): readonly string[] {
  const assumptions = [
    `link: ${resolved.description}`,
    `algorithm: ${algorithm}; alpha ${(resolved.link.hopLatencySec * 1e6).toFixed(2)} us per hop; peak bus efficiency ${COLLECTIVE_FIT.epsilon[resolved.link.linkClass]} (${resolved.link.linkClass}); message-size ramp S^${COLLECTIVE_FIT.rampExponent}/(S^${COLLECTIVE_FIT.rampExponent} + ${formatBytes(COLLECTIVE_FIT.rampHalfBytes)}^${COLLECTIVE_FIT.rampExponent}); band +/-${Math.round(FIT_BANDS.collective * 100)}%`,
    `the message size is NCCL's (the full buffer); busBW = algBW x ${kind === 'all-reduce' ? '2(n-1)/n' : '(n-1)/n'}`,
  ];
  if (!resolved.field.verified) {
    assumptions.push(
      `unverified catalog figure widens the range by +/-${Math.round(UNVERIFIED_SPEC_SPREAD * 100)}%: ${resolved.fieldName} (${resolved.field.source})`,
    );
  }
  return Object.freeze(assumptions);
}

/** Estimate one collective over a group of GPUs of one kind. */
export function estimateCollective(
  gpu: GpuSpec,
  kind: CollectiveKind,
  workload: string,
  params: CollectiveParams,
): Estimate {
  const { bytes, gpusCount, gpusPerNode } = params;
  const resolved = collectiveLinkFor(gpu, gpusCount, gpusPerNode, kind === 'all-reduce');
  const range = collectiveOpRange(gpu, kind, bytes, gpusCount, gpusPerNode, resolved);
  const { op, detail } = range.nominal;
  const rows = newBreakdown();
  addBreakdownRow(rows, op.op, op.flops, op.bytes, op.timeSec, op.bound);
  return assembleFromBreakdown(
    {
      gpu: gpu.id,
      workload,
      params: { bytes, gpusCount, gpusPerNode },
      throughputMetric: 'busBandwidthGBps',
      capacity: capacityCheck(gpu, bufferBytes(kind, bytes, gpusCount)),
      confidence:
        resolved.link.linkClass === 'ring' && resolved.fieldName === 'pcieBandwidthBytesPerSec'
          ? 'borrowed'
          : 'calibrated',
      assumptions: collectiveAssumptions(resolved, kind, detail.algorithm),
    },
    rows,
    {
      busBandwidthGBps: detail.busBandwidthBytesPerSec / 1e9,
      algBandwidthGBps: detail.algBandwidthBytesPerSec / 1e9,
    },
    range.optimisticSec,
    range.pessimisticSec,
  );
}

const define = (
  workload: string,
  kind: CollectiveKind,
  summary: string,
): TypedWorkload<typeof COLLECTIVE_PARAMS> => ({
  kind: workload,
  summary,
  params: COLLECTIVE_PARAMS,
  throughputMetric: 'busBandwidthGBps',
  throughputUnit: 'GB/s busBW',
  example: '--bytes 1GB --gpus-count 8',
  estimate: (gpu, params) => estimateCollective(gpu, kind, workload, params),
});

/** `allreduce`. */
export const ALLREDUCE_WORKLOAD = define('allreduce', 'all-reduce', 'NCCL all-reduce across a GPU group');
/** `allgather`. */
export const ALLGATHER_WORKLOAD = define('allgather', 'all-gather', 'NCCL all-gather across a GPU group');
/** `reduce-scatter`. */
export const REDUCE_SCATTER_WORKLOAD = define(
  'reduce-scatter',
  'reduce-scatter',
  'NCCL reduce-scatter across a GPU group',
);
/** `alltoall`. */
export const ALLTOALL_WORKLOAD = define('alltoall', 'all-to-all', 'all-to-all exchange across a GPU group');
