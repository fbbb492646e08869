/**
 * A collective as a breakdown op on a catalog GPU, for a scenario: the building block composite workloads
 * (tensor/expert parallel LLMs) call.
 * @module
 */
import type { GpuSpec } from '../hardware/types.ts';
import {
  type CollectiveAlgorithm,
  type CollectiveKind,
  type CollectiveTime,
  collectiveTime,
  collectiveTimeRange,
} from './collectives.ts';
import { COLLECTIVE_FIT, FIT_BANDS } from './data/fitted.ts';
import { collectiveLinkFor, type ResolvedLink } from './interconnect.ts';
import { scenarioScale, specValue } from './resources.ts';
import type { OpTime, Scenario } from './types.ts';

/** A collective op's time with the link it used. */
export interface CollectiveOp {
  readonly op: OpTime;
  readonly detail: CollectiveTime;
  readonly link: ResolvedLink;
}

/** Multiplier a scenario applies to the link rate: the unverified-spec spread times the fit band. */
export function linkScale(resolved: ResolvedLink, scenario: Scenario): number {
  const field = resolved.field;
  const bandwidth = specValue(field, scenario) ?? Number.NaN;
  return (bandwidth / (field.value ?? Number.NaN)) * scenarioScale(scenario, FIT_BANDS.collective);
}

const ALGORITHM_SLOTS: Readonly<Record<CollectiveAlgorithm, number>> = {
  ring: 0,
  tree: 1,
  nvls: 2,
  pairwise: 3,
};
/** GPU counts below this have their op names cached. */
const CACHED_GPU_COUNTS = 1 << 16;

const opNames = new Map<string, Map<number, string>>();

/** `all-reduce (nvls, 4 GPUs)`: built once per (kind, algorithm, GPU count); the two labels are literals. */
function opName(kind: CollectiveKind, algorithm: CollectiveAlgorithm, gpuCount: number): string {
  let byKind = opNames.get(kind);
  if (!byKind) {
    byKind = new Map();
    opNames.set(kind, byKind);
  }
  const slot = ALGORITHM_SLOTS[algorithm] * CACHED_GPU_COUNTS + gpuCount;
  let name = gpuCount < CACHED_GPU_COUNTS ? byKind.get(slot) : undefined;
  if (name === undefined) {
    name = `${kind} (${algorithm}, ${gpuCount} GPUs)`;
    if (gpuCount < CACHED_GPU_COUNTS) byKind.set(slot, name);
  }
  return name;
}

/** The breakdown op of a collective timed as `detail` on `link`. */
function opOf(
  kind: CollectiveKind,
  gpuCount: number,
  detail: CollectiveTime,
  link: ResolvedLink,
): CollectiveOp {
  const op: OpTime = {
    op: opName(kind, detail.algorithm, gpuCount),
    flops: 0,
    bytes: detail.busBytes,
    timeSec: detail.timeSec,
    bound: 'interconnect',
  };
  return { op, detail, link };
}

/**
 * Time of a `kind` collective of `messageBytes` (NCCL size) over `gpuCount` GPUs, `gpusPerNode` to a node.
 * Throws a UserError when the group needs a link the catalog lacks.
 */
export function collectiveOp(
  gpu: GpuSpec,
  kind: CollectiveKind,
  messageBytes: number,
  gpuCount: number,
  gpusPerNode: number,
  scenario: Scenario,
  resolved: ResolvedLink = collectiveLinkFor(gpu, gpuCount, gpusPerNode, kind === 'all-reduce'),
): CollectiveOp {
  const scale = linkScale(resolved, scenario);
  return opOf(
    kind,
    gpuCount,
    collectiveTime(kind, messageBytes, gpuCount, resolved.link, COLLECTIVE_FIT, scale),
    resolved,
  );
}

/** A collective op at nominal, with the total time (seconds) at the optimistic and pessimistic ends. */
export interface CollectiveOpRange {
  readonly nominal: CollectiveOp;
  readonly optimisticSec: number;
  readonly pessimisticSec: number;
}

/** {@link collectiveOp} in all three scenarios at once (one link lookup, one ramp). */
export function collectiveOpRange(
  gpu: GpuSpec,
  kind: CollectiveKind,
  messageBytes: number,
  gpuCount: number,
  gpusPerNode: number,
  resolved: ResolvedLink = collectiveLinkFor(gpu, gpuCount, gpusPerNode, kind === 'all-reduce'),
): CollectiveOpRange {
  const low = linkScale(resolved, 'optimistic');
  const high = linkScale(resolved, 'pessimistic');
  const range = collectiveTimeRange(kind, messageBytes, gpuCount, resolved.link, COLLECTIVE_FIT, low, high);
  return {
    nominal: opOf(kind, gpuCount, range.nominal, resolved),
    optimisticSec: range.optimisticSec,
    pessimisticSec: range.pessimisticSec,
  };
}
