/**
 * A collective as a breakdown op on a catalog GPU, for a scenario: the building block composite workloads
 * (tensor/expert parallel LLMs) call.
 * @module
 */
import type { GpuSpec } from '../hardware/types.ts';
import { type CollectiveKind, type CollectiveTime, collectiveTime } from './collectives.ts';
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
  const bandwidth = specValue(resolved.field, scenario) ?? Number.NaN;
  const scaleBandwidth = bandwidth / (resolved.field.value ?? Number.NaN);
  const link = {
    ...resolved.link,
    bandwidthBytesPerSec: resolved.link.bandwidthBytesPerSec * scaleBandwidth,
  };
  const detail = collectiveTime(
    kind,
    messageBytes,
    gpuCount,
    link,
    COLLECTIVE_FIT,
    scenarioScale(scenario, FIT_BANDS.collective),
  );
  return {
    op: {
      op: `${kind} (${detail.algorithm}, ${gpuCount} GPUs)`,
      flops: 0,
      bytes: detail.busBytes,
      timeSec: detail.timeSec,
      bound: 'interconnect',
    },
    detail,
    link: resolved,
  };
}
