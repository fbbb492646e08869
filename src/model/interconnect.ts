/**
 * Which link a collective over `gpuCount` GPUs runs on. Scale-up (NVLink) inside a node, scale-out (NIC)
 * as soon as the group spans nodes.
 * @module
 */
import { msg, param, UserError } from '../errors.ts';
import type { GpuSpec, Sourced } from '../hardware/types.ts';
import { memo, objectKey } from '../util/memo.ts';
import type { CollectiveLink } from './collectives.ts';
import { HOP_LATENCY_SEC } from './data/collective-points.ts';
import { scaleUpFabricOf } from './gpu-class.ts';

/** GPUs per node when the user does not say (HGX/DGX boards). */
export const DEFAULT_GPUS_PER_NODE = 8;

/** The resolved link with the catalog field it came from. */
export interface ResolvedLink {
  readonly link: CollectiveLink;
  readonly field: Sourced<number>;
  readonly fieldName: string;
  readonly description: string;
}

/**
 * Resolved links per GPU (by {@link objectKey}, so a sweep worker's structured clones of one GPU share
 * them), then per (count, per node, all-reduce) packed into one number.
 */
const linkCache = memo<Map<number, ResolvedLink>>(256);
/** Group sizes up to this are cached (the cache key packs both counts into one number). */
const CACHED_COUNT_LIMIT = 1 << 20;
/** Shapes cached per GPU; past this a GPU's map starts over. */
const SHAPES_PER_GPU = 4096;
const newShapeMap = () => new Map<number, ResolvedLink>();
/** The GPU of the last {@link collectiveLinkFor} call and its shape map. */
let lastGpu: GpuSpec | null = null;
let lastPerGpu: Map<number, ResolvedLink> | null = null;

/**
 * The link for a collective of `gpuCount` GPUs, `gpusPerNode` to a node. Cached per GPU content and
 * (count, per node, all-reduce): the result, its description included, is the same object on every call.
 */
export function collectiveLinkFor(
  gpu: GpuSpec,
  gpuCount: number,
  gpusPerNode: number,
  allReduce: boolean,
): ResolvedLink {
  if (
    !Number.isInteger(gpuCount) ||
    !Number.isInteger(gpusPerNode) ||
    gpuCount < 0 ||
    gpusPerNode < 0 ||
    gpuCount >= CACHED_COUNT_LIMIT ||
    gpusPerNode >= CACHED_COUNT_LIMIT
  ) {
    return resolveLink(gpu, gpuCount, gpusPerNode, allReduce);
  }
  const key = (gpuCount * CACHED_COUNT_LIMIT + gpusPerNode) * 2 + (allReduce ? 1 : 0);
  // The same GPU asks again and again (an estimate's collectives, a sweep's points): one identity check.
  let perGpu = lastPerGpu;
  if (lastGpu !== gpu || perGpu === null) {
    perGpu = linkCache.get(objectKey(gpu), newShapeMap);
    lastGpu = gpu;
    lastPerGpu = perGpu;
  }
  let hit = perGpu.get(key);
  if (!hit) {
    hit = resolveLink(gpu, gpuCount, gpusPerNode, allReduce);
    if (perGpu.size >= SHAPES_PER_GPU) perGpu.clear();
    perGpu.set(key, hit);
  }
  return hit;
}

function resolveLink(gpu: GpuSpec, gpuCount: number, gpusPerNode: number, allReduce: boolean): ResolvedLink {
  const fabric = scaleUpFabricOf(gpu);
  if (gpuCount > gpusPerNode) {
    const field = gpu.scaleOutBandwidthBytesPerSec;
    if (field.value === null || field.value <= 0) {
      throw new UserError(
        msg`${param('gpusCount')} ${gpuCount} spans nodes of ${param('gpusPerNode')} ${gpusPerNode}, but ${gpu.id} has no scale-out (NIC) bandwidth in the catalog (${field.source})`,
      );
    }
    return {
      link: {
        linkClass: 'nic',
        bandwidthBytesPerSec: field.value,
        hopLatencySec: HOP_LATENCY_SEC.nic,
        inSwitchReduction: false,
      },
      field,
      fieldName: 'scaleOutBandwidthBytesPerSec',
      description: `scale-out NIC, ${fmtGBps(field.value)} per GPU one way (group spans ${Math.ceil(gpuCount / gpusPerNode)} nodes)`,
    };
  }
  const scaleUp = gpu.scaleUpBandwidthBytesPerSec;
  const hasNvlink = scaleUp.value !== null && scaleUp.value > 0;
  if (hasNvlink && (fabric === 'nvswitch' || (fabric === 'bridge' && gpuCount === 2))) {
    const oneWay = (scaleUp.value as number) / 2;
    const nvswitch = fabric === 'nvswitch';
    return {
      link: {
        linkClass: nvswitch ? (allReduce ? 'nvls' : 'ring') : 'bridge',
        bandwidthBytesPerSec: oneWay,
        hopLatencySec: HOP_LATENCY_SEC.nvlink,
        inSwitchReduction: nvswitch && allReduce,
      },
      field: scaleUp,
      fieldName: 'scaleUpBandwidthBytesPerSec',
      description: `${nvswitch ? 'NVLink via NVSwitch' : 'NVLink bridge'}, ${fmtGBps(oneWay)} per GPU one way (half of ${fmtGBps(scaleUp.value as number)} bidirectional)`,
    };
  }
  const pcie = gpu.pcieBandwidthBytesPerSec;
  if (pcie.value === null || pcie.value <= 0) {
    throw new UserError(
      msg`${param('gpu')} ${gpu.id}: no NVLink and no PCIe bandwidth in the catalog for a collective`,
    );
  }
  return {
    link: {
      linkClass: 'ring',
      bandwidthBytesPerSec: pcie.value / 2,
      hopLatencySec: HOP_LATENCY_SEC.nvlink,
      inSwitchReduction: false,
    },
    field: pcie,
    fieldName: 'pcieBandwidthBytesPerSec',
    description: `PCIe peer-to-peer, ${fmtGBps(pcie.value / 2)} per GPU one way (no usable NVLink for ${gpuCount} GPUs; ring efficiency borrowed from NVSwitch, lower confidence)`,
  };
}

function fmtGBps(bytesPerSec: number): string {
  return `${Math.round(bytesPerSec / 1e9)} GB/s`;
}
