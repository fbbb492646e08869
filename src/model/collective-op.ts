/**
 * A collective as a breakdown op on a catalog GPU, for a scenario: the building block composite workloads
 * (tensor/expert parallel LLMs) call.
 * @module
 */
import type { GpuSpec } from '../hardware/types.ts';
import {
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
function linkScale(resolved: ResolvedLink, scenario: Scenario): number {
  const field = resolved.field;
  const bandwidth = specValue(field, scenario) ?? Number.NaN;
  return (bandwidth / (field.value ?? Number.NaN)) * scenarioScale(scenario, FIT_BANDS.collective);
}

function opOf(kind: CollectiveKind, gpuCount: number, detail: CollectiveTime): OpTime {
  return {
    op: `${kind} (${detail.algorithm}, ${gpuCount} GPUs)`,
    flops: 0,
    bytes: detail.busBytes,
    timeSec: detail.timeSec,
    bound: 'interconnect',
  };
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
  const detail = collectiveTime(
    kind,
    messageBytes,
    gpuCount,
    resolved.link,
    COLLECTIVE_FIT,
    linkScale(resolved, scenario),
  );
  return { op: opOf(kind, gpuCount, detail), detail, link: resolved };
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
  const range = collectiveTimeRange(
    kind,
    messageBytes,
    gpuCount,
    resolved.link,
    COLLECTIVE_FIT,
    linkScale(resolved, 'optimistic'),
    linkScale(resolved, 'pessimistic'),
  );
  return {
    nominal: { op: opOf(kind, gpuCount, range.nominal), detail: range.nominal, link: resolved },
    optimisticSec: range.optimisticSec,
    pessimisticSec: range.pessimisticSec,
  };
}
